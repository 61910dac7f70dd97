"""Response cases, positions and implementations as the rows and JSON documents the store
keeps: the columns and the document are views of the one case codec (``model.case_codec``)."""

from __future__ import annotations

from typing import Any, TypeVar

from cdtoolbox.model.case import Implementation, Position, ResponseCase
from cdtoolbox.model.case_codec import CASE_DOCUMENTS, CASES, IMPLEMENTATIONS, POSITIONS
from cdtoolbox.model.dataclass_codec import Codec
from cdtoolbox.store.documents import read_document, write_document

__all__ = [
    "case_columns",
    "case_from_row",
    "implementation_columns",
    "implementation_from_row",
    "position_columns",
    "position_from_row",
]

T = TypeVar("T")

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
    return _folded(case, _CASE_COLUMNS, CASE_DOCUMENTS)


def case_from_row(row: Any) -> ResponseCase:
    return CASES.decode(_unfolded(row))


def position_columns(position: Position) -> dict[str, Any]:
    # A position without a comment keeps NULL in its column, as it always has.
    return {**POSITIONS.encode(position), "comment": position.comment or None}


def position_from_row(row: Any) -> Position:
    return POSITIONS.decode({**row._mapping, "comment": row.comment or ""})


def implementation_columns(implementation: Implementation) -> dict[str, Any]:
    return _folded(implementation, _IMPLEMENTATION_COLUMNS, _IMPLEMENTATION_DOCUMENT)


def implementation_from_row(row: Any) -> Implementation:
    return IMPLEMENTATIONS.decode(_unfolded(row))


def _folded(value: T, columns: Codec[T], document: Codec[T]) -> dict[str, Any]:
    """The row of ``value``: what ``columns`` encodes in columns of their own, the rest in
    one JSON ``document`` column."""
    return {**columns.encode(value), "document": write_document(document.encode(value))}


def _unfolded(row: Any) -> dict[str, Any]:
    """A row's columns with its JSON ``document`` column spread beside them."""
    columns = dict(row._mapping)
    return {**read_document(columns.pop("document")), **columns}
