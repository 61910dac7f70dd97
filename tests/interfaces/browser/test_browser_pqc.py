"""The post-quantum dashboard in a browser at 1440 and 390 px: milestones, progress by
Member State and sector, and the assets to replace with their HNDL flag, with nothing
scrolling sideways but the tables' own frames. Screenshots: artifacts/screenshots/pqc-*."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox import Toolbox
from web_support import at_each_width

DATA = Path(__file__).parents[2] / "data" / "pqc"


@pytest.fixture(scope="module", autouse=True)
def inventories(served: tuple[str, Toolbox]) -> None:
    toolbox = served[1]
    toolbox.pqc.import_file(
        DATA / "acceptance.cdx.json",
        organisation="Federal Foreign Office",
        member_state="DE",
        sector="government",
        tlp=Tlp.CLEAR,
        by=SYSTEM_USER,
    )
    toolbox.pqc.import_file(DATA / "inventory.csv", tlp=Tlp.CLEAR, by=SYSTEM_USER)


def test_the_pqc_dashboard_reads_at_each_width(page: Any, screenshot: Any) -> None:
    page.goto("/pqc")
    assert page.get_by_role("heading", name="Roadmap milestones").is_visible()
    states = page.locator("#by-member-state tbody th")
    assert [text.split("\n")[0] for text in states.all_inner_texts()] == [
        "Germany", "Spain", "France",
    ]  # fmt: skip
    assert page.locator("#by-sector tbody tr").count() == 2
    first = page.locator("table.pqc-assets tbody tr").first
    assert "RSA" in first.locator("th").inner_text()
    assert first.locator(".pqc-hndl").inner_text() == "exposed"
    for width in at_each_width(page, screenshot, "pqc", what="the PQC dashboard"):
        assert page.get_by_role("heading", name="Progress by Member State").is_visible()
        if width == 390:
            # The tables scroll inside their frames; the page itself does not.
            frame = page.locator("#by-member-state").locator("xpath=..")
            assert frame.evaluate("node => getComputedStyle(node).overflowX") == "auto"

    page.get_by_label("Member State", exact=True).select_option("FR")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/pqc?member_state=FR*")
    rows = page.locator("table.pqc-assets tbody tr")
    assert rows.count() == 1
    assert "RSA-3072" in rows.first.inner_text()
    screenshot(page, "pqc-filtered-1440", full_page=False)
