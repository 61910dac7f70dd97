"""A Member State's delegate records a position in Chromium. Screenshot in
artifacts/screenshots/case-positions.png."""

from __future__ import annotations

import re
from typing import Any

from account_support import add_user, sign_in_page
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.model.case import CaseState, PositionKind
from cdtoolbox.toolbox import Toolbox


def test_a_delegate_records_germanys_position(
    page: Any, served: tuple[str, Toolbox], screenshot: Any
) -> None:
    _, toolbox = served
    analyst = toolbox.users.get("browser-analyst")
    case = toolbox.cases.open(["notpetya-2017"], by=analyst)
    case = toolbox.cases.move(case.id, CaseState.CONSULTATION, by=analyst)
    measure = case.active_measures[0]

    sign_in_page(page, "delegate-de")
    menu = page.locator(".user-menu").inner_text()
    assert "Delegate De" in menu and "Germany" in menu
    page.get_by_role("link", name="Cases", exact=True).click()
    page.get_by_role("link", name=case.title).click()
    page.wait_for_url(re.compile(rf"/cases/{case.id}$"))

    own_row = page.locator("tr.matrix__own")
    assert own_row.count() == 1 and "Germany" in own_row.locator("th").inner_text()
    assert page.locator("form.position-form").count() == len(case.active_measures)
    page.get_by_label(f"Position of Germany on {measure.id}").select_option("oppose")
    page.get_by_label("Comment").first.fill("Pending the legal service's opinion")
    own_row.get_by_role("button", name="Record").first.click()

    page.wait_for_url(re.compile(rf"/cases/{case.id}#positions$"))
    assert "Position of DE on" in page.locator(".notice").inner_text()
    cell = page.locator("tr.matrix__own td").first
    assert cell.locator(".position--oppose").inner_text() == "Oppose"
    assert "legal service" in cell.inner_text()
    stored = toolbox.cases.get(case.id, by=SYSTEM_USER).position(measure.id, "DE")
    assert stored is not None and stored.position is PositionKind.OPPOSE
    page.locator("#positions").scroll_into_view_if_needed()
    screenshot(page, "case-positions")


def test_an_approver_sees_the_outcome_and_confirms_the_decision(
    page: Any, served: tuple[str, Toolbox], screenshot: Any
) -> None:
    _, toolbox = served
    add_user(toolbox, "browser-approver", Role.APPROVER)
    analyst = toolbox.users.get("browser-analyst")
    case = toolbox.cases.open(["wannacry-2017"], by=analyst)
    case = toolbox.cases.move(case.id, CaseState.CONSULTATION, by=analyst)
    preview = toolbox.cases.preview_decision(case.id, by=toolbox.users.get("browser-approver"))
    adoptable = sum(1 for adoption in preview.adoption if adoption.adoptable)

    sign_in_page(page, "browser-approver")
    page.goto(f"/cases/{case.id}")
    outcome = page.locator("#decide-outcome").inner_text()
    assert outcome.startswith(f"{adoptable} of {len(case.active_measures)} measures")
    assert "a Member State that has recorded no position blocks adoption" in outcome
    for width, name in ((1440, "case-decision-1440"), (390, "case-decision-390")):
        page.set_viewport_size({"width": width, "height": 900})
        page.locator("#workflow").scroll_into_view_if_needed()
        screenshot(page, name)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.get_by_role("button", name="Record the decision").click()
    # The browser holds the form until the outcome is confirmed.
    assert page.url.endswith(f"/cases/{case.id}")
    page.get_by_label("I confirm this outcome").check()
    page.get_by_role("button", name="Record the decision").click()
    page.locator(".notice").wait_for()
    notice = page.locator(".notice").inner_text()
    assert f"({adoptable} of {len(case.active_measures)} adopted)" in notice
    history = page.locator("ol.timeline").inner_text()
    assert "browser-analyst moved the case from Drafting to Consultation of Member States." in (
        history
    )
    assert "browser-approver recorded the decision (Decided: measures adopted)" in history
    screenshot(page, "case-decided")
