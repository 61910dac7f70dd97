"""The decision brief as a PDF: A4, at most two pages for NotPetya, the TLP marking and the
page number on every page, the figures a reader looks for, and pages poppler can render."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.report import ReportFormat
from cdtoolbox.toolbox import Settings, Toolbox

A4_POINTS = (595, 842)


@pytest.fixture(scope="module")
def notpetya_pdf(initialised_url: str, knowledge: KnowledgeBase) -> Iterator[bytes]:
    with Toolbox(Settings(initialised_url), knowledge=knowledge) as toolbox:
        yield toolbox.reports.brief_document("notpetya-2017", ReportFormat.PDF, by=SYSTEM_USER)


def test_the_notpetya_brief_fits_two_a4_pages_marked_and_numbered(notpetya_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(notpetya_pdf))
    pages = reader.pages
    assert 1 <= len(pages) <= 2
    for number, page in enumerate(pages, start=1):
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == A4_POINTS
        text = page.extract_text()
        assert text.count("TLP:CLEAR") >= 2, f"page {number}: a marking at the top and bottom"
        assert f"Page {number} of {len(pages)}" in text
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    for expected in (
        "NotPetya destructive malware",
        "Severity: CRITICAL",
        "US$ 10,000,000,000",
        "States named: Russia (RU) by 2 parties",
        "Restrictive measures against persons and entities",
        "needs the unanimity of the Member States",
        "Sources",
        "https://www.gov.uk/government/news/foreign-office-minister-condemns-russia",
    ):
        assert expected in text, expected


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_poppler_renders_every_page(notpetya_pdf: bytes, tmp_path: Path) -> None:
    source = tmp_path / "brief.pdf"
    source.write_bytes(notpetya_pdf)
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(source), str(tmp_path / "page")],
        check=True,
        capture_output=True,
    )
    rendered = sorted(tmp_path.glob("page-*.png"))
    assert len(rendered) == len(PdfReader(source).pages)
    assert all(
        path.read_bytes().startswith(b"\x89PNG") and path.stat().st_size > 5_000
        for path in rendered
    )
