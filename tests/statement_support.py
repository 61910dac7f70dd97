"""Statements built in memory, for the exchange writers' tests (no store, no reader)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from cdtoolbox.model.statement import (
    IssuerKind,
    ReadInstrument,
    ReadIssuer,
    Statement,
    StatementReading,
    text_digest,
)
from cdtoolbox.model.vocabulary import Classification, Tlp


def statement(
    text: str,
    *,
    tlp: Tlp = Tlp.CLEAR,
    classification: Classification | None = None,
    issuer: IssuerKind = IssuerKind.COUNCIL,
    issuer_name: str | None = None,
    country: str | None = None,
    issued: date | None = date(2024, 6, 24),
    url: str | None = None,
) -> Statement:
    digest = text_digest(text)
    reading = StatementReading(
        date=None,
        issuer=ReadIssuer(issuer, issuer_name, country),
        aligned=(),
        language="en",
        instrument=ReadInstrument("other"),
    )
    return Statement(
        id=f"st-{digest[:16]}",
        sha256=digest,
        text=text,
        file_name="statement.txt",
        media_type="text/plain",
        source_url=url,
        language="en",
        issuer_kind=issuer,
        issuer_name=issuer_name,
        date=issued,
        instrument="other",
        tlp=tlp,
        classification=classification,
        recorded_by="ana",
        recorded_at=datetime(2026, 12, 7, 9, 30, tzinfo=UTC),
        reading=reading,
        reader_version="tests",
    )
