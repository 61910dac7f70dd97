"""The Reports page in a browser at 1440 and 390 px: the form reads without scrolling
sideways, a report chosen there downloads as a document named for it, and a wrong period is
shown beside its field. Screenshots: artifacts/screenshots/reports-*."""

from __future__ import annotations

from typing import Any

from web_support import at_each_width


def test_the_reports_page_downloads_a_report_and_shows_errors_beside_fields(
    page: Any, screenshot: Any
) -> None:
    page.goto("/reports")
    assert page.get_by_role("heading", name="Choose a report").is_visible()
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").count()
    for _ in at_each_width(page, screenshot, "reports", what="the Reports page"):
        assert page.get_by_role("button", name="Download").is_visible()

    page.get_by_label("Threat landscape of a period").check()
    page.locator("#r-since").fill("2017")
    page.locator("#r-format").select_option("md")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    assert download.value.suggested_filename == "landscape-2017.md"
    text = download.value.path().read_text(encoding="utf-8")
    assert "# Threat landscape: 1 January 2017 to 31 December 2017" in text

    page.get_by_label("Draft UN contribution (OEWG pillars) of a period").check()
    page.locator("#r-since").fill("2021")
    page.locator("#r-until").fill("2020")
    page.get_by_role("button", name="Download").click()
    page.wait_for_url("**/reports?report=un*")
    error = page.locator("#r-until-error")
    assert "ends before the period starts" in error.inner_text()
    assert page.locator("#r-until").get_attribute("aria-invalid") == "true"
    for _ in at_each_width(page, screenshot, "reports-error", focus=error, what="the error"):
        assert error.is_visible()
