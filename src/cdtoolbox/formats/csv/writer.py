"""Incidents written as a spreadsheet in the columns the CSV import reads, so an export can be
edited and imported elsewhere.

Written page by page as the store yields them, never holding every incident at once. A row
keeps what fits one row: the first source, victim organisations by name, no attributions (the
JSON export, ``ingest.incident_export``, keeps everything).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping

from cdtoolbox.formats.csv.vocabulary import COLUMNS, LIST_SEPARATOR, spreadsheet_safe
from cdtoolbox.ingest.incident_export import ExportPage
from cdtoolbox.model import Incident

__all__ = ["csv_lines", "csv_row"]


def _listed(values: Iterable[str]) -> str:
    return f"{LIST_SEPARATOR} ".join(values)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def csv_row(incident: Incident, names: Mapping[str, str]) -> dict[str, str]:
    """The incident as one row of the CSV import format (``vocabulary.COLUMNS``),
    every cell safe to open in a spreadsheet."""
    source = incident.sources[0] if incident.sources else None
    impact = incident.impact
    row = {
        "title": incident.title,
        "summary": incident.summary,
        "start": _cell(incident.start),
        "end": _cell(incident.end),
        "disclosed": _cell(incident.disclosed),
        "types": _listed(kind.value for kind in incident.types),
        "victim_countries": _listed(incident.victim_countries),
        "victim_sectors": _listed(incident.victim_sectors),
        "victim_organisations": _listed(org.name for org in incident.victim_organisations),
        "actors": _listed(names.get(actor, actor) for actor in incident.actor_ids),
        "tlp": incident.tlp.value,
        "classification": incident.classification.value if incident.classification else "",
        "status": incident.status.value,
        "source_title": source.title if source else "",
        "source_url": _cell(source.url) if source else "",
        "source_publisher": _cell(source.publisher) if source else "",
        "source_published": _cell(source.published) if source else "",
        "records_exposed": _cell(impact.records_exposed),
        "people_affected": _cell(impact.people_affected),
        "systems_affected": _cell(impact.systems_affected),
        "financial_loss_usd": _cell(impact.financial_loss_usd),
        "outage_hours": _cell(impact.outage_hours),
        "physical_damage": _cell(impact.physical_damage),
    }
    assert tuple(row) == COLUMNS, "the export must write exactly the columns the import reads"
    return {column: spreadsheet_safe(cell) for column, cell in row.items()}


def csv_lines(pages: Iterable[ExportPage]) -> Iterator[str]:
    """The CSV text, a header line and then one chunk per page."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for incidents, names in pages:
        writer.writerows(csv_row(incident, names) for incident in incidents)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()
