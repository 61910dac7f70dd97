"""The dashboard, its map and the incident list share one period: chosen on either page, kept
by every link between them, and readable at 1440 and 390 px. Screenshots go to
artifacts/screenshots/ (dashboard-*, map-*, incident-list-period-*)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from web_support import assert_no_sideways_scroll

WIDTHS = (1440, 390)


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_period_travels_from_the_dashboard_to_the_map_and_the_list(
    page: Any, screenshot: Any, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/")
    page.get_by_label("Active since").fill("2017")
    page.get_by_label("Active until").fill("2018")
    page.get_by_role("button", name="Show this period").click()
    page.wait_for_url(re.compile(r"/\?since=2017&until=2018$"))
    # The form shows the period it was given, and the figures are the period's.
    assert page.get_by_label("Active since").input_value() == "2017"
    assert "from 2017 until 2018" in page.locator(".period-line").inner_text()
    total = int(page.locator(".totals dd a").first.inner_text().replace(",", ""))

    europe = page.locator("#victim-map-europe a")
    europe.first.wait_for(state="attached")
    assert europe.count() >= 5  # EU member states, drawn large enough to select
    assert page.locator("#timeline-canvas").is_visible()
    legend = page.locator(".map-legend__item")
    assert legend.count() >= 2
    screenshot(page, f"dashboard-{width}", full_page=True)
    page.locator("#victim-map-title").evaluate("heading => heading.scrollIntoView()")
    screenshot(page, f"map-{width}", full_page=False)
    assert_no_sideways_scroll(page, page.url)

    # A country on the Europe panel lists its incidents in the same period.
    link = europe.first
    href = link.get_attribute("href") or ""
    assert query(href)["since"] == ["2017"] and query(href)["until"] == ["2018"]
    page.goto(href)
    assert page.get_by_label("Active since").input_value() == "2017"
    assert page.get_by_label("Active until").input_value() == "2018"
    assert page.locator("table.incidents tbody tr").count() >= 1
    # The list's own total for the period agrees with the dashboard's.
    page.goto("/incidents?since=2017&until=2018")
    heading = page.locator("#results-title").inner_text()
    assert heading.startswith(f"{total:,} incident")
    screenshot(page, f"incident-list-period-{width}", full_page=False)
    assert_no_sideways_scroll(page, page.url)

    # And back: the list's dashboard link keeps the period.
    page.get_by_role("link", name="Dashboard of this period").click()
    page.wait_for_url(re.compile(r"/\?since=2017&until=2018$"))
    assert page.get_by_label("Active until").input_value() == "2018"


def test_a_period_chosen_on_the_list_reaches_the_dashboard(page: Any) -> None:
    page.goto("/incidents")
    page.get_by_label("Active since").fill("2020-03")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"since=2020-03"))
    page.get_by_role("link", name="Map").click()
    page.wait_for_url(re.compile(r"/\?since=2020-03#victim-map-title$"))
    assert page.get_by_label("Active since").input_value() == "2020-03"
    world = page.locator("#victim-map-svg a")
    world.first.wait_for(state="attached")
    assert all(
        query(href or "")["since"] == ["2020-03"]
        for href in world.evaluate_all("links => links.map(link => link.getAttribute('href'))")
    )
