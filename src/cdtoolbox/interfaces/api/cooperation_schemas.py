"""Wire schemas of the cooperation registers: CBM frameworks, the implementation tracker, the
points-of-contact directory and communication checks (Pydantic v2)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cdtoolbox.model import CbmFramework
from cdtoolbox.model.cooperation import (
    ImplementationMatrix,
    ImplementationRecord,
    PointOfContact,
    RoundReport,
    StateImplementation,
)
from cdtoolbox.model.cooperation_codec import (
    implementation_to_dict,
    poc_to_dict,
    report_to_dict,
)

__all__ = [
    "CheckRoundIn",
    "CheckRoundOut",
    "CheckStepIn",
    "FrameworkOut",
    "ImplementationIn",
    "ImplementationOut",
    "MatrixOut",
    "PocIn",
    "PocOut",
    "StateImplementationOut",
    "framework_out",
    "implementation_out",
    "matrix_out",
    "poc_out",
    "round_out",
    "state_out",
]

_VERSION = "Refuse the change (409) if someone changed the record since this version"


def _examples(*examples: dict[str, Any], forbid: bool = False) -> ConfigDict:
    if forbid:  # a request body: an unknown key is a mistake, not something to ignore
        return ConfigDict(json_schema_extra={"examples": list(examples)}, extra="forbid")
    return ConfigDict(json_schema_extra={"examples": list(examples)})


_RECORD_EXAMPLE = {
    "state": "FR",
    "measure_id": "OSCE-CBM-8",
    "status": "implemented",
    "evidence": {"document": "OSCE CBM 8 contact list", "dated": "2025-06-01", "url": None},
    "recorded_by": "analyst",
    "recorded_at": "2026-11-25T09:00:00+00:00",
    "tlp": "clear",
    "note": None,
    "version": 1,
}


class FrameworkOut(BaseModel):
    model_config = _examples(
        {
            "id": "osce",
            "name": "OSCE cyber/ICT confidence-building measures",
            "organisation": "Organization for Security and Co-operation in Europe",
            "summary": "CBM 1-11 by PC.DEC/1106, CBM 12-16 by PC.DEC/1202.",
            "sources": ["https://www.osce.org/cio/84562"],
            "status": "verified",
            "members": ["AL", "AD"],
            "other_participants": [],
            "participant_count": 57,
            "member_sources": ["https://www.osce.org/cio/84562"],
            "member_status": "verified",
            "member_notes": [],
        }
    )

    id: str
    name: str
    organisation: str
    summary: str
    sources: list[str]
    status: str
    members: list[str] = Field(description="ISO 3166-1 alpha-2 codes (none for the UN's CBMs)")
    other_participants: list[list[str]] = Field(description="[code, name] without an ISO code")
    participant_count: int
    member_sources: list[str]
    member_status: str | None
    member_notes: list[dict[str, str]] = Field(description="Remarks on a member's standing")


class ImplementationOut(BaseModel):
    model_config = _examples(_RECORD_EXAMPLE)

    state: str
    measure_id: str
    status: str = Field(description="not-reported, planned, partial or implemented")
    evidence: dict[str, Any] | None = Field(description="{document, dated, url}")
    recorded_by: str
    recorded_at: str
    tlp: str
    note: str | None
    version: int
    classification: str | None = Field(
        None,
        description="EU classification: restreint-ue, confidentiel-ue or secret-ue; null: "
        "unclassified (docs/markings.md)",
    )


class ImplementationIn(BaseModel):
    model_config = _examples(
        {
            "status": "implemented",
            "evidence": "OSCE CBM 8 contact list",
            "date": "2025-06-01",
            "evidence_url": "https://www.osce.org/",
            "tlp": "clear",
        },
        forbid=True,
    )

    status: str = Field(description="not-reported, planned, partial or implemented")
    evidence: str | None = Field(None, description="The document that shows the status")
    date: str | None = Field(None, description="The document's date, YYYY-MM-DD")
    evidence_url: str | None = Field(None, description="Where the document is published")
    tlp: str = Field("clear", description="The record's TLP marking")
    note: str | None = Field(None, description="A remark")
    expected_version: int | None = Field(None, description=_VERSION)
    classification: str | None = Field(
        None,
        description="EU classification: restreint-ue, confidentiel-ue or secret-ue; null: "
        "unclassified (docs/markings.md). Needs a classification clearance at least as high",
    )


class StateImplementationOut(BaseModel):
    model_config = _examples(
        {
            "state": "FR",
            "frameworks": ["osce", "un"],
            "measures": [{"measure_id": "OSCE-CBM-8", "status": "implemented"}],
            "records": [_RECORD_EXAMPLE],
        }
    )

    state: str
    frameworks: list[str]
    measures: list[dict[str, str]] = Field(description="Each measure and its status")
    records: list[ImplementationOut]


class MatrixOut(BaseModel):
    model_config = _examples(
        {
            "states": ["FR"],
            "measure_ids": ["OSCE-CBM-8"],
            "rows": [{"state": "FR", "statuses": ["implemented"]}],
        }
    )

    states: list[str]
    measure_ids: list[str]
    rows: list[dict[str, Any]] = Field(description="Per State, the statuses in measure order")


_POC_EXAMPLE = {
    "id": "fr-osce-anssi",
    "state": "FR",
    "network": "osce",
    "level": "technical",
    "organisation": "ANSSI",
    "channel": "e-mail",
    "languages": ["fr", "en"],
    "hours": "24/7",
    "last_verified": "2026-06-10",
    "stale": False,
    "tlp": "clear",
    "personal": None,
    "personal_tlp": "amber",
    "personal_withheld": True,
    "site": None,
    "source": None,
    "version": 1,
}


class PocOut(BaseModel):
    model_config = _examples(_POC_EXAMPLE)

    id: str
    state: str
    network: str
    level: str
    organisation: str
    channel: str
    languages: list[str]
    hours: str | None
    last_verified: str | None
    stale: bool = Field(description="Not verified within twelve months")
    tlp: str
    personal: dict[str, Any] | None = Field(description="Shown to readers cleared for it")
    personal_tlp: str
    personal_withheld: bool = Field(description="Details exist but are above your clearance")
    site: str | None
    source: str | None
    version: int
    classification: str | None = Field(
        None,
        description="EU classification: restreint-ue, confidentiel-ue or secret-ue; null: "
        "unclassified (docs/markings.md)",
    )


class PocIn(BaseModel):
    model_config = _examples(
        {
            name: _POC_EXAMPLE[name]
            for name in (
                "state",
                "network",
                "level",
                "organisation",
                "channel",
                "languages",
                "hours",
            )
        },
        forbid=True,
    )

    state: str = Field(description="ISO code or name")
    network: str = Field(description="osce, arf, oas, un or eu-csirts-network")
    level: str = Field(description="diplomatic, technical or political")
    organisation: str
    channel: str
    languages: list[str] = Field(default_factory=list)
    hours: str | None = None
    last_verified: str | None = Field(None, description="YYYY-MM-DD")
    tlp: str = "clear"
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    personal_tlp: str = Field("amber", description="The marking of name, e-mail and phone")
    classification: str | None = Field(
        None,
        description="EU classification: restreint-ue, confidentiel-ue or secret-ue; null: "
        "unclassified (docs/markings.md). Needs a classification clearance at least as high",
    )


class CheckRoundIn(BaseModel):
    model_config = _examples({"network": "osce", "title": "2026 Q4"}, forbid=True)

    network: str = Field(description="The framework or network whose contacts are checked")
    title: str


class CheckStepIn(BaseModel):
    model_config = _examples(
        {"poc_id": "fr-osce-anssi", "at": "2026-11-25T09:00:00+00:00"}, forbid=True
    )

    poc_id: str
    at: str | None = Field(None, description="When (ISO 8601); now when omitted")


_TIMES_EXAMPLE = {
    "sent": 2,
    "acknowledged": 1,
    "response_rate": 0.5,
    "median_seconds": 3600.0,
    "p95_seconds": 3600.0,
}


class CheckRoundOut(BaseModel):
    model_config = _examples(
        {
            "id": "osce-2026-q4",
            "network": "osce",
            "title": "2026 Q4",
            "opened_at": "2026-11-25T09:00:00+00:00",
            "opened_by": "analyst",
            "entries": [],
            "version": 1,
            "overall": _TIMES_EXAMPLE,
            "by_state": [{"state": "FR", **_TIMES_EXAMPLE}],
        }
    )

    id: str
    network: str
    title: str
    opened_at: str
    opened_by: str
    entries: list[dict[str, Any]]
    version: int
    overall: dict[str, Any] = Field(description="Response rate, median and p95 in seconds")
    by_state: list[dict[str, Any]]


def framework_out(framework: CbmFramework) -> FrameworkOut:
    return FrameworkOut(
        id=framework.id,
        name=framework.name,
        organisation=framework.organisation,
        summary=framework.summary,
        sources=list(framework.sources),
        status=framework.status.value,
        members=list(framework.members),
        other_participants=[list(pair) for pair in framework.other_participants],
        participant_count=framework.participant_count,
        member_sources=list(framework.member_sources),
        member_status=framework.member_status.value if framework.member_status else None,
        member_notes=[
            {"code": n.code, "note": n.note, "status": n.status.value}
            for n in framework.member_notes
        ],
    )


def implementation_out(record: ImplementationRecord) -> ImplementationOut:
    return ImplementationOut.model_validate(implementation_to_dict(record))


def state_out(state: StateImplementation) -> StateImplementationOut:
    return StateImplementationOut(
        state=state.state,
        frameworks=list(state.frameworks),
        measures=[{"measure_id": m, "status": state.status_of(m).value} for m in state.measure_ids],
        records=[implementation_out(r) for r in state.records],
    )


def matrix_out(matrix: ImplementationMatrix) -> MatrixOut:
    return MatrixOut(
        states=list(matrix.states),
        measure_ids=list(matrix.measure_ids),
        rows=[
            {"state": s, "statuses": [matrix.status(s, m).value for m in matrix.measure_ids]}
            for s in matrix.states
        ],
    )


def poc_out(poc: PointOfContact, stale: bool) -> PocOut:
    return PocOut.model_validate({**poc_to_dict(poc), "stale": stale})


def round_out(report: RoundReport) -> CheckRoundOut:
    return CheckRoundOut.model_validate(report_to_dict(report))
