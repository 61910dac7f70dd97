"""The incident spreadsheet's vocabulary, shared by its reader and its writer: the columns,
the list separator, and the apostrophe that keeps a cell from being run as a formula."""

from __future__ import annotations

from typing import Final

__all__ = [
    "COLUMNS",
    "LIST_SEPARATOR",
    "REQUIRED_COLUMNS",
    "SOURCE_COLUMNS",
    "spreadsheet_safe",
    "without_text_mark",
]

_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
_TEXT_MARK: Final = "'"


def spreadsheet_safe(cell: str) -> str:
    """``cell`` as a CSV writer must write it so that a spreadsheet never runs it as a formula.

    As OWASP recommends against CSV injection, a cell beginning with ``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return gets a leading apostrophe, which spreadsheets show as
    text. A cell already beginning with an apostrophe gets one more, so that the import, which
    drops one leading apostrophe, gives back exactly what was exported. Numbers get no
    exception: the export writes no negative number (impact figures are never negative, dates
    never begin with ``-``), and OWASP advises quoting such a cell anyway.
    """
    return _TEXT_MARK + cell if cell.startswith((*_FORMULA_STARTS, _TEXT_MARK)) else cell


def without_text_mark(cell: str) -> str:
    """``cell`` as the import reads it: one leading apostrophe, the text mark, is dropped."""
    return cell.removeprefix(_TEXT_MARK)


#: Every column the import reads and the export writes, in the export's order.
COLUMNS: Final = (
    "title",
    "summary",
    "start",
    "end",
    "disclosed",
    "types",
    "victim_countries",
    "victim_sectors",
    "victim_organisations",
    "actors",
    "tlp",
    "classification",
    "status",
    "source_title",
    "source_url",
    "source_publisher",
    "source_published",
    "records_exposed",
    "people_affected",
    "systems_affected",
    "financial_loss_usd",
    "outage_hours",
    "physical_damage",
)
REQUIRED_COLUMNS: Final = ("title", "types")
LIST_SEPARATOR: Final = ";"
SOURCE_COLUMNS: Final = ("source_title", "source_url", "source_publisher", "source_published")
