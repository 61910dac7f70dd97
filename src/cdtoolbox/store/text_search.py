"""Full-text search over incidents: the one place where SQLite and PostgreSQL differ.

SQLite uses an FTS5 table with the ``porter unicode61`` tokenizer; PostgreSQL a ``tsvector``
column under a GIN index with the ``english`` configuration. Both stem, so "centrifuge" finds
"centrifuges". Migration ``0001`` creates the ``incident_text`` table for each backend.

User text never reaches the query language: it is cut into words here, and every word is
quoted (FTS5) or passed to ``plainto_tsquery`` (PostgreSQL), so quotes, asterisks, ``AND``
or ``NEAR`` are searched for as plain words and never make an SQL error. All words must match.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    bindparam,
    column,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy.engine import Dialect

from cdtoolbox.store.batches import insert_plain_rows
from cdtoolbox.store.stop_words import ENGLISH_STOP_WORDS

__all__ = ["TEXT_TABLE", "TextSearch", "search_terms", "text_search_for"]

TEXT_TABLE = "incident_text"

_WORD = re.compile(r"\w+")
_MAX_TERMS = 32

_text_table = table(TEXT_TABLE, column("incident_id"), column("body"))
# SQLite only: the FTS5 rowid of each incident's row (see ``_Fts5Search``).
_text_rows = table(f"{TEXT_TABLE}_rows", column("incident_id"), column("text_rowid"))
_ROWID: ColumnElement[int] = literal_column("rowid")


def search_terms(text: str | None) -> tuple[str, ...]:
    """The words of a user's query, in order, without repeats or English stop words (at most
    32); a query of stop words alone has no terms, and so filters nothing.

    Spelling is kept: both backends fold case themselves, each the way its index did.
    """
    if not text:
        return ()
    seen: dict[str, str] = {}
    for word in _WORD.findall(text):
        folded = word.lower()
        if folded not in ENGLISH_STOP_WORDS:
            seen.setdefault(folded, word)
    return tuple(seen.values())[:_MAX_TERMS]


class TextSearch(Protocol):
    """How one backend indexes an incident's text and finds incidents by words."""

    def index(self, connection: Connection, rows: list[tuple[str, str]]) -> None:
        """Index ``(incident_id, text)`` pairs for incidents not indexed yet."""
        ...

    def remove(self, connection: Connection, incident_ids: list[str]) -> None: ...

    def matching_ids(self, terms: tuple[str, ...]) -> Select[tuple[str]]:
        """The ids of incidents whose text contains every term (``terms`` is not empty)."""
        ...


class _TextTable:
    """What both backends do alike: one ``incident_text`` row per incident."""

    def remove(self, connection: Connection, incident_ids: list[str]) -> None:
        if incident_ids:
            connection.execute(
                _text_table.delete().where(_text_table.c.incident_id.in_(incident_ids))
            )


class _Fts5Search(_TextTable):
    """An FTS5 table finds rows by their words or by rowid, never by another column: deleting
    an incident's row by ``incident_id`` reads every row of the index (2 ms per edit with
    10,000 incidents, growing with the store). Each row's rowid is therefore kept by incident
    id in ``incident_text_rows`` (migration 0028), and an edit deletes the row by it. Rowids
    stay in insertion order: FTS5 stores its postings as rowid deltas, and rowids made from a
    hash of the id made inserts five times slower and the index two thirds larger."""

    def index(self, connection: Connection, rows: list[tuple[str, str]]) -> None:
        if not rows:
            return
        last = connection.execute(select(func.max(_ROWID)).select_from(_text_table)).scalar()
        first = (last or 0) + 1
        insert_plain_rows(
            connection,
            _text_table,
            ("rowid", "incident_id", "body"),
            [(first + offset, key, body) for offset, (key, body) in enumerate(rows)],
        )
        insert_plain_rows(
            connection,
            _text_rows,
            ("incident_id", "text_rowid"),
            [(key, first + offset) for offset, (key, _) in enumerate(rows)],
        )

    def remove(self, connection: Connection, incident_ids: list[str]) -> None:
        if not incident_ids:
            return
        held = select(_text_rows.c.text_rowid).where(_text_rows.c.incident_id.in_(incident_ids))
        rowids = list(connection.execute(held).scalars())
        if rowids:
            connection.execute(_text_table.delete().where(_ROWID.in_(rowids)))
            connection.execute(
                _text_rows.delete().where(_text_rows.c.incident_id.in_(incident_ids))
            )
        if len(rowids) < len(set(incident_ids)):  # a row whose rowid was not kept: read all
            super().remove(connection, incident_ids)

    def matching_ids(self, terms: tuple[str, ...]) -> Select[tuple[str]]:
        # A double-quoted FTS5 string is always a plain phrase; "" escapes a quote inside it.
        query = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
        match: ColumnElement[bool] = literal_column(TEXT_TABLE).op("MATCH", is_comparison=True)(
            query
        )
        return select(_text_table.c.incident_id).where(match)


class _TsvectorSearch(_TextTable):
    _CONFIG: ColumnElement[Any] = literal_column("'english'::regconfig")

    def index(self, connection: Connection, rows: list[tuple[str, str]]) -> None:
        if rows:
            insert = _text_table.insert().values(
                incident_id=bindparam("id"), body=func.to_tsvector(self._CONFIG, bindparam("text"))
            )
            connection.execute(insert, [{"id": key, "text": body} for key, body in rows])

    def matching_ids(self, terms: tuple[str, ...]) -> Select[tuple[str]]:
        query = func.plainto_tsquery(self._CONFIG, " ".join(terms))
        match: ColumnElement[bool] = _text_table.c.body.op("@@", is_comparison=True)(query)
        return select(_text_table.c.incident_id).where(match)


_SEARCHES: dict[str, TextSearch] = {"sqlite": _Fts5Search(), "postgresql": _TsvectorSearch()}


def text_search_for(dialect: Dialect) -> TextSearch:
    return _SEARCHES[dialect.name]
