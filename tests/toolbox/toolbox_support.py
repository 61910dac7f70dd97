"""Helpers shared by the Toolbox tests."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from pypdf import PdfReader

from tests_support import CHEAP_PASSWORDS

__all__ = ["A4_POINTS", "CHEAP_PASSWORDS", "marked_pages"]

A4_POINTS = (595, 842)


def marked_pages(document: bytes, label: str) -> list[str]:
    """The text of each page of a report's PDF, after checking it is A4 with ``label`` at its
    head and foot and its number."""
    pages = PdfReader(io.BytesIO(document)).pages
    texts = []
    for number, page in enumerate(pages, start=1):
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == A4_POINTS
        text = page.extract_text()
        assert text.count(label) >= 2, f"page {number}: a marking at the top and bottom"
        assert f"Page {number} of {len(pages)}" in text
        texts.append(" ".join(text.split()))
    return texts


def renders_every_page(document: bytes, tmp_path: Path) -> None:
    """Poppler turns every page of ``document`` into a PNG with something drawn on it."""
    source = tmp_path / "report.pdf"
    source.write_bytes(document)
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
