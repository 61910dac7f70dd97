"""Capacity-building projects as a spreadsheet, both ways: one row per project, a list cell's
items separated by ``;``, written so a spreadsheet never runs a cell as a formula and read so
the import gives back exactly what the export wrote.

The reader checks only what a sheet can get wrong on its own (its columns, a budget that is
not a whole number); what a project must be (known countries, region and themes, a budget not
negative, an end not before the start…) is checked by the toolbox exactly as ``cdt capacity
add`` checks it, each error placed at its file and line.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from cdtoolbox.errors import ImportRejected, InvalidInput
from cdtoolbox.formats.csv.reader import column_name, sniff_delimiter
from cdtoolbox.formats.csv.vocabulary import LIST_SEPARATOR, spreadsheet_safe, without_text_mark
from cdtoolbox.ingest.record import unknown_name_reason
from cdtoolbox.model.capacity import CapacityProject

__all__ = [
    "MAX_BYTES",
    "PROJECT_COLUMNS",
    "ProjectRow",
    "fits_a_row",
    "project_csv",
    "read_project_csv",
]

#: A sheet of projects larger than this is refused unread, as an IATI file is: a register of a
#: few thousand projects is well under a megabyte.
MAX_BYTES: Final = 20 * 1024 * 1024

#: Every column the import reads and the export writes, in the export's order.
PROJECT_COLUMNS: Final = (
    "id",
    "title",
    "funder",
    "instrument",
    "implementers",
    "partner_countries",
    "region",
    "themes",
    "budget_eur",
    "starts_on",
    "ends_on",
    "status",
    "outcomes",
    "note",
    "sources",
    "tlp",
    "classification",
)
_REQUIRED: Final = ("title", "funder", "themes", "sources")
_ENTITY = "capacity project"
_WHOLE_NUMBER = re.compile(r"-?[0-9]+")


@dataclass(frozen=True)
class ProjectRow:
    """One row read, its cells as ``CapacityService.add`` takes them (an empty cell: None, or
    the default), and where it is (``projects.csv line 3``)."""

    where: str
    id: str | None
    title: str
    funder: str
    themes: tuple[str, ...]
    sources: tuple[str, ...]
    instrument: str | None
    implementers: tuple[str, ...]
    partner_countries: tuple[str, ...]
    region: str | None
    budget_eur: int | None
    starts_on: str | None
    ends_on: str | None
    status: str
    outcomes: tuple[str, ...]
    note: str | None
    tlp: str
    classification: str | None


def fits_a_row(project: CapacityProject) -> bool:
    """Whether the project can be written as one row: no list item holds the separator, which
    would read back as two items."""
    items = (
        *project.implementers,
        *project.partner_countries,
        *project.outcomes,
        *project.sources,
    )
    return not any(LIST_SEPARATOR in item for item in items)


def project_csv(projects: Iterable[CapacityProject]) -> str:
    """The projects as CSV text, a header line first; each must ``fits_a_row``."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=PROJECT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for project in projects:
        if not fits_a_row(project):
            raise ValueError(f"{project.id}: a list item holds {LIST_SEPARATOR!r}")
        writer.writerow({column: spreadsheet_safe(cell) for column, cell in _row(project).items()})
    return buffer.getvalue()


def _row(project: CapacityProject) -> dict[str, str]:
    def listed(values: Iterable[str]) -> str:
        return f"{LIST_SEPARATOR} ".join(values)

    row = {
        "id": project.id,
        "title": project.title,
        "funder": project.funder,
        "instrument": project.instrument or "",
        "implementers": listed(project.implementers),
        "partner_countries": listed(project.partner_countries),
        "region": project.region or "",
        "themes": listed(theme.value for theme in project.themes),
        "budget_eur": "" if project.budget_eur is None else str(project.budget_eur),
        "starts_on": project.starts_on.isoformat() if project.starts_on else "",
        "ends_on": project.ends_on.isoformat() if project.ends_on else "",
        "status": project.status.value,
        "outcomes": listed(project.outcomes),
        "note": project.note or "",
        "sources": listed(project.sources),
        "tlp": project.tlp.value,
        "classification": project.classification.value if project.classification else "",
    }
    assert tuple(row) == PROJECT_COLUMNS, "the export writes exactly the columns the import reads"
    return row


