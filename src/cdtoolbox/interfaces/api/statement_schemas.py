"""Wire schemas of the statements archive (Pydantic v2); the documents are
``model.statement_codec``'s."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cdtoolbox.model.statement import IssuerKind, Statement
from cdtoolbox.model.statement_codec import statement_to_dict
from cdtoolbox.toolbox.statements import AddedStatement

__all__ = [
    "ISSUER_KINDS",
    "StatementAddedOut",
    "StatementAddedPageOut",
    "StatementOut",
    "StatementPageOut",
    "statement_added_out",
    "statement_out",
]

ISSUER_KINDS = ", ".join(kind.value for kind in IssuerKind)


_EVIDENCE = [{"start": 412, "end": 448, "quote": "conducted by the Russian Federation"}]
_STATEMENT_EXAMPLE: dict[str, Any] = {
    "id": "st-9c1f0d2e4b7a3c55",
    "sha256": "9c1f0d2e4b7a3c55" + "0" * 48,
    "file_name": "viasat-2022-en.txt",
    "media_type": "text/plain",
    "source_url": "https://www.consilium.europa.eu/en/press/press-releases/2022/05/10/",
    "language": "en",
    "issuer": {"kind": "hr-on-behalf-of-eu", "name": None},
    "date": "2022-05-10",
    "instrument": "stability.hr_declaration",
    "tlp": "clear",
    "classification": None,
    "recorded_by": "analyst",
    "recorded_at": "2026-12-07T09:00:00+00:00",
    "given": [],
    "reader_version": "reader 2, phrases 2",
    "reading": {
        "date": "2022-05-10",
        "instrument": "stability.hr_declaration",
        "attributions": [
            {"state": "RU", "actor": None, "strength": "explicit", "evidence": _EVIDENCE}
        ],
        "targets": {"countries": ["UA"], "sectors": []},
        "incidents": ["viasat-ka-sat-2022"],
    },
}


class IssuerOut(BaseModel):
    kind: str = Field(description=f"One of: {ISSUER_KINDS}")
    name: str | None


class StatementOut(BaseModel):
    """A statement kept in the archive, with the reading made when it was added."""

    model_config = ConfigDict(json_schema_extra={"examples": [_STATEMENT_EXAMPLE]})

    id: str
    sha256: str = Field(description="SHA-256 of the normalised text: one statement per text")
    file_name: str
    media_type: str = Field(description="text/plain, text/markdown, text/html or application/pdf")
    source_url: str | None = Field(description="Where it was published, as the analyst gave it")
    language: str | None = Field(description="en, fr or de as read; null when too short to tell")
    issuer: IssuerOut
    date: str | None = Field(description="The date of issue (ISO), read or given")
    instrument: str = Field(description="An instrument id, as read (docs/statements.md)")
    tlp: str
    classification: str | None = Field(
        description="The statement's EU classification; null: unclassified (docs/markings.md)"
    )
    recorded_by: str
    recorded_at: str
    given: list[str] = Field(
        description="`issuer`, `date`: values the analyst gave over those the reading found"
    )
    reader_version: str = Field(description="The reader and phrase book that made the reading")
    reading: dict[str, Any] = Field(
        description="The reading: the JSON document of `cdt statements read --json` "
        "(docs/statements.md), every item with its evidence"
    )
    text: str | None = Field(default=None, description="The full text read; left out of listings")


class StatementPageOut(BaseModel):
    """One page of statements, newest first; pass `next_cursor` as `cursor` for the next."""

    items: list[StatementOut]
    next_cursor: str | None = Field(description="Opaque; null on the last page")


class StatementAddedOut(StatementOut):
    model_config = ConfigDict(json_schema_extra={"examples": [{**_STATEMENT_EXAMPLE, "new": True}]})

    new: bool = Field(description="False: the text was in the archive already; nothing written")


class StatementAddedPageOut(BaseModel):
    items: list[StatementAddedOut] = Field(description="One per file, in the order sent")


def statement_out(statement: Statement, *, with_text: bool = True) -> StatementOut:
    return StatementOut.model_validate(statement_to_dict(statement, with_text=with_text))


def statement_added_out(added: AddedStatement) -> StatementAddedOut:
    document = statement_to_dict(added.statement, with_text=False)
    return StatementAddedOut.model_validate({**document, "new": added.new})
