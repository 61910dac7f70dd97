"""The requests board in Chromium at each page width: an overdue 13(h) request first, flagged
in words and style, the overdue filter, and the request's page. Screenshots in
artifacts/screenshots/requests-*.png."""

from __future__ import annotations

import re
from typing import Any

from account_support import sign_in_page
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from web_support import at_each_width


def test_the_requests_board_flags_the_overdue_request_first_at_each_width(
    page: Any, served: tuple[str, Toolbox], screenshot: Any
) -> None:
    _, toolbox = served
    late = toolbox.assistance.request(
        by=SYSTEM_USER,
        requester="EE",
        channel="norm-13h",
        addressee="DE",
        asked="Mitigate the command servers hosted in your territory (browser).",
        sent_at="2026-01-05T10:00",
        deadline="2026-01-06T10:00",
        tlp="clear",
    )
    on_time = toolbox.assistance.request(
        by=SYSTEM_USER,
        requester="LT",
        channel="eu-cybersecurity-reserve",
        asked="Forensic support for the grid operator (browser).",
        tlp="clear",
    )
    sign_in_page(page, "browser-analyst")
    page.goto("/requests")
    rows = page.locator("table.requests-board tbody tr")
    first = rows.filter(has_text="(browser)").first
    assert "Mitigate the command servers" in first.inner_text()
    assert "Overdue" in first.locator("td").first.inner_text()
    assert "overdue-row" in (first.get_attribute("class") or "")
    colour = first.locator(".overdue").evaluate("e => getComputedStyle(e).color")
    body = page.locator("body").evaluate("e => getComputedStyle(e).color")
    assert colour != body  # flagged by style as well as in words
    for _ in at_each_width(page, screenshot, "requests-board", focus=first):
        assert first.is_visible()

    page.get_by_label("Only overdue").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"/requests\?.*overdue=1"))
    listed = page.locator("table.requests-board tbody").inner_text()
    assert "Mitigate the command servers" in listed and "Forensic support" not in listed

    page.get_by_role("link", name=re.compile("Mitigate the command servers")).click()
    page.wait_for_url(re.compile(rf"/requests/{late.id}$"))
    assert "Open, past its deadline" in page.locator("dl.facts").inner_text()
    for _ in at_each_width(page, screenshot, "requests-request"):
        pass
    assert toolbox.assistance.get(on_time.id, by=SYSTEM_USER).deadline is None
