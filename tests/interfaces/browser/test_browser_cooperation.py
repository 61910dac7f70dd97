"""The CBM implementation matrix and a communication-check round in Chromium, at desktop and
phone width. Screenshots go to artifacts/screenshots/ (cbm-*.png)."""

from __future__ import annotations

import re
from typing import Any

from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from web_support import assert_no_sideways_scroll


def test_the_matrix_colours_each_status_and_filters_by_framework_and_region(
    page: Any, served: tuple[str, Toolbox], screenshot: Any
) -> None:
    _, toolbox = served
    for state, measure, status in (
        ("DE", "OSCE-CBM-8", "implemented"),
        ("FR", "OSCE-CBM-3", "partial"),
        ("EE", "OSCE-CBM-13", "planned"),
    ):
        toolbox.cbms.record(state, measure, status=status, by=SYSTEM_USER)
    page.goto("/cbms/matrix")
    page.get_by_label("Framework").select_option("osce")
    page.get_by_label("Region").select_option("Europe")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"framework=osce&region=Europe$"))
    legend = page.get_by_label("Legend").inner_text()
    for label in ("Implemented", "Partial", "Planned", "Not reported"):
        assert label in legend
    matrix = page.locator("table.cbm-matrix")
    head = matrix.locator("thead tr")
    assert head.nth(0).inner_text().strip() == "OSCE"
    assert head.nth(1).locator("th").all_inner_texts() == ["State"] + [str(n) for n in range(1, 17)]
    rows = matrix.locator("tbody tr")
    assert rows.filter(has_text="United States").count() == 0
    germany = rows.filter(has=page.get_by_role("link", name="Germany", exact=True))
    cells = germany.locator("td")
    assert "cbm-status--implemented" in (cells.nth(7).get_attribute("class") or "")
    # Each status has its own colour and its own mark, so it reads without colour too.
    marks = page.locator(".cbm-legend .cbm-swatch").all_inner_texts()
    assert len(set(marks)) == 4
    colours = {
        status: page.locator(f".cbm-legend .cbm-status--{status}").evaluate(
            "(swatch) => getComputedStyle(swatch).backgroundColor"
        )
        for status in ("implemented", "partial", "planned", "not-reported")
    }
    assert len(set(colours.values())) == 4
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.locator(".cbm-legend").scroll_into_view_if_needed()
        screenshot(page, f"cbm-matrix-{width}", full_page=False)
        assert_no_sideways_scroll(page)
        # At 1440 px the 16 OSCE measures fit; at 390 px the matrix scrolls in its own box.
        scrolls = page.locator(".table-scroll").evaluate(
            "(element) => element.scrollWidth > element.clientWidth"
        )
        assert scrolls == (width == 390)
    # Rows follow the States' names, as a reader looks them up.
    names = rows.locator("th").all_inner_texts()
    assert names == sorted(names) and names[:2] == ["Albania", "Andorra"]
    page.set_viewport_size({"width": 1440, "height": 900})
    germany.get_by_role("link", name="Germany").click()
    page.wait_for_url(re.compile(r"/cbms/states/DE$"))
    assert "OSCE-CBM-8" in page.locator("main").inner_text()
    screenshot(page, "cbm-state-1440", full_page=False)


def test_a_communication_check_round_reports_its_figures(
    page: Any, served: tuple[str, Toolbox], screenshot: Any
) -> None:
    _, toolbox = served
    check = toolbox.pocs.open_round("eu-csirts-network", "Browser", by=SYSTEM_USER)
    toolbox.pocs.mark_sent(check.id, "at-cert-at", "2026-11-02T09:00:00+00:00", by=SYSTEM_USER)
    toolbox.pocs.acknowledge(check.id, "at-cert-at", "2026-11-02T09:45:00+00:00", by=SYSTEM_USER)
    toolbox.pocs.mark_sent(check.id, "be-cert-be", "2026-11-02T09:00:00+00:00", by=SYSTEM_USER)
    page.goto(f"/pocs/rounds/{check.id}")
    figures = page.locator("#figures-title + dl").inner_text()
    assert "50.0 % (1 of 2)" in figures
    austria = page.locator("tbody tr").filter(has_text="CERT.at")
    assert "no answer" not in austria.inner_text()
    assert "no answer" in page.locator("tbody tr").filter(has_text="BE ·").inner_text()
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"cbm-round-{width}", full_page=False)
        assert_no_sideways_scroll(page)


def test_the_dialogues_register_and_one_dialogue_fit_the_screen(
    page: Any, served: tuple[str, Toolbox], screenshot: Any
) -> None:
    page.goto("/dialogues")
    page.get_by_label("Kind").select_option("bilateral")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"kind=bilateral"))
    rows = page.locator("table tbody tr")
    assert rows.filter(has_text="North Atlantic Treaty Organization").count() == 0
    china = rows.filter(has_text="EU-China cyber dialogue")
    assert "not confirmed" in china.inner_text()
    china.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/dialogues/eu-cn-cyber-dialogue$"))
    assert "9th round, Berlin" in page.locator("main").inner_text()
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"dialogue-{width}", full_page=False)
        assert_no_sideways_scroll(page)
        page.goto("/dialogues")
        assert_no_sideways_scroll(page)
        page.goto("/dialogues/eu-cn-cyber-dialogue")


def test_the_capacity_register_and_its_gaps_filter_and_fit_the_screen(
    page: Any, served: tuple[str, Toolbox], screenshot: Any
) -> None:
    page.goto("/capacity")
    page.get_by_label("Region").select_option("western-balkans")
    page.get_by_label("Theme").select_option("e-evidence")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"region=western-balkans&theme=e-evidence$"))
    projects = page.locator("section[aria-labelledby='projects-title'] tbody tr")
    assert projects.filter(has_text="iPROCEEDS-2").count() == 1
    assert projects.filter(has_text="GLACY").count() == 0
    assert page.locator("#gaps").is_visible()
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"capacity-{width}", full_page=False)
        assert_no_sideways_scroll(page)
