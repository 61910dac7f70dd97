"""Full-text search over the statements archive, on each backend in its own way.

Statements are in English, French or German (and now and then another language), so the
index stems each statement in its language where the backend can:

- PostgreSQL keeps a ``tsvector`` made with the statement's language configuration
  (``english``, ``french``, ``german``; ``simple``, which only folds case, for any other)
  under a GIN index. A query is stemmed in each of the four configurations and matches a
  statement when all its words match in one of them, so "attaques" finds "attaqué" in a
  French text and "sanctions" finds "sanctioned" in an English one. PostgreSQL's
  configurations keep accents: "attaque" finds "attaqué" because the French stemmer cuts
  both to "attaqu", not by folding.
- SQLite keeps an FTS5 table with the ``porter unicode61 remove_diacritics 2`` tokenizer:
  accents are folded in the index and in the query ("attaque" finds "attaqué" in any
  language) and words are stemmed with the Porter stemmer, which is English: "sanctions"
  finds "sanctioned", but French and German words are matched as written, accents aside
  ("attaques" does not find "attaque").

User text never reaches the query language (``store.text_search.search_terms``).
"""

from __future__ import annotations

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

__all__ = [
    "STATEMENT_TEXT_TABLE",
    "StatementSearch",
    "search_configuration",
    "statement_search_for",
]

#: Created by migration 0024, a FTS5 table on SQLite, a tsvector table on PostgreSQL.
STATEMENT_TEXT_TABLE = "statement_text"

# PostgreSQL's text search configuration for each language the reader tells apart.
_CONFIGURATIONS = {"en": "english", "fr": "french", "de": "german"}
_OTHER = "simple"

_text_table = table(STATEMENT_TEXT_TABLE, column("statement_id"), column("body"))


def search_configuration(language: str | None) -> str:
    """The PostgreSQL configuration a statement in ``language`` is indexed with."""
    return _CONFIGURATIONS.get(language or "", _OTHER)


class StatementSearch(Protocol):
    def index(
        self, connection: Connection, statement_id: str, text: str, language: str | None
    ) -> None:
        """Index one statement's text."""
        ...

    def matching_ids(self, terms: tuple[str, ...]) -> Select[tuple[str]]:
        """The ids of statements whose text holds every term (``terms`` is not empty)."""
        ...


class _Fts5Search:
    def index(
        self, connection: Connection, statement_id: str, text: str, language: str | None
    ) -> None:
        connection.execute(_text_table.insert().values(statement_id=statement_id, body=text))

    def matching_ids(self, terms: tuple[str, ...]) -> Select[tuple[str]]:
        # A double-quoted FTS5 string is always a plain phrase; "" escapes a quote inside it.
        query = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
        match: ColumnElement[bool] = literal_column(STATEMENT_TEXT_TABLE).op(
            "MATCH", is_comparison=True
        )(query)
        return select(_text_table.c.statement_id).where(match)


def _configuration(name: str) -> ColumnElement[Any]:
    # The names are this module's constants, never user text.
    return literal_column(f"'{name}'::regconfig")


class _TsvectorSearch:
    def index(
        self, connection: Connection, statement_id: str, text: str, language: str | None
    ) -> None:
        configuration = _configuration(search_configuration(language))
        connection.execute(
            _text_table.insert().values(
                statement_id=statement_id, body=func.to_tsvector(configuration, bindparam("text"))
            ),
            {"text": text},
        )

    def matching_ids(self, terms: tuple[str, ...]) -> Select[tuple[str]]:
        words = " ".join(terms)
        # One tsquery, the union of the query stemmed in every configuration: a constant the
        # GIN index answers, where a per-row configuration would scan every statement.
        queries = [
            func.plainto_tsquery(_configuration(name), words)
            for name in (*_CONFIGURATIONS.values(), _OTHER)
        ]
        query: ColumnElement[Any] = queries[0]
        for other in queries[1:]:
            query = query.op("||")(other)
        match: ColumnElement[bool] = _text_table.c.body.op("@@", is_comparison=True)(query)
        return select(_text_table.c.statement_id).where(match)


_SEARCHES: dict[str, StatementSearch] = {"sqlite": _Fts5Search(), "postgresql": _TsvectorSearch()}


def statement_search_for(dialect: Dialect) -> StatementSearch:
    return _SEARCHES[dialect.name]
