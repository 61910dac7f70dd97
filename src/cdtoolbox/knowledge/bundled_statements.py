"""The official texts shipped for the statement archive, read from ``statements/manifest.yaml``.

An entry whose file is missing or empty, whose date is not a date, whose issuer or wording is
not of the vocabulary, or whose response is not in ``responses.yaml``, is refused when the
manifest is read, as is a response both bundled and said not to be.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib import resources

from cdtoolbox.errors import InvalidInput
from cdtoolbox.knowledge.datafiles import DataFile, EntryReader
from cdtoolbox.knowledge.responses import ResponseRegister
from cdtoolbox.model.bundled_statements import (
    BundledStatement,
    BundledStatements,
    NotBundled,
    Wording,
)
from cdtoolbox.model.statement import IssuerKind

__all__ = ["MANIFEST", "load_bundled_statements"]

MANIFEST = "statements/manifest.yaml"
_ENTITY = "bundled statement"
_DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?")
_ADDRESS = re.compile(r"https?://\S+")


def load_bundled_statements(data: DataFile, responses: ResponseRegister) -> BundledStatements:
    folder = resources.files("cdtoolbox.knowledge").joinpath("data", "statements")
    statements = []
    for reader in data.entries("statements", _ENTITY):
        file = reader.text("file")
        path = folder.joinpath(file)
        if not path.is_file():
            raise reader.fail("file", file, "is not a file of knowledge/data/statements")
        text = path.read_text("utf-8")
        if not text.strip():
            raise reader.fail("file", file, "is empty")
        statements.append(
            BundledStatement(
                id=reader.text("id"),
                file=file,
                text=text,
                url=_address(reader, "url"),
                read_from=reader.optional_text("read_from"),
                issuer=reader.choice("issuer", IssuerKind),
                issuer_name=reader.optional_text("issuer_name"),
                date=_date(reader),
                language=reader.text("language"),
                wording=reader.choice("wording", Wording),
                excerpt=reader.flag("excerpt"),
                response=_response(reader, responses),
            )
        )
    not_bundled = []
    bundled = {item.response for item in statements}
    for raw in data.section("not_bundled", _ENTITY):
        if not isinstance(raw, Mapping):
            raise InvalidInput(_ENTITY, "not_bundled", raw, "must be a list of mappings")
        reader = EntryReader(raw, _ENTITY, f"{data.name} not_bundled")
        response = _response(reader, responses)
        if response is not None and response in bundled:
            raise reader.fail("response", response, "is bundled, and said not to be")
        statement = reader.optional_text("statement")
        if response is None and statement is None:
            raise reader.fail("response", None, "is missing: name a response or a statement")
        not_bundled.append(NotBundled(response, statement, reader.text("reason")))
    header = EntryReader(data.content, "data file", data.name)
    return BundledStatements(
        statements=tuple(statements),
        not_bundled=tuple(not_bundled),
        acknowledgement=header.text("acknowledgement"),
        reuse_policy=header.text("reuse_policy"),
    )


def _address(reader: EntryReader, field: str) -> str:
    value = reader.text(field)
    if not _ADDRESS.fullmatch(value):
        raise reader.fail(field, value, "is not an http(s) address")
    return value


def _date(reader: EntryReader) -> str:
    value = reader.text("date")
    if not _DATE.fullmatch(value):
        raise reader.fail("date", value, "must be a date written YYYY-MM-DD or YYYY-MM")
    return value


def _response(reader: EntryReader, responses: ResponseRegister) -> str | None:
    response = reader.optional_text("response")
    if response is not None and response not in responses:
        raise reader.fail("response", response, "is not a response of responses.yaml")
    return response
