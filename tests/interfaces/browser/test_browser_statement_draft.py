"""In Chromium, at each page width: a Member State's attribution statement (the Dutch MIVD and
AIVD on the intrusion at the Ministry of Defence, 2024) added through the library, its draft
response and the draft incident it describes reviewed on /statements/{id}/draft, the incident's
title and types filled in and the draft confirmed; the new incident's page then shows the
confirmed response. Screenshots in artifacts/screenshots/statement-draft-*.png and
incident-responses-*.png."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from account_support import sign_in_page
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from web_support import at_each_width

COATHANGER = (
    Path(__file__).resolve().parents[2]
    / "data"
    / "statements"
    / "train"
    / "nl-coathanger-2024-en.txt"
)
TITLE = "Intrusion at the Dutch Ministry of Defence (Coathanger)"


def test_an_analyst_completes_and_confirms_a_draft_with_its_incident(
    page: Any, served: tuple[str, Toolbox], screenshot: Any
) -> None:
    _, toolbox = served
    (added,) = toolbox.statements.add([COATHANGER], by=SYSTEM_USER)
    sign_in_page(page, "browser-analyst")
    page.goto(f"/statements/{added.statement.id}/draft")
    form = page.locator("form.draft-review")
    for _ in at_each_width(page, screenshot, "statement-draft", focus=form):
        assert form.get_by_label("Wording").is_visible()
    assert form.get_by_label("State held responsible").input_value() == "CN"
    assert "was conducted by a state-sponsored actor" in form.get_by_label("Wording").input_value()
    assert form.get_by_label("Incidents concerned (slugs)").input_value() == ""
    # The store holds no incident it names: the draft incident needs what the activity did.
    form.get_by_role("button", name="Confirm the response").click()
    page.locator("#incident_types-error").wait_for()
    assert "required" in page.locator("#incident_types-error").inner_text()
    assert toolbox.responses.list(statement=added.statement.id, by=SYSTEM_USER) == ()

    form = page.locator("form.draft-review")
    form.get_by_label("Title").fill(TITLE)
    form.get_by_label("Espionage").check()
    form.get_by_role("button", name="Confirm the response").click()
    page.wait_for_url(re.compile(r"/incidents/[a-z0-9-]+#responses$"))
    assert page.locator("h1").inner_text() == TITLE
    assert "Response confirmed" in page.locator(".notice").inner_text()
    responses = page.locator("#responses")
    if responses.get_attribute("open") is None:
        responses.locator("summary").click()
    confirmed = responses.locator("li", has_text="state-sponsored actor")
    for _ in at_each_width(page, screenshot, "incident-responses", focus=confirmed):
        assert confirmed.is_visible()
