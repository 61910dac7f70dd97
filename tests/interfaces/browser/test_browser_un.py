"""A UN document's page in Chromium at desktop and phone width: the paragraphs in order, the
EU's position first, and a long amendment that wraps instead of widening the page.
Screenshots go to artifacts/screenshots/ (un-document-*.png)."""

from __future__ import annotations

from typing import Any

from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from web_support import at_each_width

# A real amendment is often one long sentence; on a phone it must wrap within the page.
AMENDMENT = (
    "Insert after 'ransomware': ', including the use of commercially available intrusion "
    "capabilities against critical infrastructure, essential services and international and "
    "humanitarian organisations,' and delete the last sentence of the paragraph"
)


def test_the_document_page_lists_positions_per_paragraph_eu_first(
    page: Any, served: tuple[str, Toolbox], screenshot: Any
) -> None:
    _, toolbox = served
    un = toolbox.un_process
    document = un.add_document(
        "oewg-2021-2025-8",
        kind="apr-draft",
        title="REV1 draft Annual Progress Report",
        dated="2024-07-01",
        symbol="A/AC.292/2024/CRP.1",
        by=SYSTEM_USER,
    )
    for number, pillar, text in (
        ("11", "threats", "States recalled the threats set out in the previous reports."),
        ("12", "threats", "States expressed concern about ransomware."),
        ("31", "cbms", "States welcomed the global points of contact directory."),
    ):
        un.add_paragraph(document.id, number, text=text, pillar=pillar, by=SYSTEM_USER)
    un.record_position(document.id, "12", "DE", stance="support", by=SYSTEM_USER)
    un.record_position(document.id, "12", "PL", stance="reserve", by=SYSTEM_USER)
    un.record_position(
        document.id,
        "12",
        "EU",
        stance="support-with-amendments",
        wording=AMENDMENT,
        by=SYSTEM_USER,
    )
    un.record_position(document.id, "31", "EU", stance="support", by=SYSTEM_USER)
    page.goto("/un")
    page.get_by_role("link", name="A/AC.292/2024/CRP.1").click()
    page.wait_for_url(f"**/un/documents/{document.id}")
    headings = page.locator(".un-paragraph h2").all_inner_texts()
    assert [h.split()[1] for h in headings] == ["11", "12", "31"]
    rows = page.locator("#p-12 tbody tr")
    assert rows.locator("th").all_inner_texts() == ["European Union", "Germany", "Poland"]
    assert "support with amendments" in rows.nth(0).inner_text()
    assert page.locator("#p-11").get_by_text("No position recorded.").is_visible()
    eu_row = rows.nth(0)
    for width in at_each_width(
        page, screenshot, "un-document", focus=eu_row, what="the document page"
    ):
        box = eu_row.bounding_box()
        assert box is not None and box["x"] + box["width"] <= width
        # On a phone each position is a block with its labels; on a desktop, a table row.
        display = eu_row.evaluate("(row) => getComputedStyle(row).display")
        assert display == ("block" if width == 390 else "table-row")