def read_project_csv(text: str, name: str) -> list[ProjectRow]:
    """The rows of a project sheet (header row first, columns in any order, case and spaces
    ignored; ``,`` or ``;`` between cells). Raises :class:`ImportRejected` with every error
    of the sheet's own making (columns, budgets); nothing is returned half-read."""
    text = text.removeprefix("\ufeff")
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    errors: list[InvalidInput] = []
    found: list[ProjectRow] = []
    header: list[str] | None = None
    next_line = 1
    try:
        for cells in rows:
            line, next_line = next_line, rows.line_num + 1
            where = f"{name} line {line}"
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = _header(cells, where, errors)
                continue
            row = _read_row(header, cells, where, errors)
            if row is not None:
                found.append(row)
    except csv.Error as error:
        errors.append(InvalidInput("file", name, name, str(error), f"{name} line {rows.line_num}"))
    if header is None and not errors:
        reason = "has no header row naming the columns"
        errors.append(InvalidInput("file", name, name, reason, name))
    if errors:
        raise ImportRejected(name, errors)
    return found


def _header(cells: Sequence[str], where: str, errors: list[InvalidInput]) -> list[str]:
    header = [column_name(cell) for cell in cells]
    seen: set[str] = set()
    for raw, column in zip(cells, header, strict=True):
        if not column:
            continue
        if column in seen:
            errors.append(InvalidInput("column", column, raw, "appears twice in the header", where))
        elif column not in PROJECT_COLUMNS:
            reason = unknown_name_reason(column, PROJECT_COLUMNS, "column")
            errors.append(InvalidInput("column", column, raw, reason, where))
        seen.add(column)
    for column in _REQUIRED:
        if column not in seen:
            reason = "is required but missing from the header"
            errors.append(InvalidInput("column", column, None, reason, where))
    return header


def _read_row(
    header: Sequence[str], cells: Sequence[str], where: str, errors: list[InvalidInput]
) -> ProjectRow | None:
    wrong = len(errors)
    for index, extra in enumerate(cells[len(header) :], start=len(header) + 1):
        if extra.strip():
            reason = "is beyond the last column of the header"
            errors.append(InvalidInput(_ENTITY, f"column {index}", extra, reason, where))
    by_column = {
        column: without_text_mark(raw).strip()
        for column, raw in zip(header, cells, strict=False)
        if column in PROJECT_COLUMNS
    }

    def text(column: str) -> str | None:
        return by_column.get(column) or None

    def items(column: str) -> tuple[str, ...]:
        cell = by_column.get(column, "")
        return tuple(item.strip() for item in cell.split(LIST_SEPARATOR) if item.strip())

    budget = text("budget_eur")
    if budget is not None and _WHOLE_NUMBER.fullmatch(budget) is None:
        reason = "must be a whole number of euros"
        errors.append(InvalidInput(_ENTITY, "budget_eur", budget, reason, where))
    if len(errors) > wrong:
        return None
    return ProjectRow(
        where=where,
        id=text("id"),
        title=by_column.get("title", ""),
        funder=by_column.get("funder", ""),
        themes=items("themes"),
        sources=items("sources"),
        instrument=text("instrument"),
        implementers=items("implementers"),
        partner_countries=items("partner_countries"),
        region=text("region"),
        budget_eur=int(budget) if budget is not None else None,
        starts_on=text("starts_on"),
        ends_on=text("ends_on"),
        # An empty cell takes the default, as an option left out of `cdt capacity add`.
        status=text("status") or "unknown",
        outcomes=items("outcomes"),
        note=text("note"),
        tlp=text("tlp") or "clear",
        classification=text("classification"),
    )
