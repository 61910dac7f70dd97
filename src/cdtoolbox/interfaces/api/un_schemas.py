"""Wire schemas of the UN process register: processes, sessions and pillars (reference), and
documents, paragraphs, positions and statements (Pydantic v2)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cdtoolbox.model.un_process import (
    DocumentPositions,
    PillarInfo,
    Position,
    SessionRecord,
    UnDocument,
    UnParagraph,
    UnProcess,
    UnSession,
    UnStatement,
)
from cdtoolbox.model.un_process_codec import (
    document_positions_to_dict,
    document_to_dict,
    paragraph_to_dict,
    position_to_dict,
    process_to_dict,
    session_record_to_dict,
    session_to_dict,
    statement_to_dict,
)

__all__ = [
    "DocumentIn",
    "DocumentOut",
    "DocumentPositionsOut",
    "ParagraphIn",
    "ParagraphOut",
    "PillarOut",
    "PositionIn",
    "PositionOut",
    "ProcessOut",
    "SessionOut",
    "SessionRecordOut",
    "StatementIn",
    "StatementOut",
    "document_out",
    "document_positions_out",
    "paragraph_out",
    "pillar_out",
    "position_out",
    "process_out",
    "session_out",
    "session_record_out",
    "statement_out",
]

_PILLARS = "threats, norms, international-law, cbms, capacity-building or rid"
_STANCES = "support, support-with-amendments, oppose, reserve or no-position"
_KINDS = "apr-draft, apr-final, chair-summary, working-paper or other"
_PARTY = "EU, or a Member State's ISO 3166-1 alpha-2 code or name"


def _examples(*examples: dict[str, Any], forbid: bool = False) -> ConfigDict:
    if forbid:  # a request body: an unknown key is a mistake, not something to ignore
        return ConfigDict(json_schema_extra={"examples": list(examples)}, extra="forbid")
    return ConfigDict(json_schema_extra={"examples": list(examples)})


_SESSION_EXAMPLE = {
    "id": "oewg-2021-2025-8",
    "process": "oewg-2021-2025",
    "title": "8th substantive session",
    "starts": "2024-07-08",
    "ends": "2024-07-12",
    "outcome": "3rd Annual Progress Report A/79/214 adopted.",
    "note": None,
    "sources": ["https://meetings.unoda.org/meeting/76825"],
    "status": "verified",
    "confirmed": True,
}
_DOCUMENT_EXAMPLE = {
    "id": "a-ac-292-2024-crp-1",
    "session": "oewg-2021-2025-8",
    "kind": "apr-draft",
    "title": "REV1 draft Annual Progress Report",
    "dated": "2024-07-01",
    "recorded_by": "analyst",
    "recorded_at": "2026-11-25T09:00:00+00:00",
    "symbol": "A/AC.292/2024/CRP.1",
    "url": None,
    "tlp": "clear",
    "version": 1,
}
_PARAGRAPH_EXAMPLE = {
    "document": "a-ac-292-2024-crp-1",
    "number": "12",
    "text": "States expressed concern about ransomware.",
    "recorded_by": "analyst",
    "recorded_at": "2026-11-25T09:00:00+00:00",
    "pillar": "threats",
    "tlp": "clear",
}
_POSITION_EXAMPLE = {
    "document": "a-ac-292-2024-crp-1",
    "paragraph": "12",
    "party": "EU",
    "stance": "support-with-amendments",
    "dated": "2024-07-09",
    "recorded_by": "analyst",
    "recorded_at": "2026-11-25T09:00:00+00:00",
    "wording": "add 'and commercial intrusion capabilities'",
    "tlp": "amber",
    "version": 1,
}
_STATEMENT_EXAMPLE = {
    "id": "5d0c…",
    "session": "oewg-2021-2025-8",
    "party": "EU",
    "dated": "2024-07-08",
    "title": "EU Statement: introduction and threats of the REV1 draft APR",
    "recorded_by": "analyst",
    "recorded_at": "2026-11-25T09:00:00+00:00",
    "url": "https://eeas.europa.eu/delegations/un-new-york/",
    "pillar": "threats",
    "aligned": ["UA", "MD"],
    "tlp": "clear",
}


class ProcessOut(BaseModel):
    model_config = _examples(
        {
            "id": "oewg-2021-2025",
            "name": "Open-Ended Working Group on security of and in the use of ICTs (2021-2025)",
            "kind": "oewg",
            "summary": "Chaired by Singapore; eleven substantive sessions.",
            "mandate": "A/RES/75/240",
            "reports": ["A/77/275", "A/78/265", "A/79/214", "A/80/257"],
            "successor_of": [],
            "milestones": [],
            "sources": ["https://meetings.unoda.org/meeting/76825"],
            "status": "verified",
            "confirmed": True,
        }
    )

    id: str
    name: str
    kind: str = Field(description="gge, oewg, poa or mechanism")
    summary: str
    mandate: str | None = Field(description="The GA resolution that set it up, when confirmed")
    reports: list[str] = Field(description="Document symbols of its reports")
    successor_of: list[str] = Field(description="The processes it continues")
    milestones: list[dict[str, Any]] = Field(
        description="{when, fact, sources, status, confirmed}; unconfirmed facts say so"
    )
    sources: list[str]
    status: str = Field(description="verified, secondary or unverified")
    confirmed: bool


class PillarOut(BaseModel):
    model_config = _examples(
        {"id": "rid", "title": "Regular institutional dialogue", "summary": "The forum to follow."}
    )

    id: str
    title: str
    summary: str


class SessionOut(BaseModel):
    model_config = _examples(_SESSION_EXAMPLE)

    id: str
    process: str
    title: str
    starts: str | None = Field(description="Given only when confirmed")
    ends: str | None
    outcome: str | None
    note: str | None = Field(description="What is known but not confirmed, saying so")
    sources: list[str]
    status: str
    confirmed: bool


class DocumentOut(BaseModel):
    model_config = _examples(_DOCUMENT_EXAMPLE)

    id: str
    session: str
    kind: str = Field(description=_KINDS)
    title: str
    dated: str
    recorded_by: str
    recorded_at: str
    symbol: str | None
    url: str | None
    tlp: str
    classification: str | None = Field(
        None, description="EU classification; null: unclassified (docs/markings.md)"
    )
    version: int


class DocumentIn(BaseModel):
    model_config = _examples(
        {
            "session": "oewg-2021-2025-8",
            "kind": "apr-draft",
            "title": "REV1 draft Annual Progress Report",
            "date": "2024-07-01",
            "symbol": "A/AC.292/2024/CRP.1",
            "tlp": "clear",
        },
        forbid=True,
    )

    session: str = Field(description="The session's id")
    kind: str = Field(description=_KINDS)
    title: str
    date: str = Field(description="The document's date, YYYY-MM-DD")
    symbol: str | None = Field(None, description="Its UN symbol, e.g. A/78/265")
    url: str | None = Field(None, description="Where it is published")
    tlp: str = Field("clear", description="The document's TLP marking (its paragraphs share it)")
    classification: str | None = Field(
        None,
        description="EU classification: restreint-ue, confidentiel-ue or secret-ue; null: "
        "unclassified. Needs a classification clearance at least as high",
    )


class ParagraphOut(BaseModel):
    model_config = _examples(_PARAGRAPH_EXAMPLE)

    document: str
    number: str
    text: str
    recorded_by: str
    recorded_at: str
    pillar: str | None = Field(description=_PILLARS)
    tlp: str
    classification: str | None = Field(
        None, description="EU classification; null: unclassified (docs/markings.md)"
    )


class ParagraphIn(BaseModel):
    model_config = _examples(
        {"number": "12", "text": "States expressed concern about ransomware.", "pillar": "threats"},
        forbid=True,
    )

    number: str = Field(description="As printed: 12, 12bis, 12(a), C.3")
    text: str
    pillar: str | None = Field(None, description=_PILLARS)


class PositionOut(BaseModel):
    model_config = _examples(_POSITION_EXAMPLE)

    document: str
    paragraph: str
    party: str
    stance: str = Field(description=_STANCES)
    dated: str
    recorded_by: str
    recorded_at: str
    wording: str | None
    tlp: str
    classification: str | None = Field(
        None, description="EU classification; null: unclassified (docs/markings.md)"
    )
    version: int


class PositionIn(BaseModel):
    model_config = _examples(
        {
            "paragraph": "12",
            "party": "EU",
            "stance": "support-with-amendments",
            "wording": "add 'and commercial intrusion capabilities'",
            "date": "2024-07-09",
            "tlp": "amber",
        },
        forbid=True,
    )

    paragraph: str = Field(description="The paragraph's number")
    party: str = Field(description=_PARTY)
    stance: str = Field(description=_STANCES)
    wording: str | None = Field(None, description="The amendment or the position's wording")
    date: str | None = Field(None, description="When it was taken, YYYY-MM-DD (today if none)")
    tlp: str = Field("clear", description="The position's TLP marking; never below its document's")
    classification: str | None = Field(
        None,
        description="EU classification: restreint-ue, confidentiel-ue or secret-ue; null: "
        "unclassified. Needs a classification clearance at least as high",
    )
    expected_version: int | None = Field(
        None, description="Refuse the change (409) if someone changed it since this version"
    )


class StatementOut(BaseModel):
    model_config = _examples(_STATEMENT_EXAMPLE)

    id: str
    session: str
    party: str
    dated: str
    title: str
    recorded_by: str
    recorded_at: str
    url: str | None
    pillar: str | None
    aligned: list[str] = Field(description="States aligning themselves with it, by ISO code")
    tlp: str
    classification: str | None = Field(
        None, description="EU classification; null: unclassified (docs/markings.md)"
    )


class StatementIn(BaseModel):
    model_config = _examples(
        {
            "session": "oewg-2021-2025-8",
            "party": "EU",
            "date": "2024-07-08",
            "title": "EU Statement: introduction and threats of the REV1 draft APR",
            "url": "https://eeas.europa.eu/delegations/un-new-york/",
            "pillar": "threats",
            "aligned": ["UA"],
        },
        forbid=True,
    )

    session: str = Field(description="The session's id")
    party: str = Field(description=_PARTY)
    date: str = Field(description="When it was delivered, YYYY-MM-DD, within the session")
    title: str
    url: str | None = Field(None, description="Where it is published")
    pillar: str | None = Field(None, description=_PILLARS)
    aligned: list[str] = Field(default_factory=list, description="States aligning with it")
    tlp: str = Field("clear", description="The statement's TLP marking")
    classification: str | None = Field(
        None,
        description="EU classification: restreint-ue, confidentiel-ue or secret-ue; null: "
        "unclassified. Needs a classification clearance at least as high",
    )


class SessionRecordOut(SessionOut):
    model_config = _examples(
        {**_SESSION_EXAMPLE, "documents": [_DOCUMENT_EXAMPLE], "statements": [_STATEMENT_EXAMPLE]}
    )

    documents: list[DocumentOut]
    statements: list[StatementOut]


class ParagraphPositionsOut(ParagraphOut):
    positions: list[PositionOut] = Field(description="The EU's first, then the Member States")


class DocumentPositionsOut(DocumentOut):
    model_config = _examples(
        {
            **_DOCUMENT_EXAMPLE,
            "paragraphs": [{**_PARAGRAPH_EXAMPLE, "positions": [_POSITION_EXAMPLE]}],
        }
    )

    paragraphs: list[ParagraphPositionsOut]


def process_out(process: UnProcess) -> ProcessOut:
    return ProcessOut.model_validate(process_to_dict(process))


def pillar_out(info: PillarInfo) -> PillarOut:
    return PillarOut(id=info.pillar.value, title=info.title, summary=info.summary)


def session_out(session: UnSession) -> SessionOut:
    return SessionOut.model_validate(session_to_dict(session))


def session_record_out(record: SessionRecord) -> SessionRecordOut:
    return SessionRecordOut.model_validate(session_record_to_dict(record))


def document_out(document: UnDocument) -> DocumentOut:
    return DocumentOut.model_validate(document_to_dict(document))


def paragraph_out(paragraph: UnParagraph) -> ParagraphOut:
    return ParagraphOut.model_validate(paragraph_to_dict(paragraph))


def position_out(position: Position) -> PositionOut:
    return PositionOut.model_validate(position_to_dict(position))


def statement_out(statement: UnStatement) -> StatementOut:
    return StatementOut.model_validate(statement_to_dict(statement))


def document_positions_out(read: DocumentPositions) -> DocumentPositionsOut:
    return DocumentPositionsOut.model_validate(document_positions_to_dict(read))
