"""Reports as PDF: A4, the TLP marking and the page number on every page, the figures a
reader looks for, and pages poppler can render. The decision brief of NotPetya fits two
pages; the annual report, the UN contribution and the threat landscape have a contents list
with page numbers and their charts."""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.report import ReportFormat, render_report
from cdtoolbox.toolbox import Settings, Toolbox
from toolbox_support import A4_POINTS, marked_pages, renders_every_page


@pytest.fixture(scope="module")
def notpetya_pdf(initialised_url: str, knowledge: KnowledgeBase) -> Iterator[bytes]:
    with Toolbox(Settings(initialised_url), knowledge=knowledge) as toolbox:
        yield toolbox.reports.brief_document("notpetya-2017", ReportFormat.PDF, by=SYSTEM_USER)


@pytest.fixture(scope="module")
def annual_pdf(initialised_url: str, knowledge: KnowledgeBase) -> Iterator[tuple[bytes, str]]:
    with Toolbox(Settings(initialised_url), knowledge=knowledge) as toolbox:
        report = toolbox.reports.annual("2020", by=SYSTEM_USER)
        yield (
            render_report(report, ReportFormat.PDF),
            render_report(report, ReportFormat.JSON).decode(),
        )


def test_the_annual_report_pdf_has_its_contents_figures_and_charts(
    annual_pdf: tuple[bytes, str],
) -> None:
    document, json_text = annual_pdf
    figures = {f["key"]: f["count"] for f in json.loads(json_text)["key_figures"]}
    pages = marked_pages(document, "TLP:CLEAR")
    assert len(pages) >= 3
    text = " ".join(pages)
    for expected in (
        "Annual report 2020",
        "Contents",
        f"Incidents active in the period: {figures['incidents']}",
        f"Persons and entities listed: {figures['listed']}",
        f"Public responses of the EU: {figures['eu-responses']}",
        "Incidents by type (incidents)",  # a chart's title, drawn as text
        "Data breaches by year of start",
        "Trends across five years",
        "not recorded in this system",
        "Appendix: Member State contribution template",
        "Sources",
    ):
        assert expected in text, expected
    # The contents list gives each part the page it starts on.
    (deter_page,) = (
        number
        for number, page in enumerate(pages, start=1)
        if "were listed under the EU's cyber sanctions" in page
    )
    listed = re.search(r"Deter[ .]*(\d+)", pages[0])
    assert listed is not None and int(listed.group(1)) == deter_page, pages[0]


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
def test_poppler_renders_every_page_of_the_brief(notpetya_pdf: bytes, tmp_path: Path) -> None:
    renders_every_page(notpetya_pdf, tmp_path)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_poppler_renders_every_page_of_the_annual_report(
    annual_pdf: tuple[bytes, str], tmp_path: Path
) -> None:
    renders_every_page(annual_pdf[0], tmp_path)


@pytest.fixture(scope="module")
def un_pdf(initialised_url: str, knowledge: KnowledgeBase) -> Iterator[tuple[bytes, str]]:
    with Toolbox(Settings(initialised_url), knowledge=knowledge) as toolbox:
        report = toolbox.reports.un_contribution("2017", by=SYSTEM_USER)
        yield (
            render_report(report, ReportFormat.PDF),
            render_report(report, ReportFormat.JSON).decode(),
        )


@pytest.fixture(scope="module")
def landscape_pdf(initialised_url: str, knowledge: KnowledgeBase) -> Iterator[tuple[bytes, str]]:
    with Toolbox(Settings(initialised_url), knowledge=knowledge) as toolbox:
        report = toolbox.reports.landscape("2017", by=SYSTEM_USER)
        yield (
            render_report(report, ReportFormat.PDF),
            render_report(report, ReportFormat.JSON).decode(),
        )


def test_the_un_contribution_pdf_has_its_pillars_figures_and_notes(
    un_pdf: tuple[bytes, str],
) -> None:
    document, json_text = un_pdf
    figures = {f["key"]: f["count"] for f in json.loads(json_text)["key_figures"]}
    pages = marked_pages(document, "TLP:CLEAR")
    text = " ".join(pages)
    for expected in (
        "Contribution to the UN OEWG: 1 January 2017 to 31 December 2017",
        "Draft contribution for the UN Open-ended Working Group",
        "Contents",
        f"Incidents active in the period: {figures['incidents']}",
        f"UN norms found engaged by at least one incident: {figures['norms-engaged']}",
        "Existing and potential threats",
        "Rules, norms and principles of responsible State behaviour",
        "How international law applies",
        "Confidence-building measures",
        "Capacity building",
        "Regular institutional dialogue",
        "Incidents found engaging each norm (incidents)",  # a chart's title, drawn as text
        "recorded in this system ran in the period",  # the capacity-building projects
        "A/70/174 para 13",  # a norm's source, as a numbered note
    ):
        assert expected in text, expected
    # The contents list gives each pillar the page it starts on.
    (law_page,) = (
        number
        for number, page in enumerate(pages, start=1)
        if "A legal assessment has to confirm each" in page
    )
    listed = re.search(r"How international law applies[ .]*(\d+)", pages[0])
    assert listed is not None and int(listed.group(1)) == law_page, pages[0]


def test_the_landscape_pdf_has_its_top_lists_what_is_new_and_the_change(
    landscape_pdf: tuple[bytes, str],
) -> None:
    document, json_text = landscape_pdf
    report = json.loads(json_text)
    figures = {f["key"]: f["count"] for f in report["key_figures"]}
    text = " ".join(marked_pages(document, "TLP:CLEAR"))
    (total,) = (row for row in report["changes"] if row["dimension"] == "total")
    for expected in (
        "Threat landscape: 1 January 2017 to 31 December 2017",
        "Contents",
        f"Incidents active in the period: {figures['incidents']}",
        f"Incidents active in the previous period: {figures['previous-incidents']}",
        "Incidents by threat actor (incidents)",
        "Incidents by suspected sponsor State (incidents)",
        "What is new",
        "Victim countries first seen in the period",
        "Change against the previous period",
        f"All incidents {total['previous']} {total['current']} {total['change']:+}",
    ):
        assert expected in text, expected


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_poppler_renders_every_page_of_the_un_contribution_and_the_landscape(
    un_pdf: tuple[bytes, str], landscape_pdf: tuple[bytes, str], tmp_path: Path
) -> None:
    for name, (document, _) in (("un", un_pdf), ("landscape", landscape_pdf)):
        folder = tmp_path / name
        folder.mkdir()
        renders_every_page(document, folder)
