"""In Chromium, at each page width: the Viasat declaration added through the library, its
draft response reviewed on /statements/{id}/draft, a field corrected and the draft confirmed;
the incident's page then shows the confirmed response. Screenshots in
artifacts/screenshots/statement-draft-*.png and incident-responses-*.png."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from account_support import sign_in_page
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from web_support import at_each_width

VIASAT = (
    Path(__file__).resolve().parents[2] / "data" / "statements" / "train" / "viasat-2022-en.txt"
)
CORRECTED = "The malicious cyber activity was conducted by the Russian Federation (reviewed)."


def test_an_analyst_corrects_and_confirms_the_viasat_draft(
    page: Any, served: tuple[str, Toolbox], screenshot: Any
) -> None:
    _, toolbox = served
    (added,) = toolbox.statements.add(
        [VIASAT], url="https://www.consilium.europa.eu/en/press/", by=SYSTEM_USER
    )
    sign_in_page(page, "browser-analyst")
    page.goto(f"/statements/{added.statement.id}/draft")
    form = page.locator("form.draft-review")
    for _ in at_each_width(page, screenshot, "statement-draft", focus=form):
        assert form.get_by_label("Wording").is_visible()
    assert form.get_by_label("Incidents concerned (slugs)").input_value() == "viasat-ka-sat-2022"
    assert form.get_by_label("Instrument").input_value() == "stability.hr_declaration"
    form.get_by_label("Wording").fill(CORRECTED)
    form.get_by_role("button", name="Confirm the response").click()
    page.wait_for_url(re.compile(r"/incidents/viasat-ka-sat-2022#responses$"))
    assert "Response confirmed" in page.locator(".notice").inner_text()
    responses = page.locator("#responses")
    if responses.get_attribute("open") is None:
        responses.locator("summary").click()
    confirmed = responses.locator("li", has_text=CORRECTED)
    for _ in at_each_width(page, screenshot, "incident-responses", focus=confirmed):
        assert confirmed.is_visible()
