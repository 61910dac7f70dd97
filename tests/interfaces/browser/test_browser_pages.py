"""The application in Chromium: the dashboard draws, filters travel in links, incidents read,
an upload reports. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from account_support import sign_in_page
from web_support import at_each_width, show_at_each_width

CANVAS_INK = """(canvas) => {
  const context = canvas.getContext("2d");
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let inked = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked += 1;
  return inked;
}"""


def test_the_dashboard_draws_the_chart_and_the_map(page: Any, screenshot: Any) -> None:
    page.goto("/")
    canvas = page.locator("#timeline-canvas")
    canvas.wait_for(state="visible")
    page.locator("#victim-map-svg a path").first.wait_for(state="attached")
    assert canvas.evaluate(CANVAS_INK) > 2000  # bars, axes and legend were drawn
    shapes = page.locator("#victim-map-svg path")
    assert shapes.count() > 150  # every country of the world
    shaded = page.locator("#victim-map-svg a path")
    data = json.loads(page.locator("#dashboard-data").text_content() or "{}")
    drawable = [country for country in data["countries"] if country["numeric"]]
    assert drawable and shaded.count() >= len(drawable) - 2  # a few are too small at 1:110m
    assert page.locator("#victim-map-svg a path").first.get_attribute("d")
    assert page.locator(".map-legend__item").count() >= 2
    screenshot(page, "dashboard")


def test_a_map_country_leads_to_its_incidents(page: Any) -> None:
    page.goto("/")
    link = page.locator('#victim-map-svg a[href="/incidents?victim_country=UA"]')
    link.wait_for(state="attached")
    link.locator("path").click()
    page.wait_for_url(re.compile(r"/incidents\?victim_country=UA$"))
    assert page.locator("table.incidents tbody tr").count() >= 3


def test_filter_incidents_and_follow_the_shared_link(
    page: Any, browser: Any, server_url: str, screenshot: Any
) -> None:
    page.goto("/incidents")
    page.get_by_label("Victim country", exact=True).fill("Ukraine")
    page.get_by_label("Wiper / destruction").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"victim_country=Ukraine"))
    shared = page.url
    assert "type=wiper" in shared and "since=" not in shared  # blank fields left out
    titles = page.locator("table.incidents tbody th a").all_inner_texts()
    assert titles and any("Ukraine" in title or "NotPetya" in title for title in titles)
    assert page.get_by_label("Wiper / destruction").is_checked()
    screenshot(page, "incidents-filtered")

    other = browser.new_context()
    try:
        colleague = other.new_page()
        colleague.goto(shared)
        assert colleague.locator("table.incidents tbody th a").all_inner_texts() == titles
        assert colleague.get_by_label("Victim country", exact=True).input_value() == "Ukraine"
    finally:
        other.close()


def test_open_an_incident_and_read_its_sections(page: Any, screenshot: Any) -> None:
    page.goto("/incidents?text=WannaCry")
    page.get_by_role("link", name="WannaCry ransomware worm").click()
    page.wait_for_url(re.compile(r"/incidents/wannacry-2017$"))
    headings = page.locator("main h2").all_inner_texts()
    for heading in ("What happened", "Attributions", "Impact", "Sources", "Facts"):
        assert heading in headings
    # The record is folded below the brief; a click opens each fold.
    attributions = page.locator("#attributions")
    assert not attributions.get_by_text("very likely").first.is_visible()
    attributions.locator("summary").click()
    assert "United Kingdom" in attributions.inner_text()
    assert "very likely" in attributions.inner_text()
    page.locator("#impact summary").click()
    assert "unknown" in page.locator("#impact").inner_text()
    page.locator("#similar summary").click()
    assert page.locator("#similar li").first.is_visible()
    screenshot(page, "incident")


def test_the_incident_page_opens_with_the_brief_at_both_widths(page: Any, screenshot: Any) -> None:
    page.goto("/incidents/notpetya-2017")
    brief = page.locator(".brief")
    headings = brief.locator("h2").all_inner_texts()
    assert headings[:2] == ["What happened", "Severity: critical"]
    assert "Recommended options" in headings
    assert "Restrictive measures against persons and entities" in brief.inner_text()
    download = page.get_by_role("link", name="Download brief (PDF)")
    assert download.get_attribute("href") == "/incidents/notpetya-2017/brief.pdf"
    # Every fold is closed until asked for, and the brief ends before the first one.
    assert page.locator("details.fold[open]").count() == 0
    folds_top = page.locator("#facts").bounding_box()["y"]
    brief_bottom = brief.bounding_box()["y"] + brief.bounding_box()["height"]
    assert brief_bottom <= folds_top
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"incident-brief-{width}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page scrolls sideways at {width} px"
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": 1440, "height": 900})
    assert page.evaluate("document.documentElement.scrollHeight") < 5000, height
    # A link to a folded section opens it.
    page.goto("/incidents/notpetya-2017#assessment")
    assert page.locator("#assessment").get_attribute("open") is not None
    with page.expect_download() as pending:
        download.click()
    assert pending.value.suggested_filename == "notpetya-2017-brief.pdf"


def test_the_actor_page(page: Any, screenshot: Any) -> None:
    page.goto("/actors?q=fancy+bear")
    page.get_by_role("link", name="APT28").click()
    page.wait_for_url(re.compile(r"/actors/apt28$"))
    assert page.locator("h1").inner_text() == "APT28"
    assert page.locator(".timeline li").count() >= 2
    screenshot(page, "actor")


def test_upload_a_file_and_read_the_report(page: Any, tmp_path: Path, screenshot: Any) -> None:
    bad = tmp_path / "incidents.json"
    bad.write_text(
        json.dumps(
            [{"title": "Defacement of municipal sites", "start": "someday", "types": ["x"]}]
        ),
        encoding="utf-8",
    )
    sign_in_page(page, "browser-analyst")
    page.goto("/import")
    page.get_by_label("File to import").set_input_files(str(bad))
    page.get_by_role("button", name="Import", exact=True).click()
    report = page.locator(".report--refused")
    report.wait_for()
    assert "Nothing was imported" in report.inner_text()
    fields = page.locator(".report--refused tbody th").all_inner_texts()
    assert fields == ["start", "types[0]"]
    screenshot(page, "import-refused")

    good = tmp_path / "good.json"
    good.write_text(
        json.dumps(
            [
                {
                    "title": "Defacement of municipal sites",
                    "start": "2024-05",
                    "types": ["defacement"],
                }
            ]
        ),
        encoding="utf-8",
    )
    page.get_by_label("File to import").set_input_files(str(good))
    page.get_by_role("button", name="Import", exact=True).click()
    page.locator(".report--done").wait_for()
    page.get_by_role("link", name="Defacement of municipal sites").click()
    assert page.locator("h1").inner_text() == "Defacement of municipal sites"


def test_the_keyboard_reaches_the_content_first(page: Any) -> None:
    page.goto("/incidents")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_assessment_reads_in_words_at_both_widths(page: Any, screenshot: Any) -> None:
    page.goto("/incidents/viasat-ka-sat-2022")
    assessment = page.locator("#assessment")
    assessment.locator("summary").click()
    page.locator("#attributions summary").click()
    text = assessment.inner_text()
    assert "Level of response: an EU-level statement" in text
    assert "rule: A state named publicly by several states or the EU" in text
    assert "A statement naming the state responsible" in text
    assert "stability-naming-state" not in text and "impact." not in text
    assert not re.search(r"; none$", text, re.MULTILINE) and "it needs no Member State vote" in text
    assert "(the European Union)" in page.locator("#attributions").inner_text()
    show_at_each_width(page, screenshot, "incident-assessment", focus=assessment)


def test_the_api_page_reads_at_both_widths(page: Any, screenshot: Any) -> None:
    page.goto("/api")
    operation = page.locator("section.operation").filter(has_text="PATCH").first
    request = operation.locator("pre code.language-shell")
    assert request.inner_text().startswith('curl -H "Authorization: Bearer $CDT_TOKEN"')
    assert operation.get_by_role("heading", name=re.compile(r"^Response")).is_visible()
    show_at_each_width(page, screenshot, "api", focus=operation.locator("h2"))
    # At phone width the long lines scroll inside their block, not the page.
    assert request.evaluate(
        "(code) => code.parentElement.scrollWidth > code.parentElement.clientWidth"
    )


def test_the_incident_list_columns_sort_and_scroll_inside_their_box(
    page: Any, screenshot: Any
) -> None:
    page.goto("/incidents?victim_country=UA")
    table = page.locator("table.incidents")
    headers = table.locator("thead th").all_inner_texts()
    assert headers[4:7] == ["Attributed state", "Actors", "EU response"]
    notpetya = table.locator("tbody tr", has=page.locator('a[href="/incidents/notpetya-2017"]'))
    assert notpetya.locator("td.attributed-state").inner_text() == "Russia"
    assert "30 July 2020" in notpetya.locator("td.eu-response").inner_text()
    page.get_by_role("link", name=re.compile(r"^Title")).click()
    page.wait_for_url(re.compile(r"victim_country=UA&sort=title$"))
    titles = table.locator("tbody th a").all_inner_texts()
    assert titles == sorted(titles, key=str.casefold)
    assert table.locator('thead th[aria-sort="ascending"]').inner_text().startswith("Title")
    for width in at_each_width(page, screenshot, "incident-list", focus=table):
        # At 1440 px every column fits; at 390 px the table scrolls within its own box.
        scrolls = page.locator(".table-scroll").evaluate(
            "(element) => element.scrollWidth > element.clientWidth"
        )
        assert scrolls == (width == 390)
    # Every bundled incident on one page, the longest names and responses included, still fits.
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto("/incidents?limit=100")
    scrolls = page.locator(".table-scroll").evaluate(
        "(element) => element.scrollWidth > element.clientWidth"
    )
    assert not scrolls, "the full list scrolls sideways at 1440 px"
