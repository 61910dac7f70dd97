"""In Chromium: an analyst uploads a partner's STIX bundle and reads the report, object by
object, with the progress shown while it runs; the sanctions register and the norms page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from account_support import sign_in_page
from stix_support import TLP_GREEN, bundle, relationship, sdo

# Marked as the incident is: what is marked more restrictively does not fold into it.
HERON = sdo(
    "intrusion-set",
    "browser-heron",
    name="Obsidian Heron",
    aliases=["UNC9998"],
    object_marking_refs=[TLP_GREEN],
)
PORT = sdo(
    "incident",
    "browser-port",
    name="Port terminal ransomware",
    labels=["ransomware"],
    object_marking_refs=[TLP_GREEN],
)
BY_HERON = relationship("attributed-to", PORT["id"], HERON["id"], object_marking_refs=[TLP_GREEN])
BROKEN = {**sdo("intrusion-set", "browser-broken", name="Broken cluster"), "created": "someday"}


def test_upload_a_stix_bundle_and_read_the_report(
    page: Any, tmp_path: Path, screenshot: Any
) -> None:
    partner = tmp_path / "partner-feed.json"
    partner.write_bytes(bundle(HERON, PORT, BY_HERON, BROKEN))
    posts: list[str] = []
    page.on(
        "request",
        lambda request: (
            posts.append(request.resource_type)
            if request.method == "POST" and request.url.endswith("/import")
            else None
        ),
    )
    sign_in_page(page, "browser-analyst")
    page.goto("/import")

    page.get_by_label("File to import").set_input_files(str(partner))
    page.get_by_role("button", name="Import", exact=True).click()
    refused = page.locator(".report--refused")
    refused.wait_for()
    assert "Nothing was imported" in refused.inner_text()
    rows = page.locator(".report--refused tbody tr")
    assert rows.count() == 1
    cells = rows.first.locator("td, th").all_inner_texts()
    assert cells[:2] == [BROKEN["id"], "objects[3].created"]
    assert "is not a STIX timestamp" in cells[3]
    # The report replaced the page's content, focus on it, without leaving the page.
    assert page.url.endswith("/import")
    assert page.evaluate("document.activeElement.id") == "import-report"

    page.get_by_label("File to import").set_input_files(str(partner))
    page.get_by_label("Skip invalid objects").check()
    page.get_by_role("button", name="Import", exact=True).click()
    report = page.locator(".report--partial")
    report.wait_for()
    heading = report.locator("h2").inner_text()
    assert heading == "partner-feed.json imported, 1 object refused"
    counts = dict(
        zip(
            report.locator("table.counts tbody th").all_inner_texts(),
            report.locator("table.counts tbody td").all_inner_texts(),
            strict=True,
        )
    )
    assert counts["Created"] == "2" and counts["Rejected"] == "1"
    assert report.get_by_role("link", name="Port terminal ransomware").is_visible()
    assert report.get_by_role("link", name="Obsidian Heron").is_visible()
    assert report.locator("table.rejected tbody td").first.inner_text() == BROKEN["id"]
    # The progress panel was shown and says where the import ended.
    assert page.locator("#import-progress-panel").count() == 1
    screenshot(page, "import-stix-report")

    assert posts == ["xhr", "xhr"]  # sent by the page's script, with progress
    report.get_by_role("link", name="Port terminal ransomware").click()
    page.wait_for_url(re.compile(r"/incidents/port-terminal-ransomware"))
    assert page.locator("h1").inner_text() == "Port terminal ransomware"


def test_the_upload_still_works_without_javascript(
    browser: Any, server_url: str, tmp_path: Path
) -> None:
    context = browser.new_context(base_url=server_url, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in_page(page, "browser-analyst")  # a plain form too
        page.goto("/import")
        partner = tmp_path / "again.json"
        partner.write_bytes(bundle(HERON))
        page.get_by_label("File to import").set_input_files(str(partner))
        with page.expect_navigation():
            page.get_by_role("button", name="Import", exact=True).click()
        assert "again.json imported" in page.locator("#report-title").inner_text()
        assert page.locator("#import-progress-panel").is_hidden()
    finally:
        context.close()


def test_check_a_name_in_the_sanctions_register(page: Any, screenshot: Any) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sanctions").click()
    page.wait_for_url(re.compile(r"/sanctions$"))
    assert page.locator("table.listings tbody tr").count() >= 20
    screenshot(page, "sanctions-register")
    page.get_by_role("link", name="Check whether a name is listed").click()
    page.get_by_label("Name", exact=True).fill("Stone Panda")
    page.get_by_role("button", name="Check").click()
    page.wait_for_url(re.compile(r"/sanctions/check\?name=Stone\+Panda"))
    assert page.locator("#answer-title").inner_text() == "Listed"
    assert page.locator("table.matches tbody tr").count() == 3
    screenshot(page, "sanctions-check")
    page.get_by_role("link", name="GAO Qiang").click()
    page.wait_for_url(re.compile(r"/sanctions/gao-qiang$"))
    assert "Travel ban" in page.locator("#measures").inner_text()
    screenshot(page, "sanctions-listing")


def test_the_norms_page_lists_engaging_incidents(page: Any, screenshot: Any) -> None:
    page.goto("/norms")
    rows = page.locator("#norm-13f table.engaging tbody tr")
    assert rows.count() >= 1
    screenshot(page, "norms")


def test_the_progress_of_a_slow_upload_is_shown(page: Any, tmp_path: Path, screenshot: Any) -> None:
    indicator = sdo(
        "indicator",
        "browser-slow",
        name="C2 server list",
        description="A long analyst note. " * 20_000,  # about 420 kB
        pattern="[ipv4-addr:value = '198.51.100.9']",
        pattern_type="stix",
        valid_from="2024-03-01T10:00:00.000Z",
        object_marking_refs=[TLP_GREEN],
    )
    large = tmp_path / "large-feed.json"
    large.write_bytes(bundle(indicator))
    sign_in_page(page, "browser-analyst")
    page.goto("/import")
    # A slow line (about 100 kB/s up), so that the upload takes a few seconds.
    network = page.context.new_cdp_session(page)
    network.send("Network.enable")
    network.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 20, "downloadThroughput": -1, "uploadThroughput": 100_000},
    )
    page.get_by_label("File to import").set_input_files(str(large))
    page.get_by_role("button", name="Import", exact=True).click()
    stage = page.locator("#import-stage")
    page.wait_for_function(
        "() => /Sending large-feed\\.json — [1-9]\\d? %/.test("
        "document.getElementById('import-stage').textContent)"
    )
    assert page.locator("#import-progress-panel").is_visible()
    assert page.get_by_role("button", name="Importing…").is_disabled()
    assert 0 < page.locator("#import-progress").evaluate("bar => bar.value") < 100
    screenshot(page, "import-progress", full_page=False)
    assert stage.get_attribute("role") == "status"
    page.locator(".report--done").wait_for(timeout=60_000)
    assert "large-feed.json imported" in page.locator("#report-title").inner_text()
