"""Incidents from a spreadsheet: one row per incident, as analysts keep them in Excel.

Columns (header row, any order, case and spaces ignored): see ``vocabulary.COLUMNS``. A list cell
holds several values separated by ``;`` (``GB; UA; United States``). An empty cell means
*unknown*. The import is all or nothing: every error of every row is reported together.

A cell that begins with an apostrophe is read without it: spreadsheets treat that apostrophe
as "this is text, not a formula", and our own export writes it (see
``vocabulary.spreadsheet_safe``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from cdtoolbox.errors import ImportRejected, InvalidInput
from cdtoolbox.formats.csv.vocabulary import (
    COLUMNS,
    LIST_SEPARATOR,
    REQUIRED_COLUMNS,
    SOURCE_COLUMNS,
    without_text_mark,
)
from cdtoolbox.ingest.fields import (
    UNDATED_REASON,
    FieldError,
    Reader,
    actor_reader,
    country_reader,
    read_amount,
    read_boolean,
    read_classification,
    read_full_date,
    read_incident_status,
    read_incident_type,
    read_partial_date,
    read_text,
    read_tlp,
    read_url,
    read_whole_number,
    sector_reader,
)
from cdtoolbox.ingest.record import RecordErrors, unknown_name_reason
from cdtoolbox.ingest.references import ReferenceResolver
from cdtoolbox.model import (
    Impact,
    Incident,
    IncidentStatus,
    Organisation,
    Source,
    Tlp,
)

__all__ = ["column_name", "read_csv_file", "read_incident_csv", "sniff_delimiter"]

T = TypeVar("T")


def read_incident_csv(
    path_or_text: Path | str, resolver: ReferenceResolver, *, name: str | None = None
) -> list[Incident]:
    """Every incident in a CSV file (a :class:`Path`) or CSV text (a ``str``).

    ``name`` places errors (default: the file's name, or ``incidents.csv`` for text).
    Raises :class:`ImportRejected` with every error found; nothing is returned half-read.
    """
    if isinstance(path_or_text, Path):
        name = name or path_or_text.name
        text = read_csv_file(path_or_text, name)
    else:
        name = name or "incidents.csv"
        text = path_or_text
    return _CsvReader(text.removeprefix("\ufeff"), name, resolver).incidents()


def read_csv_file(path: Path, name: str, *, max_bytes: int | None = None) -> str:
    """The text of a UTF-8 CSV file; above ``max_bytes`` it is refused before it is read."""
    try:
        if max_bytes is not None and (size := path.stat().st_size) > max_bytes:
            raise ImportRejected(
                name,
                [
                    InvalidInput(
                        "file", "size", size, f"is above the limit of {max_bytes:,} bytes", name
                    )
                ],
            )
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        reason = "is not UTF-8 text (in Excel, save it as “CSV UTF-8”)"
    except OSError as error:
        reason = f"cannot be read: {error.strerror or error}"
    raise ImportRejected(name, [InvalidInput("file", name, name, reason, name)])


def sniff_delimiter(text: str) -> str:
    """``,`` — or ``;`` for Excel in locales where the comma is the decimal mark."""
    header = text.lstrip("\r\n").partition("\n")[0]
    return ";" if header.count(";") > header.count(",") else ","


def column_name(text: str) -> str:
    return "_".join(text.strip().lower().replace("-", " ").split())


class _CsvReader:
    def __init__(self, text: str, name: str, resolver: ReferenceResolver) -> None:
        self._text = text
        self._name = name
        self._country = country_reader(resolver)
        self._sector = sector_reader(resolver)
        self._actor = actor_reader(resolver)
        self._errors: list[InvalidInput] = []

    def incidents(self) -> list[Incident]:
        rows = csv.reader(
            io.StringIO(self._text, newline=""), delimiter=sniff_delimiter(self._text)
        )
        incidents: list[Incident] = []
        header: list[str] | None = None
        next_line = 1
        try:
            for cells in rows:
                line, next_line = next_line, rows.line_num + 1
                if not any(cell.strip() for cell in cells):
                    continue
                if header is None:
                    header = self._header(cells, line)
                    continue
                incident = self._row(header, cells, f"{self._name} line {line}")
                if incident is not None:
                    incidents.append(incident)
        except csv.Error as error:
            where = f"{self._name} line {rows.line_num}"
            self._errors.append(InvalidInput("file", self._name, self._name, f"{error}", where))
        if header is None and not self._errors:
            self._file_error("has no header row naming the columns")
        if self._errors:
            raise ImportRejected(self._name, self._errors)
        return incidents

    def _file_error(self, reason: str) -> None:
        self._errors.append(InvalidInput("file", self._name, self._name, reason, self._name))

    def _header(self, cells: Sequence[str], line: int) -> list[str]:
        where = f"{self._name} line {line}"
        header = [column_name(cell) for cell in cells]
        seen: set[str] = set()
        for raw, column in zip(cells, header, strict=True):
            if not column:
                continue
            if column in seen:
                reason = "appears twice in the header"
                self._errors.append(InvalidInput("column", column, raw, reason, where))
            elif column not in COLUMNS:
                reason = unknown_name_reason(column, COLUMNS, "column")
                self._errors.append(InvalidInput("column", column, raw, reason, where))
            seen.add(column)
        for column in REQUIRED_COLUMNS:
            if column not in seen:
                reason = "is required but missing from the header"
                self._errors.append(InvalidInput("column", column, None, reason, where))
        return header

    def _row(self, header: Sequence[str], cells: Sequence[str], where: str) -> Incident | None:
        by_column = {
            column: without_text_mark(cell) for column, cell in zip(header, cells, strict=False)
        }
        row = _Row(by_column, RecordErrors("incident", where))
        for index, extra in enumerate(cells[len(header) :], start=len(header) + 1):
            if extra.strip():
                row.errors.add(f"column {index}", extra, "is beyond the last column of the header")
        title = row.value("title", read_text, required=True)
        summary = row.value("summary", read_text)
        start = row.value("start", read_partial_date)
        end = row.value("end", read_partial_date)
        disclosed = row.value("disclosed", read_partial_date)
        if start is not None and end is not None and end.latest < start.earliest:
            row.errors.add("end", str(end), f"is before the start ({start})")
        if start is None and disclosed is None and not row.errors.about("start"):
            row.errors.add("start", None, UNDATED_REASON)
        types = row.values("types", read_incident_type, required=True)
        countries = row.values("victim_countries", self._country)
        sectors = row.values("victim_sectors", self._sector)
        organisations = row.values("victim_organisations", read_text)
        actors = row.values("actors", self._actor)
        tlp = row.value("tlp", read_tlp)
        classification = row.value("classification", read_classification)
        status = row.value("status", read_incident_status)
        source = self._source(row)
        impact = Impact(
            records_exposed=row.value("records_exposed", read_whole_number),
            people_affected=row.value("people_affected", read_whole_number),
            systems_affected=row.value("systems_affected", read_whole_number),
            financial_loss_usd=row.value("financial_loss_usd", read_amount),
            outage_hours=row.value("outage_hours", read_amount),
            physical_damage=row.value("physical_damage", read_boolean),
        )
        self._errors.extend(row.errors.found)
        if title is None or row.errors.found:
            return None
        return Incident(
            id="",
            slug="",
            title=title,
            summary=summary or "",
            start=start,
            end=end,
            disclosed=disclosed,
            types=types,
            victim_countries=countries,
            victim_sectors=sectors,
            victim_organisations=tuple(Organisation(name) for name in organisations),
            actor_ids=actors,
            impact=impact,
            sources=(source,) if source is not None else (),
            tlp=tlp or Tlp.CLEAR,
            classification=classification,
            status=status or IncidentStatus.CONFIRMED,
        )

    def _source(self, row: _Row) -> Source | None:
        if not any(row.has(column) for column in SOURCE_COLUMNS):
            return None
        title = row.value("source_title", read_text)
        if not row.has("source_title"):
            row.errors.add("source_title", "", "is required when other source columns are filled")
        url = row.value("source_url", read_url)
        publisher = row.value("source_publisher", read_text)
        published = row.value("source_published", read_full_date)
        return Source(title, url, publisher, published) if title is not None else None


class _Row:
    """The cells of one row by column; errors name the column."""

    def __init__(self, cells: Mapping[str, str], errors: RecordErrors) -> None:
        self._cells = cells
        self.errors = errors

    def has(self, column: str) -> bool:
        return bool(self._cells.get(column, "").strip())

    def value(self, column: str, read: Reader[T], *, required: bool = False) -> T | None:
        cell = self._cells.get(column, "")
        if not cell.strip():
            # a column missing from the header is reported once, not on every row
            if required and column in self._cells:
                self.errors.add(column, cell, "is required")
            return None
        try:
            return read(cell)
        except FieldError as error:
            self.errors.add(column, cell, error.reason)
            return None

    def values(self, column: str, read_item: Reader[T], *, required: bool = False) -> tuple[T, ...]:
        items = [item for item in self._cells.get(column, "").split(LIST_SEPARATOR) if item.strip()]
        if not items and required and column in self._cells:
            self.errors.add(column, self._cells.get(column, ""), "is required")
        found: dict[T, None] = {}
        for item in items:
            try:
                found.setdefault(read_item(item), None)
            except FieldError as error:
                self.errors.add(column, item.strip(), error.reason)
        return tuple(found)
