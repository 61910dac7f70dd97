"""Statement readings → the JSON document ``cdt statements read --json`` prints
(docs/statements.md documents it; its keys and their types are a stable promise).

The twelve keys the issue of the format names hold plain values, as an analyst's script reads
them: ``reading["instrument"] == "stability.hr_declaration"``, ``"UA" in
reading["targets"]["countries"]``. Where each was read from is kept beside them, under
``evidence``, keyed the same way, so that a page can highlight every item; attributions and
measures, which are objects already, carry their own."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cdtoolbox.model.dataclass_codec import Document
from cdtoolbox.model.statement import Evidence, Measure, Named, ReadAttribution, StatementReading

__all__ = ["READING_KEYS", "reading_to_dict"]

#: The document's keys, in the order printed.
READING_KEYS = (
    "date",
    "issuer",
    "aligned",
    "language",
    "instrument",
    "incidents",
    "actors",
    "attributions",
    "targets",
    "norms",
    "law",
    "measures",
    "date_origin",
    "evidence",
)


def reading_to_dict(reading: StatementReading) -> Document:
    """The reading as the documented JSON document."""
    issuer = reading.issuer
    targets = reading.targets
    return {
        "date": reading.date.value.isoformat() if reading.date else None,
        "issuer": {"kind": issuer.kind.value, "name": issuer.name, "country": issuer.country},
        "aligned": _ids(reading.aligned),
        "language": reading.language,
        "instrument": reading.instrument.id,
        "incidents": _ids(reading.incidents),
        "actors": _ids(reading.actors),
        "attributions": [_attribution(item) for item in reading.attributions],
        "targets": {"countries": _ids(targets.countries), "sectors": _ids(targets.sectors)},
        "norms": _ids(reading.norms),
        "law": _ids(reading.law),
        "measures": [_measure(item) for item in reading.measures],
        "date_origin": reading.date.origin if reading.date else None,
        "evidence": {
            "date": _places(reading.date.evidence if reading.date else ()),
            "issuer": _places(issuer.evidence),
            "instrument": _places(reading.instrument.evidence),
            "aligned": _by_id(reading.aligned),
            "incidents": _by_id(reading.incidents),
            "actors": _by_id(reading.actors),
            "targets": {
                "countries": _by_id(targets.countries),
                "sectors": _by_id(targets.sectors),
            },
            "norms": _by_id(reading.norms),
            "law": _by_id(reading.law),
        },
    }


def _ids(items: Iterable[Named]) -> list[str]:
    return [item.id for item in items]


def _by_id(items: Iterable[Named]) -> dict[str, list[dict[str, Any]]]:
    return {item.id: _places(item.evidence) for item in items}


def _places(evidence: Iterable[Evidence]) -> list[dict[str, Any]]:
    return [{"start": e.start, "end": e.end, "quote": e.quote} for e in evidence]


def _attribution(item: ReadAttribution) -> dict[str, Any]:
    return {
        "state": item.state,
        "actor": item.actor,
        "strength": item.strength.value,
        "evidence": _places(item.evidence),
    }


def _measure(item: Measure) -> dict[str, Any]:
    return {
        "kind": item.kind.value,
        "subject": item.subject,
        "until": item.until.isoformat() if item.until else None,
        "evidence": _places(item.evidence),
    }
