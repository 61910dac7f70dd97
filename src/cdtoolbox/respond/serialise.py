"""Cases as plain JSON-ready dicts, for `--json` output and files."""

from __future__ import annotations

from typing import Any

from cdtoolbox.model.case import (
    CaseFile,
    Implementation,
    MeasureAdoption,
    Position,
    ProposedMeasure,
    ResponseCase,
)

__all__ = ["case_file_to_dict", "case_summary_to_dict"]


def case_summary_to_dict(case: ResponseCase) -> dict[str, Any]:
    return {
        "id": case.id,
        "title": case.title,
        "state": case.state.value,
        "incident_ids": list(case.incident_ids),
        "created_at": case.created_at.isoformat(),
        "created_by": case.created_by,
        "updated_at": case.updated_at.isoformat(),
        "decided_at": case.decided_at.isoformat() if case.decided_at else None,
        "review_due": case.review_due.isoformat() if case.review_due else None,
        "version": case.version,
        "measures": [_measure(m) for m in case.measures],
    }


def case_file_to_dict(case_file: CaseFile, *, with_snapshot: bool = False) -> dict[str, Any]:
    case = case_file.case
    document = case_summary_to_dict(case)
    document["history"] = [
        {
            "at": change.at.isoformat(),
            "by": change.by,
            "from": change.from_state.value if change.from_state else None,
            "to": change.to_state.value,
            "note": change.note,
        }
        for change in case.history
    ]
    document["adoption"] = [_adoption(a) for a in case_file.adoption]
    document["positions"] = [_position(p) for p in case_file.positions]
    document["implementations"] = [_implementation(i) for i in case_file.implementations]
    document["recidivism"] = [
        {
            "incident_id": flag.incident_id,
            "slug": flag.slug,
            "title": flag.title,
            "start": flag.start,
            "shared": flag.shared,
        }
        for flag in case_file.recidivism
    ]
    document["ruleset"] = case.ruleset
    if with_snapshot:
        document["assessment_snapshot"] = dict(case.assessment_snapshot)
    return document


def _measure(measure: ProposedMeasure) -> dict[str, Any]:
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


def _adoption(adoption: MeasureAdoption) -> dict[str, Any]:
    return {
        "measure_id": adoption.measure_id,
        "instrument_id": adoption.instrument_id,
        "decision_rule": adoption.decision_rule,
        "adoptable": adoption.adoptable,
        "explanation": adoption.explanation,
        "blockers": list(adoption.blockers),
        "supporting": list(adoption.supporting),
        "opposing": list(adoption.opposing),
        "abstaining": list(adoption.abstaining),
        "constructive_abstentions": list(adoption.constructive_abstentions),
        "reserves": list(adoption.reserves),
        "awaiting": list(adoption.awaiting),
    }


def _position(position: Position) -> dict[str, Any]:
    return {
        "measure_id": position.measure_id,
        "member_state": position.member_state,
        "position": position.position.value,
        "comment": position.comment,
        "recorded_at": position.recorded_at.isoformat(),
        "recorded_by": position.recorded_by,
    }


def _implementation(implementation: Implementation) -> dict[str, Any]:
    return {
        "id": implementation.id,
        "measure_id": implementation.measure_id,
        "kind": implementation.kind.value,
        "date": implementation.date.isoformat(),
        "summary": implementation.summary,
        "text": implementation.text,
        "recipient": implementation.recipient,
        "delegation": implementation.delegation,
        "reference": implementation.reference,
        "incident_ids": list(implementation.incident_ids),
        "recorded_at": implementation.recorded_at.isoformat(),
        "recorded_by": implementation.recorded_by,
    }
