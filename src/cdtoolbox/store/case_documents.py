"""Response cases and implementations as the JSON documents the store keeps."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from cdtoolbox.model.case import (
    CaseState,
    Implementation,
    ImplementationKind,
    MeasureChange,
    MeasureDecision,
    MeasureOrigin,
    ProposedMeasure,
    ResponseCase,
    StateChange,
)

__all__ = [
    "case_from_document",
    "case_to_document",
    "implementation_details",
    "implementation_from_row",
]


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def case_to_document(case: ResponseCase) -> dict[str, Any]:
    return {
        "incident_ids": list(case.incident_ids),
        "measures": [_measure_to_dict(m) for m in case.measures],
        "assessment_snapshot": dict(case.assessment_snapshot),
        "ruleset": case.ruleset,
        "history": [
            {
                "at": change.at.isoformat(),
                "by": change.by,
                "from": change.from_state.value if change.from_state else None,
                "to": change.to_state.value,
                "note": change.note,
            }
            for change in case.history
        ],
        "decided_at": case.decided_at.isoformat() if case.decided_at else None,
    }


def case_from_document(row: Any, document: dict[str, Any]) -> ResponseCase:
    created_at = datetime.fromisoformat(row.created_at)
    return ResponseCase(
        id=row.id,
        title=row.title,
        incident_ids=tuple(document["incident_ids"]),
        state=CaseState(row.state),
        measures=tuple(_measure_from_dict(m) for m in document["measures"]),
        assessment_snapshot=document["assessment_snapshot"],
        ruleset=document["ruleset"],
        created_at=created_at,
        created_by=row.created_by,
        updated_at=datetime.fromisoformat(row.updated_at),
        history=tuple(
            StateChange(
                at=datetime.fromisoformat(change["at"]),
                by=change["by"],
                from_state=CaseState(change["from"]) if change["from"] else None,
                to_state=CaseState(change["to"]),
                note=change.get("note", ""),
            )
            for change in document["history"]
        ),
        decided_at=_moment(document.get("decided_at")),
        review_due=_day(row.review_due),
        version=row.version,
    )


def _measure_to_dict(measure: ProposedMeasure) -> dict[str, Any]:
    return {
        "id": measure.id,
        "instrument_id": measure.instrument_id,
        "title": measure.title,
        "origin": measure.origin.value,
        "text": measure.text,
        "dropped": measure.dropped,
        "decision": measure.decision.value,
        "available_when_proposed": measure.available_when_proposed,
        "missing_when_proposed": list(measure.missing_when_proposed),
        "history": [
            {
                "at": change.at.isoformat(),
                "by": change.by,
                "action": change.action,
                "justification": change.justification,
            }
            for change in measure.history
        ],
    }


def _measure_from_dict(data: dict[str, Any]) -> ProposedMeasure:
    return ProposedMeasure(
        id=data["id"],
        instrument_id=data["instrument_id"],
        title=data["title"],
        origin=MeasureOrigin(data["origin"]),
        text=data.get("text", ""),
        dropped=bool(data.get("dropped", False)),
        decision=MeasureDecision(data.get("decision", "pending")),
        available_when_proposed=data.get("available_when_proposed"),
        missing_when_proposed=tuple(data.get("missing_when_proposed", ())),
        history=tuple(
            MeasureChange(
                at=datetime.fromisoformat(change["at"]),
                by=change["by"],
                action=change["action"],
                justification=change["justification"],
            )
            for change in data.get("history", ())
        ),
    )


def implementation_details(implementation: Implementation) -> dict[str, Any]:
    return {
        "summary": implementation.summary,
        "text": implementation.text,
        "recipient": implementation.recipient,
        "delegation": implementation.delegation,
        "reference": implementation.reference,
        "incident_ids": list(implementation.incident_ids),
    }


def implementation_from_row(row: Any, details: dict[str, Any]) -> Implementation:
    return Implementation(
        id=row.id,
        case_id=row.case_id,
        measure_id=row.measure_id,
        kind=ImplementationKind(row.kind),
        date=date.fromisoformat(row.date),
        summary=details["summary"],
        recorded_at=datetime.fromisoformat(row.recorded_at),
        recorded_by=row.recorded_by,
        text=details.get("text"),
        recipient=details.get("recipient"),
        delegation=details.get("delegation"),
        reference=details.get("reference"),
        incident_ids=tuple(details.get("incident_ids", ())),
    )
