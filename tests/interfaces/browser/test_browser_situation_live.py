"""Two browsers open on the situation board; one records an event on an incident's page; the
other shows it without reload, announced politely, and marked as changed since the reader's
last visit. Screenshots in artifacts/screenshots/situation-live-*.png."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from account_support import add_user, sign_in_page
from cdtoolbox.model.access import Role
from cdtoolbox.toolbox import Toolbox
from web_support import show_at_each_width

INCIDENT = "albania-2022"
TITLE_PART = "Albania"
DELIVERY_MS = 2000


@pytest.fixture
def watcher_page(browser: Any, served: tuple[str, Toolbox]) -> Iterator[Any]:
    """A second browser (its own cookies), signed in as a viewer who has seen the board."""
    base_url, toolbox = served
    add_user(toolbox, "board-watcher", Role.VIEWER)
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    sign_in_page(tab, "board-watcher")
    yield tab
    context.close()
    assert not errors, f"errors in the watching page: {errors}"


def test_an_event_recorded_in_one_browser_shows_on_the_others_board_without_reload(
    page: Any, watcher_page: Any, screenshot: Any
) -> None:
    watcher_page.goto("/situation")  # an earlier visit: what "changed since" counts from
    watcher_page.goto("/situation")
    assert watcher_page.locator("#situation-board").get_attribute("data-stream")
    board = watcher_page.locator("#situation-board")
    assert TITLE_PART not in board.inner_text()
    # The page the watcher keeps open: a navigation would fail the test below.
    watcher_page.evaluate("window.__sameDocument = true")
    # Its stream is open before the other browser writes.
    watcher_page.wait_for_timeout(1000)

    sign_in_page(page, "browser-analyst")
    page.goto(f"/incidents/{INCIDENT}")
    section = page.locator("#situation")
    if section.get_attribute("open") is None:
        section.locator("summary").click()
    section.get_by_label("Summary", exact=True).fill("National CSIRT notified the Commission")
    section.get_by_role("button", name="Record event").click()
    page.wait_for_url(re.compile(rf"/incidents/{INCIDENT}#situation$"))

    row = watcher_page.locator("table.situation-board tbody tr", has_text=TITLE_PART)
    row.wait_for(timeout=DELIVERY_MS)
    assert watcher_page.evaluate("window.__sameDocument") is True, "the board was reloaded"
    assert "Changed since your last visit" in row.inner_text()
    live = watcher_page.locator("#situation-live")
    assert live.get_attribute("aria-live") == "polite"
    assert re.match(r"Board updated: \d+ incidents?", live.inner_text())
    show_at_each_width(watcher_page, screenshot, "situation-live", focus=row.locator("th"))
