"""Statement readings → the JSON document ``cdt statements read --json`` prints
(docs/statements.md documents it; its keys and their types are a stable promise).

The twelve keys the issue of the format names hold plain values, as an analyst's script reads
them: ``reading["instrument"] == "stability.hr_declaration"``, ``"UA" in
reading["targets"]["countries"]``. Where each was read from is kept beside them, under
``evidence``, keyed the same way, so that a page can highlight every item; attributions and
measures, which are objects already, carry their own."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from cdtoolbox.model.dataclass_codec import Document
from cdtoolbox.model.statement import (
    AttributionStrength,
    Evidence,
    IssuerKind,
    Measure,
    MeasureKind,
    Named,
    ReadAttribution,
    ReadDate,
    ReadInstrument,
    ReadIssuer,
    ReadTargets,
    Statement,
    StatementReading,
)
from cdtoolbox.model.vocabulary import Classification, Tlp

__all__ = [
    "READING_KEYS",
    "reading_from_dict",
    "reading_to_dict",
    "statement_from_dict",
    "statement_to_dict",
]

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


def reading_from_dict(document: Mapping[str, Any]) -> StatementReading:
    """The reading ``reading_to_dict`` wrote (a stored reading, read back)."""
    evidence = document["evidence"]
    issuer = document["issuer"]
    read_date = (
        ReadDate(
            date.fromisoformat(document["date"]),
            document["date_origin"],
            _evidence(evidence["date"]),
        )
        if document["date"]
        else None
    )
    targets = document["targets"]
    return StatementReading(
        date=read_date,
        issuer=ReadIssuer(
            IssuerKind(issuer["kind"]),
            issuer["name"],
            issuer["country"],
            _evidence(evidence["issuer"]),
        ),
        aligned=_named(document["aligned"], evidence["aligned"]),
        language=document["language"],
        instrument=ReadInstrument(document["instrument"], _evidence(evidence["instrument"])),
        incidents=_named(document["incidents"], evidence["incidents"]),
        actors=_named(document["actors"], evidence["actors"]),
        attributions=tuple(
            ReadAttribution(
                item["state"],
                item["actor"],
                AttributionStrength(item["strength"]),
                _evidence(item["evidence"]),
            )
            for item in document["attributions"]
        ),
        targets=ReadTargets(
            _named(targets["countries"], evidence["targets"]["countries"]),
            _named(targets["sectors"], evidence["targets"]["sectors"]),
        ),
        norms=_named(document["norms"], evidence["norms"]),
        law=_named(document["law"], evidence["law"]),
        measures=tuple(
            Measure(
                MeasureKind(item["kind"]),
                item["subject"],
                date.fromisoformat(item["until"]) if item["until"] else None,
                _evidence(item["evidence"]),
            )
            for item in document["measures"]
        ),
    )


def _evidence(places: Iterable[Mapping[str, Any]]) -> tuple[Evidence, ...]:
    return tuple(Evidence(place["start"], place["end"], place["quote"]) for place in places)


def _named(ids: Iterable[str], places: Mapping[str, Any]) -> tuple[Named, ...]:
    return tuple(Named(item, _evidence(places.get(item, ()))) for item in ids)


def statement_to_dict(statement: Statement, *, with_text: bool = True) -> Document:
    """A stored statement as ``cdt statements show --json`` and the API give it: its own
    values, then the reading (``reading_to_dict``); ``with_text=False`` leaves the full
    text out, as a listing does."""
    document: Document = {
        "id": statement.id,
        "sha256": statement.sha256,
        "file_name": statement.file_name,
        "media_type": statement.media_type,
        "source_url": statement.source_url,
        "language": statement.language,
        "issuer": {"kind": statement.issuer_kind.value, "name": statement.issuer_name},
        "date": statement.date.isoformat() if statement.date else None,
        "instrument": statement.instrument,
        "tlp": statement.tlp.value,
        "classification": statement.classification.value if statement.classification else None,
        "recorded_by": statement.recorded_by,
        "recorded_at": statement.recorded_at.isoformat(),
        "given": list(statement.given),
        "reader_version": statement.reader_version,
        "reading": reading_to_dict(statement.reading),
    }
    if with_text:
        document["text"] = statement.text
    return document


def statement_from_dict(document: Mapping[str, Any]) -> Statement:
    """The statement ``statement_to_dict`` wrote, with its text."""
    return Statement(
        id=document["id"],
        sha256=document["sha256"],
        text=document["text"],
        file_name=document["file_name"],
        media_type=document["media_type"],
        source_url=document["source_url"],
        language=document["language"],
        issuer_kind=IssuerKind(document["issuer"]["kind"]),
        issuer_name=document["issuer"]["name"],
        date=date.fromisoformat(document["date"]) if document["date"] else None,
        instrument=document["instrument"],
        tlp=Tlp(document["tlp"]),
        classification=(
            Classification(document["classification"]) if document["classification"] else None
        ),
        recorded_by=document["recorded_by"],
        recorded_at=datetime.fromisoformat(document["recorded_at"]),
        given=tuple(document["given"]),
        reader_version=document["reader_version"],
        reading=reading_from_dict(document["reading"]),
    )
