"""The one document form of each cooperation record: stored, printed by ``--json``, validated
by the API's wire schemas and written into the audit trail."""

from __future__ import annotations

from typing import Any

from cdtoolbox.model.cooperation import (
    AckTimes,
    CheckEntry,
    CheckRound,
    Evidence,
    ImplementationRecord,
    PersonalDetails,
    PointOfContact,
    RoundReport,
)
from cdtoolbox.model.dataclass_codec import Codec, Document
from cdtoolbox.model.dialogues import Dialogue, DialogueRound

__all__ = [
    "DIALOGUES",
    "IMPLEMENTATIONS",
    "POCS",
    "ROUNDS",
    "dialogue_from_dict",
    "dialogue_to_dict",
    "implementation_from_dict",
    "implementation_to_dict",
    "poc_from_dict",
    "poc_to_dict",
    "report_to_dict",
    "round_from_dict",
    "round_to_dict",
]

IMPLEMENTATIONS = Codec(ImplementationRecord, codecs=[Codec(Evidence)])
POCS = Codec(PointOfContact, codecs=[Codec(PersonalDetails)])
# Each entry's time to acknowledge is written beside it, in seconds, for readers and scripts.
ROUNDS = Codec(
    CheckRound,
    codecs=[
        Codec(
            CheckEntry,
            keys=["poc_id", "state", "sent_at", "acknowledged_at", "time_to_acknowledge"],
            encoders={"time_to_acknowledge": lambda d: None if d is None else d.total_seconds()},
        )
    ],
)

DIALOGUES = Codec(Dialogue, codecs=[Codec(DialogueRound)])


def implementation_to_dict(record: ImplementationRecord) -> Document:
    return IMPLEMENTATIONS.encode(record)


def implementation_from_dict(document: dict[str, Any]) -> ImplementationRecord:
    return IMPLEMENTATIONS.decode(document)


def poc_to_dict(poc: PointOfContact) -> Document:
    return POCS.encode(poc)


def poc_from_dict(document: dict[str, Any]) -> PointOfContact:
    return POCS.decode(document)


def round_to_dict(check_round: CheckRound) -> Document:
    return ROUNDS.encode(check_round)


def round_from_dict(document: dict[str, Any]) -> CheckRound:
    return ROUNDS.decode(document)


def _times(times: AckTimes) -> Document:
    return {
        "sent": times.sent,
        "acknowledged": times.acknowledged,
        "response_rate": times.response_rate,
        "median_seconds": None if times.median is None else times.median.total_seconds(),
        "p95_seconds": None if times.p95 is None else times.p95.total_seconds(),
    }


def report_to_dict(report: RoundReport) -> Document:
    """A round with its response figures, overall and per State (times in seconds)."""
    return {
        **round_to_dict(report.round),
        "overall": _times(report.overall),
        "by_state": [{"state": state, **_times(times)} for state, times in report.by_state],
    }


def dialogue_to_dict(dialogue: Dialogue) -> Document:
    return DIALOGUES.encode(dialogue)


def dialogue_from_dict(document: dict[str, Any]) -> Dialogue:
    return DIALOGUES.decode(document)
