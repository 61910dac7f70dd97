"""A Member State's delegate records a position in Chromium. Screenshot in
artifacts/screenshots/case-positions.png."""

from __future__ import annotations

import re
from typing import Any

from account_support import sign_in_page
from cdtoolbox.model.access import SYSTEM_USER
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
