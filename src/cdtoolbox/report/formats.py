"""The formats a report is written in, and how a user names them: light enough for the
command line to declare its options without loading the renderers."""

from __future__ import annotations

from enum import StrEnum

from cdtoolbox.errors import InvalidInput

__all__ = ["ReportFormat", "read_report_format"]


class ReportFormat(StrEnum):
    HTML = "html"
    PDF = "pdf"
    MARKDOWN = "md"
    JSON = "json"

    @property
    def media_type(self) -> str:
        return _MEDIA_TYPES[self]


_MEDIA_TYPES = {
    ReportFormat.HTML: "text/html; charset=utf-8",
    ReportFormat.PDF: "application/pdf",
    ReportFormat.MARKDOWN: "text/markdown; charset=utf-8",
    ReportFormat.JSON: "application/json",
}


def read_report_format(text: str) -> ReportFormat:
    """The format a user named ("pdf", "md", …), or ``InvalidInput`` listing the known ones."""
    try:
        return ReportFormat(text.strip().lower())
    except ValueError:
        known = ", ".join(kind.value for kind in ReportFormat)
        raise InvalidInput("report", "format", text, f"is not one of {known}") from None
