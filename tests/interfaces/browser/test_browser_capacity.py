"""Capacity building in Chromium, at desktop and phone width: an IATI file uploaded on the page
(a bad one refused with its errors and nothing written, then a good one imported), and the
gaps page with its map, chart and table. Screenshots go to artifacts/screenshots/
(capacity-*.png)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from account_support import sign_in_page
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from web_support import at_each_width

HANDWRITTEN = Path(__file__).parents[2] / "data" / "iati" / "handwritten-activity.xml"


def test_an_iati_upload_refuses_a_bad_file_then_imports_a_good_one(
    page: Any, served: tuple[str, Toolbox], screenshot: Any, tmp_path: Path
) -> None:
    _, toolbox = served
    bad = tmp_path / "bad-activity.xml"
    bad.write_bytes(HANDWRITTEN.read_bytes().replace(b'code="15130"', b'code="99999"', 1))
    before = {p.id for p in toolbox.capacity.list(by=SYSTEM_USER)}
    sign_in_page(page, "browser-analyst")
    page.goto("/capacity")
    page.get_by_role("link", name="Import IATI activities").click()
    page.wait_for_url(re.compile(r"/capacity/import$"))

    page.get_by_label("IATI activity file").set_input_files(str(bad))
    page.get_by_role("button", name="Import", exact=True).click()
    refused = page.locator(".report--refused")
    refused.wait_for()
    assert "Nothing was imported" in refused.inner_text()
    cells = refused.locator("tbody tr").first.locator("td, th").all_inner_texts()
    assert cells[:3] == ["AA-AAA-123456789-CYB-001", "sector/@code", "99999"]
    assert "is not a code of the IATI Sector codelist" in cells[3]
    assert {p.id for p in toolbox.capacity.list(by=SYSTEM_USER)} == before
    for _ in at_each_width(page, screenshot, "capacity-iati-refused", focus=refused):
        pass

    page.get_by_label("IATI activity file").set_input_files(str(HANDWRITTEN))
    page.get_by_role("button", name="Import", exact=True).click()
    done = page.locator(".report--done")
    done.wait_for()
    assert done.locator("h2").inner_text() == ("2 projects imported from handwritten-activity.xml")
    rows = done.locator("tbody tr")
    assert rows.count() == 2
    assert "Cybercrime law and prosecution" in rows.first.inner_text()
    assert "No theme:" in rows.nth(1).inner_text()
    for _ in at_each_width(page, screenshot, "capacity-iati-imported", focus=done):
        pass
    page.goto("/capacity?region=eastern-partnership")
    assert "Cyber resilience and cybercrime justice" in page.locator("main").inner_text()


def test_the_gaps_page_draws_the_map_whose_countries_link_to_their_incidents(
    page: Any, served: tuple[str, Toolbox], screenshot: Any
) -> None:
    _, toolbox = served
    gaps = toolbox.capacity.gaps(region="eastern-partnership", by=SYSTEM_USER)
    assert gaps
    page.goto("/capacity/gaps")
    page.get_by_label("Region").select_option("eastern-partnership")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"region=eastern-partnership"))
    world = page.locator("svg.report-map")
    assert world.count() == 1
    assert page.locator("svg.report-chart:not(.report-map)").count() == 1
    table = page.locator("#gaps tbody tr")
    assert table.count() == len(gaps)
    assert gaps[0].reason in table.first.inner_text()
    country = world.locator(f'a[href="/incidents?victim_country={gaps[0].state}"]')
    assert country.count() == 1
    tooltip = country.locator("title").text_content() or ""
    assert gaps[0].reason in tooltip
    for width in at_each_width(page, screenshot, "capacity-gaps", focus=world):
        drawn = world.bounding_box()
        assert drawn is not None and drawn["width"] <= width
    page.set_viewport_size({"width": 1440, "height": 900})
    country.scroll_into_view_if_needed()
    country.click()
    page.wait_for_url(re.compile(rf"/incidents\?victim_country={gaps[0].state}$"))
    assert page.locator("main table tbody tr").count() >= gaps[0].incidents
