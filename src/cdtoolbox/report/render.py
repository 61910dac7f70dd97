"""Reports as documents: JSON, Markdown, HTML or PDF (the HTML typeset by WeasyPrint).

Every renderer is a pure function of the report: the same report gives byte-identical JSON,
Markdown and HTML, and a PDF without a creation date (WeasyPrint dates a PDF only when the
HTML asks it to), so documents made from the same store can be compared and archived. Every
report kind shares the same document frame: the TLP marking heading and footing each printed
page, page numbers, numbered source notes; the longer ones add a contents list.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from cdtoolbox.model import Tlp
from cdtoolbox.report.annual import AnnualReport, Breakdown, Trends
from cdtoolbox.report.brief import DecisionBrief
from cdtoolbox.report.case import CaseDossier
from cdtoolbox.report.chart import Bar, bar_chart_svg
from cdtoolbox.report.formats import ReportFormat
from cdtoolbox.report.landscape import Landscape
from cdtoolbox.report.markdown import (
    annual_markdown,
    brief_markdown,
    case_markdown,
    landscape_markdown,
    un_markdown,
)
from cdtoolbox.report.sitrep import SitrepDocument, sitrep_markdown
from cdtoolbox.report.un import UnContribution
from cdtoolbox.report.world_map import world_map_svg

__all__ = ["Report", "render_brief", "render_brief_html", "render_report", "render_report_html"]

Report = DecisionBrief | CaseDossier | AnnualReport | UnContribution | Landscape | SitrepDocument
"""Every kind of report this package makes."""

# TLP 2.0 (FIRST): each label is printed in its colour on black.
_TLP_COLOURS = {
    Tlp.CLEAR: "#ffffff",
    Tlp.GREEN: "#33ff00",
    Tlp.AMBER: "#ffc000",
    Tlp.AMBER_STRICT: "#ffc000",
    Tlp.RED: "#ff2b2b",
}

_TEMPLATES: dict[type[Report], str] = {
    DecisionBrief: "report/brief.html",
    CaseDossier: "report/case.html",
    AnnualReport: "report/annual.html",
    UnContribution: "report/un.html",
    Landscape: "report/landscape.html",
    SitrepDocument: "report/sitrep.html",
}


def render_report(report: Report, kind: ReportFormat) -> bytes:
    """``report`` as a document in ``kind``'s format."""
    return _RENDERERS[kind](report)


def render_report_html(report: Report) -> str:
    """The report as one self-contained HTML document, styled for screen and A4 print."""
    template = _environment().get_template(_TEMPLATES[type(report)])
    return template.render(report=report, tlp_colour=_TLP_COLOURS[Tlp(report.tlp)])


def render_brief(brief: DecisionBrief, kind: ReportFormat) -> bytes:
    return render_report(brief, kind)


def render_brief_html(brief: DecisionBrief) -> str:
    return render_report_html(brief)


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("cdtoolbox.report", "templates"),
        autoescape=select_autoescape(("html",)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.globals.update(
        breakdown_chart=_breakdown_chart, breakdown_map=_breakdown_map, trend_chart=_trend_chart
    )
    return environment


def _breakdown_chart(breakdown: Breakdown) -> Markup:
    bars = [Bar(row.label, row.count) for row in breakdown.rows]
    # The SVG is made here from numbers and escaped labels, never from markup a user wrote.
    return Markup(bar_chart_svg(f"{breakdown.title} ({breakdown.unit})", bars))


def _breakdown_map(breakdown: Breakdown) -> Markup:
    # Made from numbers and the bundled shapes, with the title escaped, as the charts are.
    return Markup(world_map_svg(f"{breakdown.title}: map", breakdown.map))


def _trend_chart(trends: Trends) -> Markup:
    bars = [
        Bar(str(year), count)
        for year, count in zip(trends.years, trends.data_breaches, strict=True)
    ]
    return Markup(bar_chart_svg("Data breaches by year of start", bars))


def _markdown(report: Report) -> str:
    if isinstance(report, DecisionBrief):
        return brief_markdown(report)
    if isinstance(report, CaseDossier):
        return case_markdown(report)
    if isinstance(report, UnContribution):
        return un_markdown(report)
    if isinstance(report, Landscape):
        return landscape_markdown(report)
    if isinstance(report, SitrepDocument):
        return sitrep_markdown(report)
    return annual_markdown(report)


def _json(report: Report) -> bytes:
    # Field order is the dataclasses' order, documented in docs/reports.md.
    document = dataclasses.asdict(report)
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _pdf(report: Report) -> bytes:
    # Imported on use: WeasyPrint loads Pango through cffi, which takes a while and is needed
    # by no other command.
    try:
        from weasyprint import HTML
    except OSError as error:  # Pango's shared libraries are missing
        raise RuntimeError(
            "PDF output needs the Pango libraries WeasyPrint uses (Debian: apt-get install "
            f"libpango-1.0-0 libpangoft2-1.0-0); loading them failed: {error}"
        ) from error
    document: bytes = HTML(string=render_report_html(report)).write_pdf()
    return document


_RENDERERS: dict[ReportFormat, Callable[[Report], bytes]] = {
    ReportFormat.HTML: lambda report: render_report_html(report).encode("utf-8"),
    ReportFormat.PDF: _pdf,
    ReportFormat.MARKDOWN: lambda report: _markdown(report).encode("utf-8"),
    ReportFormat.JSON: _json,
}
