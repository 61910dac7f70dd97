"""Response cases ↔ plain JSON-ready dicts, declared once with ``Codec``: the store's rows and
documents, ``cdt cases … --json``, the API's case schemas and the audit trail's records are
views of these codecs, so a proposed measure, say, has one document form everywhere.

``*_from_dict`` reads what these codecs wrote; checking what a user typed is the case
service's job.
"""

from __future__ import annotations

from cdtoolbox.model.case import (
    CaseFile,
    Implementation,
    MeasureAdoption,
    Position,
    ProposedMeasure,
    ResponseCase,
    StateChange,
)
from cdtoolbox.model.dataclass_codec import Codec, Document

__all__ = [
    "CASES",
    "CASE_DOCUMENTS",
    "CASE_RECORDS",
    "CASE_SUMMARIES",
    "IMPLEMENTATIONS",
    "MEASURES",
    "POSITIONS",
    "POSITION_RECORDS",
    "case_file_to_dict",
    "case_summary_to_dict",
]

MEASURES = Codec(ProposedMeasure)
CASES = Codec(
    ResponseCase,
    codecs=[MEASURES, Codec(StateChange, rename={"from_state": "from", "to_state": "to"})],
)
# What the store keeps as the case's document; the other fields are columns of its row.
CASE_DOCUMENTS = CASES.view(
    "incident_ids", "measures", "assessment_snapshot", "ruleset", "history", "decided_at"
)
CASE_SUMMARIES = CASES.view(
    *("id", "title", "state", "incident_ids", "created_at", "created_by", "updated_at"),
    *("decided_at", "review_due", "version", "measures"),
)
POSITIONS = Codec(
    Position,
    keys=[
        *("case_id", "measure_id", "member_state", "position", "comment", "recorded_at"),
        "recorded_by",
    ],
)
IMPLEMENTATIONS = Codec(
    Implementation,
    keys=[
        *("id", "case_id", "measure_id", "kind", "date", "summary", "text", "recipient"),
        *("delegation", "reference", "incident_ids", "recorded_at", "recorded_by"),
    ],
)
# A case file names its case once, so its parts leave the case id out.
_CASE_FILE_PARTS = Codec(
    CaseFile,
    keys=["adoption", "positions", "implementations", "recidivism"],
    codecs=[
        POSITIONS.view(exclude=["case_id"]),
        IMPLEMENTATIONS.view(exclude=["case_id"]),
        Codec(
            MeasureAdoption,
            keys=[
                *("measure_id", "instrument_id", "decision_rule", "adoptable", "explanation"),
                *("blockers", "supporting", "opposing", "abstaining"),
                *("constructive_abstentions", "reserves", "awaiting"),
            ],
        ),
    ],
)
_CASE_FILE_HEAD = CASE_SUMMARIES.view(*CASE_SUMMARIES.keys, "history")
_CASE_FILE_TAIL = CASES.view("ruleset")

# What the audit trail keeps of a case (the assessment snapshot is not repeated) and of a
# position: the facts a later reader must be able to check, without who typed them.
CASE_RECORDS = CASES.view(
    "title",
    "state",
    "incident_ids",
    "review_due",
    "measures",
    "version",
    codecs=[MEASURES.view("id", "instrument_id", "title", "text", "dropped", "decision")],
)
POSITION_RECORDS = POSITIONS.view(
    "measure_id", "member_state", "position", "comment", "recorded_at"
)


def case_summary_to_dict(case: ResponseCase) -> Document:
    return CASE_SUMMARIES.encode(case)


def case_file_to_dict(case_file: CaseFile, *, with_snapshot: bool = False) -> Document:
    case = case_file.case
    document = {
        **_CASE_FILE_HEAD.encode(case),
        **_CASE_FILE_PARTS.encode(case_file),
        **_CASE_FILE_TAIL.encode(case),
    }
    if with_snapshot:
        document["assessment_snapshot"] = dict(case.assessment_snapshot)
    return document
