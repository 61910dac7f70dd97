"""Cases have one document form: the store's, the command line's, the API's and the audit's
documents are views of it."""

from __future__ import annotations

from datetime import UTC, date, datetime

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
from cdtoolbox.model.case_codec import (
    CASE_DOCUMENTS,
    CASE_RECORDS,
    CASES,
    IMPLEMENTATIONS,
    MEASURES,
    case_summary_to_dict,
)

AT = datetime(2026, 12, 7, 4, 34, 53, tzinfo=UTC)
CASE = ResponseCase(
    id="f48fc1c9-90f3-4a18-9541-25b52fb94dc5",
    title="Response to WannaCry ransomware worm",
    incident_ids=("912951bb-b82f-572a-80f6-189a6af4ab34",),
    state=CaseState.CONSULTATION,
    measures=(
        ProposedMeasure(
            id="m1",
            instrument_id="restrictive.listing",
            title="Restrictive measures against persons and entities",
            origin=MeasureOrigin.ASSESSMENT,
            decision=MeasureDecision.PENDING,
            available_when_proposed=False,
            missing_when_proposed=("attribution",),
            history=(MeasureChange(AT, "system", "proposed", "ranked 1"),),
        ),
    ),
    assessment_snapshot={"912951bb-b82f-572a-80f6-189a6af4ab34": {"ruleset": "2026.12.1"}},
    ruleset="2026.12.1",
    created_at=AT,
    created_by="system",
    updated_at=AT,
    history=(
        StateChange(AT, "system", None, CaseState.DRAFTING),
        StateChange(AT, "ana", CaseState.DRAFTING, CaseState.CONSULTATION, "COREPER"),
    ),
    review_due=date(2027, 6, 7),
    version=2,
)

# A case's row and document as the store wrote them before the codecs were declared.
STORED_ROW = {
    "id": "f48fc1c9-90f3-4a18-9541-25b52fb94dc5",
    "title": "Response to WannaCry ransomware worm",
    "state": "drafting",
    "created_at": "2026-12-07T04:34:53+00:00",
    "created_by": "system",
    "updated_at": "2026-12-07T04:34:53+00:00",
    "review_due": None,
    "version": 1,
}
STORED_DOCUMENT = {
    "assessment_snapshot": {"912951bb-b82f-572a-80f6-189a6af4ab34": {}},
    "decided_at": None,
    "history": [
        {
            "at": "2026-12-07T04:34:53+00:00",
            "by": "system",
            "from": None,
            "note": "",
            "to": "drafting",
        }
    ],
    "incident_ids": ["912951bb-b82f-572a-80f6-189a6af4ab34"],
    "measures": [
        {
            "available_when_proposed": True,
            "decision": "pending",
            "dropped": False,
            "history": [
                {
                    "action": "proposed",
                    "at": "2026-12-07T04:34:53+00:00",
                    "by": "system",
                    "justification": "ranked 1 in the assessment of wannacry-2017",
                }
            ],
            "id": "m1",
            "instrument_id": "restrictive.listing",
            "missing_when_proposed": [],
            "origin": "assessment",
            "text": "",
            "title": "Restrictive measures against persons and entities",
        }
    ],
    "ruleset": "2026.12.1",
}


def test_a_case_survives_its_document_form() -> None:
    assert CASES.decode(CASES.encode(CASE)) == CASE


def test_a_case_stored_before_the_codecs_were_declared_reads_the_same() -> None:
    case = CASES.decode({**STORED_DOCUMENT, **STORED_ROW})
    assert case.history == (StateChange(AT, "system", None, CaseState.DRAFTING),)
    assert case.measures[0].history[0].at == AT
    assert CASE_DOCUMENTS.encode(case) == STORED_DOCUMENT


def test_a_proposed_measure_is_written_one_way_everywhere() -> None:
    measure = MEASURES.encode(CASE.measures[0])
    assert CASE_DOCUMENTS.encode(CASE)["measures"] == [measure]
    assert case_summary_to_dict(CASE)["measures"] == [measure]
    # The audit trail keeps the facts a later reader checks, spelt the same way.
    record = CASE_RECORDS.encode(CASE)["measures"][0]
    assert record == {key: measure[key] for key in record}


def test_state_changes_keep_their_from_and_to_keys() -> None:
    assert CASES.encode(CASE)["history"][1] == {
        "at": "2026-12-07T04:34:53+00:00",
        "by": "ana",
        "from": "drafting",
        "to": "consultation",
        "note": "COREPER",
    }


def test_an_implementation_survives_its_document_form() -> None:
    implementation = Implementation(
        id="implementation-1",
        case_id=CASE.id,
        measure_id="m1",
        kind=ImplementationKind.LEGAL_ACT,
        date=date(2026, 12, 10),
        summary="Listing adopted by the Council",
        recorded_at=AT,
        recorded_by="ana",
        reference="Council Implementing Regulation (EU) 2026/2101",
        incident_ids=CASE.incident_ids,
    )
    assert IMPLEMENTATIONS.decode(IMPLEMENTATIONS.encode(implementation)) == implementation


def test_the_audit_trail_keeps_the_record_it_always_kept() -> None:
    assert CASE_RECORDS.encode(CASE) == {
        "title": "Response to WannaCry ransomware worm",
        "state": "consultation",
        "incident_ids": ["912951bb-b82f-572a-80f6-189a6af4ab34"],
        "review_due": "2027-06-07",
        "measures": [
            {
                "id": "m1",
                "instrument_id": "restrictive.listing",
                "title": "Restrictive measures against persons and entities",
                "text": "",
                "dropped": False,
                "decision": "pending",
            }
        ],
        "version": 2,
    }
