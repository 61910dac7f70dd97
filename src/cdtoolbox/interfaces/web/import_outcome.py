"""What the Import page reports, whichever importer ran: one shape for the incident file, the
CSV sheet, the STIX bundle and the MISP events, so the page has one report to show.

Every record read is counted once as created, updated, unchanged or rejected (STIX objects
folded into another, and older versions of a MISP event, are counted on their own line);
every refused record is listed with the object it is, the JSON path or field that is wrong,
the value and the reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.interfaces.web.upload_format import UploadFormat
from cdtoolbox.model import Incident
from cdtoolbox.model.access import User
from cdtoolbox.model.exchange import StixImportReport
from cdtoolbox.toolbox import ImportReport, Toolbox
from cdtoolbox.toolbox.misp import MispImportReport

__all__ = [
    "LISTED_AT_MOST",
    "ImportOutcome",
    "RejectedRecord",
    "outcome_of_incidents",
    "outcome_of_misp",
    "outcome_of_stix",
    "rejected_records",
]

#: Links to at most this many new or changed incidents; the counts say how many in all.
LISTED_AT_MOST = 100
_LONGEST_VALUE = 120


@dataclass(frozen=True)
class RejectedRecord:
    """One refused record: ``record`` says which (an object id, a MISP event, a file line),
    ``path`` which field or JSON path."""

    record: str
    path: str
    value: str | None  # as given, shortened; None when the value was missing
    reason: str


@dataclass(frozen=True)
class ImportOutcome:
    format: UploadFormat
    source: str
    read: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    other: tuple[tuple[str, int], ...]  # further counts the format has, with their meaning
    incidents_created: tuple[Incident, ...]
    incidents_updated: tuple[Incident, ...]
    hidden: int  # new or changed incidents above the user's clearance, counted but not shown
    actors_created: tuple[tuple[str, str], ...]  # (id, name)
    rejected_records: tuple[RejectedRecord, ...]
    skipped_invalid: bool

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)


def rejected_records(errors: Iterable[InvalidInput], kind: UploadFormat) -> list[RejectedRecord]:
    """Rows of the error table. STIX and MISP errors name the object (``entity``) and the JSON
    path (``field``) within the file; the incident readers name the record in ``location``."""
    rows = []
    for error in errors:
        record = error.entity if kind.may_skip_invalid else (error.location or error.entity)
        rows.append(RejectedRecord(record, error.field, _shown(error.value), error.reason))
    return rows


def _shown(value: object) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= _LONGEST_VALUE else text[: _LONGEST_VALUE - 1] + "…"


def outcome_of_incidents(report: ImportReport, kind: UploadFormat) -> ImportOutcome:
    created = tuple(report.created)
    return ImportOutcome(
        format=kind,
        source=report.source,
        read=len(created),
        created=len(created),
        updated=0,
        unchanged=0,
        rejected=0,
        other=(),
        incidents_created=created[:LISTED_AT_MOST],
        incidents_updated=(),
        hidden=0,
        actors_created=(),
        rejected_records=(),
        skipped_invalid=False,
    )


def outcome_of_stix(
    report: StixImportReport, toolbox: Toolbox, reader: User, *, skipped_invalid: bool
) -> ImportOutcome:
    created, hidden_created = _readable(toolbox, report.incidents_created, reader)
    updated, hidden_updated = _readable(toolbox, report.incidents_updated, reader)
    return ImportOutcome(
        format=UploadFormat.STIX,
        source=report.source,
        read=report.objects,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        rejected=report.rejected,
        other=(
            ("merged into an incident or actor, or a repeated version", report.merged),
            *(
                (
                    (
                        "statement reports and their issuers, skipped: statements are added "
                        "from their files",
                        report.skipped,
                    ),
                )
                if report.skipped
                else ()
            ),
        ),
        incidents_created=created,
        incidents_updated=updated,
        hidden=hidden_created + hidden_updated,
        actors_created=_actor_names(toolbox, report.actors_created, reader),
        rejected_records=tuple(rejected_records(report.errors, UploadFormat.STIX)),
        skipped_invalid=skipped_invalid,
    )


def outcome_of_misp(
    report: MispImportReport, toolbox: Toolbox, reader: User, *, skipped_invalid: bool
) -> ImportOutcome:
    created, hidden_created = _readable(toolbox, report.created, reader)
    updated, hidden_updated = _readable(toolbox, report.updated, reader)
    return ImportOutcome(
        format=UploadFormat.MISP,
        source=report.source,
        read=report.events,
        created=len(report.created),
        updated=len(report.updated),
        unchanged=report.unchanged,
        rejected=report.rejected,
        other=(
            ("older or repeated versions of an event in the same file", report.superseded),
            ("attributes kept as sources", report.references),
            ("attributes kept as observables", report.observables),
            ("attributes refused", report.rejected_attributes),
        ),
        incidents_created=created,
        incidents_updated=updated,
        hidden=hidden_created + hidden_updated,
        actors_created=_actor_names(toolbox, report.actors_created, reader),
        rejected_records=tuple(rejected_records(report.errors, UploadFormat.MISP)),
        skipped_invalid=skipped_invalid,
    )


def _readable(
    toolbox: Toolbox, incident_ids: Sequence[str], reader: User
) -> tuple[tuple[Incident, ...], int]:
    """The incidents to link to, and how many the user is not cleared to see (a partner's
    TLP:RED report imported by an analyst cleared for AMBER is stored, not shown)."""
    shown: list[Incident] = []
    hidden = 0
    for incident_id in incident_ids[:LISTED_AT_MOST]:
        try:
            shown.append(toolbox.incidents.get(incident_id, by=reader))
        except NotFound:
            hidden += 1
    return tuple(shown), hidden


def _actor_names(
    toolbox: Toolbox, actor_ids: Sequence[str], reader: User
) -> tuple[tuple[str, str], ...]:
    names = toolbox.actors.names(actor_ids[:LISTED_AT_MOST], by=reader)
    return tuple(sorted(names.items(), key=lambda pair: pair[1].casefold()))
