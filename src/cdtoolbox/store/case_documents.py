"""Response cases, positions and implementations as the rows and JSON documents the store
keeps: the columns and the document are views of the one case codec (``model.case_codec``)."""

from __future__ import annotations

from typing import Any

from cdtoolbox.model.case import Implementation, Position, ResponseCase
from cdtoolbox.model.case_codec import CASE_DOCUMENTS, CASES, IMPLEMENTATIONS, POSITIONS
from cdtoolbox.store.documents import read_document, write_document

__all__ = [
    "case_columns",
    "case_from_row",
    "implementation_columns",
    "implementation_from_row",
    "position_columns",
    "position_from_row",
]

_CASE_COLUMNS = CASES.view(
    "title", "state", "created_at", "created_by", "updated_at", "review_due", "version"
)
_IMPLEMENTATION_COLUMNS = IMPLEMENTATIONS.view(
    "id", "case_id", "measure_id", "kind", "date", "recorded_at", "recorded_by"
)
_IMPLEMENTATION_DOCUMENT = IMPLEMENTATIONS.view(
    "summary", "text", "recipient", "delegation", "reference", "incident_ids"
)


def case_columns(case: ResponseCase) -> dict[str, Any]:
    """Every column of the case's row but its id."""
    return {
        **_CASE_COLUMNS.encode(case),
        "document": write_document(CASE_DOCUMENTS.encode(case)),
    }


def case_from_row(row: Any) -> ResponseCase:
    columns = dict(row._mapping)
    return CASES.decode({**read_document(columns.pop("document")), **columns})


def position_columns(position: Position) -> dict[str, Any]:
    # A position without a comment keeps NULL in its column, as it always has.
    return {**POSITIONS.encode(position), "comment": position.comment or None}


def position_from_row(row: Any) -> Position:
    return POSITIONS.decode({**row._mapping, "comment": row.comment or ""})


def implementation_columns(implementation: Implementation) -> dict[str, Any]:
    return {
        **_IMPLEMENTATION_COLUMNS.encode(implementation),
        "document": write_document(_IMPLEMENTATION_DOCUMENT.encode(implementation)),
    }


def implementation_from_row(row: Any) -> Implementation:
    columns = dict(row._mapping)
    return IMPLEMENTATIONS.decode({**read_document(columns.pop("document")), **columns})
