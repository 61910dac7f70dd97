"""In Chromium, at each page width: the board's "Alerts" section, where an analyst
acknowledges an alert, and a sitrep's page opened from its incident. Screenshots in
artifacts/screenshots/sitrep-*.png and board-alerts-*.png."""

from __future__ import annotations

import re
from typing import Any

from account_support import sign_in_page
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from cdtoolbox.toolbox.sitreps import SitrepText
from web_support import at_each_width, show_at_each_width

INCIDENT = "notpetya-2017"


def test_an_analyst_acknowledges_an_alert_and_reads_a_sitrep(
    page: Any, served: tuple[str, Toolbox], screenshot: Any
) -> None:
    _, toolbox = served
    sitrep = toolbox.sitreps.draft(
        INCIDENT,
        SitrepText(
            "Destructive malware spread from a Ukrainian tax software update.",
            "Attributed by several States; effects across Member States.",
            "Indicators shared in the CSIRTs Network.",
            "Prepare options for a coordinated response.",
        ),
        by=SYSTEM_USER,
    )
    (first, *_) = toolbox.alerts.list(by=SYSTEM_USER)
    sign_in_page(page, "browser-analyst")
    page.goto("/situation")
    section = page.locator("section.board-alerts")
    # By its whole summary: an incident may be the subject of alerts of several rules.
    item = section.locator("li", has_text=first.summary)
    for _ in at_each_width(page, screenshot, "board-alerts", focus=section):
        assert item.is_visible()
    item.get_by_role("button", name="Acknowledge").click()
    page.wait_for_url(re.compile(r"/situation#alerts-title$"))
    assert "Alert acknowledged" in page.locator(".notice").inner_text()
    assert section.locator("li", has_text=first.summary).count() == 0

    page.goto(f"/incidents/{INCIDENT}")
    sitreps = page.locator("#sitreps")
    if sitreps.get_attribute("open") is None:
        sitreps.locator("summary").click()
    sitreps.get_by_role("link", name="Version 1").click()
    page.wait_for_url(re.compile(rf"/sitreps/{sitrep.id}$"))
    assert "Prepare options" in page.locator("main").inner_text()
    show_at_each_width(page, screenshot, "sitrep", focus=page.locator("h1"))
