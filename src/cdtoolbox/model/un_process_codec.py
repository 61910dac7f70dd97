"""The one document form of each record of the UN process register: stored, printed by
``--json``, validated by the API's wire schemas and written into the audit trail."""

from __future__ import annotations

from typing import Any

from cdtoolbox.model.dataclass_codec import Codec, Document
from cdtoolbox.model.un_process import (
    DocumentPositions,
    Milestone,
    Position,
    SessionRecord,
    UnDocument,
    UnParagraph,
    UnProcess,
    UnSession,
    UnStatement,
)

__all__ = [
    "DOCUMENTS",
    "PARAGRAPHS",
    "POSITIONS",
    "PROCESSES",
    "SESSIONS",
    "STATEMENTS",
    "document_from_dict",
    "document_positions_to_dict",
    "document_to_dict",
    "paragraph_from_dict",
    "paragraph_to_dict",
    "position_from_dict",
    "position_to_dict",
    "process_to_dict",
    "session_record_to_dict",
    "session_to_dict",
    "statement_from_dict",
    "statement_to_dict",
]

# Reference entries say whether their sources confirm them, for readers that do not know the
# three verification levels.
PROCESSES = Codec(
    UnProcess,
    keys=[
        *("id", "name", "kind", "summary", "mandate", "reports", "successor_of", "milestones"),
        *("sources", "status", "confirmed"),
    ],
    codecs=[Codec(Milestone, keys=["when", "fact", "sources", "status", "confirmed"])],
)
SESSIONS = Codec(
    UnSession,
    keys=[
        *("id", "process", "title", "starts", "ends", "outcome", "note", "sources", "status"),
        "confirmed",
    ],
)
DOCUMENTS = Codec(UnDocument)
PARAGRAPHS = Codec(UnParagraph)
POSITIONS = Codec(Position)
STATEMENTS = Codec(UnStatement)


def process_to_dict(process: UnProcess) -> Document:
    return PROCESSES.encode(process)


def session_to_dict(session: UnSession) -> Document:
    return SESSIONS.encode(session)


def document_to_dict(document: UnDocument) -> Document:
    return DOCUMENTS.encode(document)


def document_from_dict(document: dict[str, Any]) -> UnDocument:
    return DOCUMENTS.decode(document)


def paragraph_to_dict(paragraph: UnParagraph) -> Document:
    return PARAGRAPHS.encode(paragraph)


def paragraph_from_dict(document: dict[str, Any]) -> UnParagraph:
    return PARAGRAPHS.decode(document)


def position_to_dict(position: Position) -> Document:
    return POSITIONS.encode(position)


def position_from_dict(document: dict[str, Any]) -> Position:
    return POSITIONS.decode(document)


def statement_to_dict(statement: UnStatement) -> Document:
    return STATEMENTS.encode(statement)


def statement_from_dict(document: dict[str, Any]) -> UnStatement:
    return STATEMENTS.decode(document)


def document_positions_to_dict(read: DocumentPositions) -> Document:
    """A document with its paragraphs in order, each with its positions (the EU's first)."""
    return {
        **document_to_dict(read.document),
        "paragraphs": [
            {
                **paragraph_to_dict(entry.paragraph),
                "positions": [position_to_dict(p) for p in entry.positions],
            }
            for entry in read.paragraphs
        ],
    }


def session_record_to_dict(record: SessionRecord) -> Document:
    """A session with the documents and statements recorded of it."""
    return {
        **session_to_dict(record.session),
        "documents": [document_to_dict(d) for d in record.documents],
        "statements": [statement_to_dict(s) for s in record.statements],
    }
