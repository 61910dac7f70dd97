"""Plain functions behind the case service: cleaning what users type, finding measures, and
the records the audit trail keeps of a case and of a position."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from cdtoolbox.errors import InvalidInput
from cdtoolbox.ingest.fields import LONE_SURROGATE, LONE_SURROGATE_REASON
from cdtoolbox.model.case import Position, ProposedMeasure, ResponseCase
from cdtoolbox.model.case_codec import CASE_RECORDS, POSITION_RECORDS
from cdtoolbox.model.incident import Incident

__all__ = [
    "MAX_TEXT",
    "add_months",
    "as_list",
    "case_record",
    "clean_text",
    "default_title",
    "find_measure",
    "justification_of",
    "position_record",
    "replace_measure",
    "required",
    "snapshot_options",
]

MAX_TEXT = 20_000


def case_record(case: ResponseCase) -> dict[str, object]:
    """What the audit trail keeps of a case."""
    return CASE_RECORDS.encode(case)


def find_measure(case: ResponseCase, measure_id: str) -> ProposedMeasure:
    """A measure by its id (m1) or, among the active ones, by its instrument id."""
    measure = case.measure(measure_id) or next(
        (m for m in case.active_measures if m.instrument_id == measure_id), None
    )
    if measure is None:
        known = ", ".join(m.id for m in case.measures) or "none"
        raise InvalidInput(
            "case", "measure", measure_id, f"is not a measure of this case (it has: {known})"
        )
    return measure


def replace_measure(case: ResponseCase, changed: ProposedMeasure) -> ResponseCase:
    return case.evolve(measures=tuple(changed if m.id == changed.id else m for m in case.measures))


def justification_of(text: str) -> str:
    cleaned = clean_text("justification", text, 4000)
    if not cleaned:
        raise InvalidInput(
            "case", "justification", text, "is required: say why the measure changes"
        )
    return cleaned


def clean_text(field: str, value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    cleaned = value.strip()
    if LONE_SURROGATE.search(cleaned):
        raise InvalidInput("case", field, cleaned, LONE_SURROGATE_REASON)
    if len(cleaned) > limit:
        raise InvalidInput("case", field, cleaned, f"is longer than {limit} characters")
    return cleaned or None


def required(field: str) -> str:
    raise InvalidInput("case", field, "", "is required")


def default_title(incidents: Sequence[Incident]) -> str:
    names = ", ".join(i.title for i in incidents[:3])
    more = f" and {len(incidents) - 3} more" if len(incidents) > 3 else ""
    return f"Response to {names}{more}"


def snapshot_options(snapshot: object) -> list[Mapping[str, object]]:
    options = snapshot.get("options") if isinstance(snapshot, Mapping) else None
    return [o for o in as_list(options) if isinstance(o, Mapping)]


def as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def position_record(position: Position) -> dict[str, object]:
    return POSITION_RECORDS.encode(position)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")
