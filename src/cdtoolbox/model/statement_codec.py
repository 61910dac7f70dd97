"""Statement readings ↔ the JSON document ``cdt statements read --json`` prints, declared once
(docs/statements.md documents the document; its top-level keys are a stable promise)."""

from __future__ import annotations

from cdtoolbox.model.dataclass_codec import Codec, Document
from cdtoolbox.model.statement import StatementReading

__all__ = ["STATEMENT_READINGS", "reading_to_dict"]

STATEMENT_READINGS = Codec(StatementReading)


def reading_to_dict(reading: StatementReading) -> Document:
    """The reading as the documented JSON document."""
    return STATEMENT_READINGS.encode(reading)
