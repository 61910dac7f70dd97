"""Wire schemas of response cases (Pydantic v2), and the converters from domain objects.

A case travels as the document ``cdt cases show --json`` prints (``model.case_codec``), so
the API and the command line agree field for field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cdtoolbox.model.case import (
    CaseFile,
    CaseState,
    Implementation,
    ImplementationKind,
    Position,
    PositionKind,
    ResponseCase,
)
from cdtoolbox.model.case_codec import (
    IMPLEMENTATIONS,
    POSITIONS,
    case_file_to_dict,
    case_summary_to_dict,
)

__all__ = [
    "CaseFileOut",
    "CaseListOut",
    "CaseOpenIn",
    "CaseOut",
    "DecisionIn",
    "ImplementationIn",
    "ImplementationOut",
    "MeasureChangesIn",
    "MeasureIn",
    "PositionIn",
    "PositionOut",
    "StateMoveIn",
    "case_file_out",
    "case_list_out",
    "case_out",
    "implementation_out",
    "position_out",
]


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)}, populate_by_name=True)


_AT = "2026-11-25T09:00:00+00:00"
_MEASURE_EXAMPLE: dict[str, Any] = {
    "id": "m1",
    "instrument_id": "restrictive.listing",
    "title": "Restrictive measures: listing of persons and entities",
    "origin": "assessment",
    "text": "List the unit responsible under Council Regulation (EU) 2019/796.",
    "dropped": False,
    "decision": "pending",
    "available_when_proposed": True,
    "missing_when_proposed": [],
    "history": [
        {
            "at": _AT,
            "by": "ana",
            "action": "proposed",
            "justification": "ranked 1 in the assessment",
        }
    ],
}
_CASE_EXAMPLE: dict[str, Any] = {
    "id": "case-7f3a",
    "title": "Response to WannaCry ransomware worm",
    "state": "consultation",
    "incident_ids": ["incident-2c1d"],
    "created_at": _AT,
    "created_by": "ana",
    "updated_at": _AT,
    "decided_at": None,
    "review_due": None,
    "version": 3,
    "measures": [_MEASURE_EXAMPLE],
}
_POSITION_EXAMPLE: dict[str, Any] = {
    "measure_id": "m1",
    "member_state": "DE",
    "position": "support",
    "comment": "Subject to the final wording of the grounds.",
    "recorded_at": _AT,
    "recorded_by": "delegate-de",
}
_IMPLEMENTATION_EXAMPLE: dict[str, Any] = {
    "id": "implementation-1",
    "measure_id": "m1",
    "kind": "legal-act",
    "date": "2026-12-10",
    "summary": "Listing adopted by the Council",
    "text": None,
    "recipient": None,
    "delegation": None,
    "reference": "Council Implementing Regulation (EU) 2026/2101",
    "incident_ids": ["incident-2c1d"],
    "recorded_at": _AT,
    "recorded_by": "ana",
}


# --- Cases, as they are read ----------------------------------------------------------------


class MeasureChangeOut(BaseModel):
    at: str
    by: str
    action: str = Field(description="proposed, added, edited, dropped or restored")
    justification: str


class MeasureOut(BaseModel):
    id: str = Field(description="Stable within the case: m1, m2, …")
    instrument_id: str
    title: str
    origin: str = Field(description="assessment (proposed when opened) or analyst")
    text: str = Field(description="Draft wording: what exactly would be adopted")
    dropped: bool
    decision: str = Field(description="pending, adopted or not-adopted")
    available_when_proposed: bool | None
    missing_when_proposed: list[str]
    history: list[MeasureChangeOut]


class CaseOut(BaseModel):
    """A case without its positions and implementations (see CaseFileOut)."""

    model_config = _examples(_CASE_EXAMPLE)

    id: str
    title: str
    state: CaseState
    incident_ids: list[str]
    created_at: str
    created_by: str
    updated_at: str
    decided_at: str | None
    review_due: date | None
    version: int = Field(description="Send it back as `expected_version` with a change")
    measures: list[MeasureOut]


class StateChangeOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    at: str
    by: str
    from_state: CaseState | None = Field(alias="from")
    to: CaseState
    note: str


class AdoptionOut(BaseModel):
    measure_id: str
    instrument_id: str
    decision_rule: str
    adoptable: bool = Field(description="Whether the measure could be adopted now")
    explanation: str
    blockers: list[str] = Field(description="Member States whose position prevents adoption")
    supporting: list[str]
    opposing: list[str]
    abstaining: list[str]
    constructive_abstentions: list[str]
    reserves: list[str]
    awaiting: list[str] = Field(description="Member States with no position recorded")


class PositionOut(BaseModel):
    model_config = _examples(_POSITION_EXAMPLE)

    measure_id: str
    member_state: str
    position: PositionKind
    comment: str
    recorded_at: str
    recorded_by: str


class ImplementationOut(BaseModel):
    model_config = _examples(_IMPLEMENTATION_EXAMPLE)

    id: str
    measure_id: str
    kind: ImplementationKind
    date: date
    summary: str
    text: str | None
    recipient: str | None
    delegation: str | None
    reference: str | None
    incident_ids: list[str]
    recorded_at: str
    recorded_by: str


class RecidivismOut(BaseModel):
    incident_id: str
    slug: str
    title: str
    start: str | None
    shared: str = Field(description='What the later incident shares, e.g. "actor APT28"')


class CaseFileOut(CaseOut):
    """Everything known about a case, read at once."""

    model_config = _examples(
        {
            **_CASE_EXAMPLE,
            "history": [
                {"at": _AT, "by": "ana", "from": None, "to": "drafting", "note": ""},
                {"at": _AT, "by": "ana", "from": "drafting", "to": "consultation", "note": ""},
            ],
            "adoption": [
                {
                    "measure_id": "m1",
                    "instrument_id": "restrictive.listing",
                    "decision_rule": "unanimity",
                    "adoptable": False,
                    "explanation": "unanimity: 26 Member States have not stated a position",
                    "blockers": [],
                    "supporting": ["DE"],
                    "opposing": [],
                    "abstaining": [],
                    "constructive_abstentions": [],
                    "reserves": [],
                    "awaiting": ["AT", "BE"],
                }
            ],
            "positions": [_POSITION_EXAMPLE],
            "implementations": [],
            "recidivism": [],
            "ruleset": "2026.1",
            "next_states": ["drafting", "adopted", "not-adopted"],
        }
    )

    history: list[StateChangeOut]
    adoption: list[AdoptionOut]
    positions: list[PositionOut]
    implementations: list[ImplementationOut]
    recidivism: list[RecidivismOut] = Field(
        description="Later incidents by an actor or sponsor State the case responded to"
    )
    ruleset: str = Field(description="The assessment rules the case was opened with")
    next_states: list[CaseState] = Field(
        description="The states the case may move to next (adopted and not-adopted by deciding)"
    )


class CaseListOut(BaseModel):
    model_config = _examples(
        {
            "items": [_CASE_EXAMPLE],
            "total": 1,
            "counts": {"drafting": 0, "consultation": 1, "closed": 0},
        }
    )

    items: list[CaseOut]
    total: int
    counts: dict[str, int] = Field(description="Every case by state, whatever the filter")


def case_out(case: ResponseCase) -> CaseOut:
    return CaseOut.model_validate(case_summary_to_dict(case))


def case_file_out(case_file: CaseFile, next_states: Sequence[CaseState]) -> CaseFileOut:
    document = case_file_to_dict(case_file)
    return CaseFileOut.model_validate({**document, "next_states": list(next_states)})


def case_list_out(cases: Sequence[ResponseCase], counts: Mapping[CaseState, int]) -> CaseListOut:
    return CaseListOut(
        items=[case_out(case) for case in cases],
        total=len(cases),
        counts={state.value: counts.get(state, 0) for state in CaseState},
    )


def position_out(position: Position) -> PositionOut:
    return PositionOut.model_validate(POSITIONS.encode(position))


def implementation_out(implementation: Implementation) -> ImplementationOut:
    return ImplementationOut.model_validate(IMPLEMENTATIONS.encode(implementation))


# --- Cases, as they are changed --------------------------------------------------------------


class CaseOpenIn(BaseModel):
    model_config = _examples({"incidents": ["wannacry-2017"], "title": None})

    incidents: list[str] = Field(min_length=1, description="Incident ids or slugs")
    title: str | None = Field(None, description="Defaults to “Response to <incident titles>”")


class MeasureIn(BaseModel):
    model_config = _examples(
        {
            "instrument_id": "stability.hr_declaration",
            "text": "Declaration by the High Representative on behalf of the EU.",
            "justification": "A public statement before listing, as in the 2017 precedent.",
            "expected_version": 1,
        }
    )

    instrument_id: str = Field(description="A Toolbox instrument (see /api/v1/instruments)")
    text: str = Field("", description="Draft wording")
    justification: str = Field(description="Why the measure is added (required)")
    expected_version: int | None = Field(None, description="The case version edited")


class MeasureChangesIn(BaseModel):
    model_config = _examples(
        {
            "text": "List the GRU unit 26165 and two of its officers.",
            "justification": "Grounds narrowed after the legal service's opinion.",
            "expected_version": 2,
        },
        {"dropped": False, "justification": "Restored at DE's request.", "expected_version": 4},
    )

    title: str | None = None
    text: str | None = None
    dropped: bool | None = Field(None, description="true drops the measure, false restores it")
    justification: str = Field(description="Why the measure changes (required)")
    expected_version: int | None = Field(None, description="The case version edited")


class StateMoveIn(BaseModel):
    model_config = _examples(
        {"state": "consultation", "note": "COREPER on 3 December", "expected_version": 3}
    )

    state: CaseState = Field(description="The state to move to (not a decision: see /decision)")
    note: str = ""
    review_due: date | None = Field(None, description="When the case is to be reviewed")
    expected_version: int | None = Field(None, description="The case version moved")


class DecisionIn(BaseModel):
    model_config = _examples({"note": "Council decision of 10 December", "expected_version": 7})

    note: str = Field("", description="Defaults to each measure's adoptability")
    expected_version: int | None = Field(None, description="The case version decided")


class PositionIn(BaseModel):
    model_config = _examples(
        {
            "measure_id": "m1",
            "member_state": "DE",
            "position": "support",
            "comment": "Subject to the final wording of the grounds.",
        }
    )

    measure_id: str = Field(description="The measure id (m1) or its instrument id")
    member_state: str = Field(description="The delegate's own Member State, ISO code or name")
    position: PositionKind
    comment: str = ""


class ImplementationIn(BaseModel):
    model_config = _examples(
        {
            "measure_id": "m1",
            "kind": "legal-act",
            "date": "2026-12-10",
            "summary": "Listing adopted by the Council",
            "reference": "Council Implementing Regulation (EU) 2026/2101",
        }
    )

    measure_id: str
    kind: ImplementationKind
    date: date
    summary: str
    text: str | None = Field(None, description="A statement's text")
    recipient: str | None = Field(None, description="Démarche, dialogue or assistance partner")
    delegation: str | None = Field(None, description="Which delegation delivered it")
    reference: str | None = Field(None, description="Legal act reference or a URL")
