"""An analyst escalates an incident on its page in Chromium and finds it on the situation
board, at each page width. Screenshots in artifacts/screenshots/situation-*.png."""

from __future__ import annotations

import re
from typing import Any

from account_support import sign_in_page
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.model.situation import CrisisLevel
from cdtoolbox.toolbox import Toolbox
from web_support import at_each_width

INCIDENT = "viasat-ka-sat-2022"


def test_an_analyst_escalates_on_the_incident_page_and_sees_it_on_the_board(
    page: Any, served: tuple[str, Toolbox], screenshot: Any
) -> None:
    _, toolbox = served
    sign_in_page(page, "browser-analyst")
    page.goto(f"/incidents/{INCIDENT}")
    section = page.locator("#situation")
    if section.get_attribute("open") is None:
        section.locator("summary").click()
    assert "not recorded" in section.locator(".situation-status").inner_text()
    section.get_by_label("Level", exact=True).select_option("operational")
    section.get_by_label("Reason", exact=True).fill(
        "Satellite broadband cut in several Member States"
    )
    section.get_by_role("button", name="Change level").click()

    page.wait_for_url(re.compile(rf"/incidents/{INCIDENT}#situation$"))
    assert page.locator(".notice").inner_text() == "Escalation to operational."
    level = page.locator("#situation .situation-level").inner_text()
    assert "Operational" in level and "EU-CyCLONe" in level
    assert "Satellite broadband cut" in page.locator("#situation ol.timeline").inner_text()
    for _ in at_each_width(
        page, screenshot, "situation-incident", focus=page.locator("#situation")
    ):
        pass
    standing = toolbox.situation.standing(INCIDENT, by=SYSTEM_USER)
    assert standing is not None and standing.level is CrisisLevel.OPERATIONAL

    page.get_by_role("link", name="Situation", exact=True).first.click()
    page.wait_for_url(re.compile(r"/situation$"))
    row = page.locator("table.situation-board tbody tr", has_text="Viasat")
    assert row.locator(".board-level").inner_text() == "Operational"
    for _ in at_each_width(page, screenshot, "situation-board", focus=row):
        assert row.is_visible()
    page.get_by_label("Crisis level").select_option("technical")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"/situation\?.*level=technical"))
    assert page.locator("table.situation-board").count() == 0
