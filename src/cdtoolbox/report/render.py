"""A decision brief as a document: JSON, Markdown, HTML or PDF (the HTML typeset by WeasyPrint).

Every renderer is a pure function of the brief: the same brief gives byte-identical JSON,
Markdown and HTML, and a PDF without a creation date (WeasyPrint dates a PDF only when the
HTML asks it to), so documents made from the same store can be compared and archived.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from cdtoolbox.model import Tlp
from cdtoolbox.report.brief import DecisionBrief
from cdtoolbox.report.formats import ReportFormat
from cdtoolbox.report.markdown import brief_markdown

__all__ = ["render_brief", "render_brief_html"]


# TLP 2.0 (FIRST): each label is printed in its colour on black.
_TLP_COLOURS = {
    Tlp.CLEAR: "#ffffff",
    Tlp.GREEN: "#33ff00",
    Tlp.AMBER: "#ffc000",
    Tlp.AMBER_STRICT: "#ffc000",
    Tlp.RED: "#ff2b2b",
}


def render_brief(brief: DecisionBrief, kind: ReportFormat) -> bytes:
    return _RENDERERS[kind](brief)


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("cdtoolbox.report", "templates"),
        autoescape=select_autoescape(("html",)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_brief_html(brief: DecisionBrief) -> str:
    """The brief as one self-contained HTML document, styled for screen and A4 print."""
    template = _environment().get_template("report/brief.html")
    return template.render(brief=brief, tlp_colour=_TLP_COLOURS[Tlp(brief.tlp)])


def _json(brief: DecisionBrief) -> bytes:
    # Field order is the dataclasses' order, documented in docs/reports.md.
    document = dataclasses.asdict(brief)
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _pdf(brief: DecisionBrief) -> bytes:
    # Imported on use: WeasyPrint loads Pango through cffi, which takes a while and is needed
    # by no other command.
    try:
        from weasyprint import HTML
    except OSError as error:  # Pango's shared libraries are missing
        raise RuntimeError(
            "PDF output needs the Pango libraries WeasyPrint uses (Debian: apt-get install "
            f"libpango-1.0-0 libpangoft2-1.0-0); loading them failed: {error}"
        ) from error
    document: bytes = HTML(string=render_brief_html(brief)).write_pdf()
    return document


_RENDERERS: dict[ReportFormat, Callable[[DecisionBrief], bytes]] = {
    ReportFormat.HTML: lambda brief: render_brief_html(brief).encode("utf-8"),
    ReportFormat.PDF: _pdf,
    ReportFormat.MARKDOWN: lambda brief: brief_markdown(brief).encode("utf-8"),
    ReportFormat.JSON: _json,
}
