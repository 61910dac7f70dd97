"""The statements archive as seen by one transaction: each statement with its reading, the
names its reading gives (to filter on) and its full-text index. Reads fail closed: a read
that does not name the reader's classification sees unclassified statements only."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, insert, select

from cdtoolbox.errors import NotFound
from cdtoolbox.model import Page
from cdtoolbox.model.statement import IssuerKind, Statement, StatementQuery
from cdtoolbox.model.statement_codec import reading_from_dict, reading_to_dict
from cdtoolbox.model.vocabulary import Classification, Tlp
from cdtoolbox.store.documents import read_document, write_document
from cdtoolbox.store.markings import within_clearance
from cdtoolbox.store.pagination import SortKey, check_limit
from cdtoolbox.store.statement_search import statement_search_for
from cdtoolbox.store.statements_schema import statement_mentions, statements
from cdtoolbox.store.text_search import search_terms

__all__ = ["MENTION_KINDS", "StatementRepository"]

_STATEMENT = "statement"
_HINT = "`cdt statements list` shows the archive"
#: The kinds of ``statement_mentions`` rows: an actor named, a State held responsible, an
#: incident referred to.
MENTION_KINDS = ("actor", "state", "incident")
# Newest first; undated statements last.
_BY_DATE = SortKey("date", statements.c.issued_on, statements.c.id, descending=True, nullable=True)


def _columns(statement: Statement) -> dict[str, object]:
    return {
        "id": statement.id,
        "sha256": statement.sha256,
        "text": statement.text,
        "file_name": statement.file_name,
        "media_type": statement.media_type,
        "source_url": statement.source_url,
        "language": statement.language,
        "issuer_kind": statement.issuer_kind.value,
        "issuer_name": statement.issuer_name,
        "issued_on": statement.date.isoformat() if statement.date else None,
        "instrument": statement.instrument,
        "tlp": statement.tlp.value,
        "classification": statement.classification.value if statement.classification else None,
        "classification_rank": Classification.rank_of(statement.classification),
        "recorded_by": statement.recorded_by,
        "recorded_at": statement.recorded_at.isoformat(),
        "given": " ".join(statement.given),
        "reading": write_document(reading_to_dict(statement.reading)),
        "reader_version": statement.reader_version,
    }


def _statement(row: Row[Any]) -> Statement:
    return Statement(
        id=row.id,
        sha256=row.sha256,
        text=row.text,
        file_name=row.file_name,
        media_type=row.media_type,
        source_url=row.source_url,
        language=row.language,
        issuer_kind=IssuerKind(row.issuer_kind),
        issuer_name=row.issuer_name,
        date=date.fromisoformat(row.issued_on) if row.issued_on else None,
        instrument=row.instrument,
        tlp=Tlp(row.tlp),
        classification=Classification(row.classification) if row.classification else None,
        recorded_by=row.recorded_by,
        recorded_at=datetime.fromisoformat(row.recorded_at),
        given=tuple(row.given.split()),
        reading=reading_from_dict(read_document(row.reading)),
        reader_version=row.reader_version,
    )


def _mentions(statement: Statement) -> Iterable[tuple[str, str]]:
    reading = statement.reading
    yield from (("actor", item.id) for item in reading.actors)
    yield from (("state", state) for state in reading.attributed_states)
    yield from (("incident", item.id) for item in reading.incidents)


class StatementRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._search = statement_search_for(connection.dialect)

    def with_digest(self, sha256: str) -> Statement | None:
        """The statement whose normalised text has this digest, whatever its marking: the
        caller decides what the writer may be told of it."""
        row = self._connection.execute(
            select(statements).where(statements.c.sha256 == sha256)
        ).first()
        return None if row is None else _statement(row)

    def add(self, statement: Statement) -> Statement:
        """Store a statement not stored yet (its id and digest are new), with its mentions
        and its full-text index."""
        self._connection.execute(insert(statements).values(**_columns(statement)))
        mentions = sorted(set(_mentions(statement)))
        if mentions:
            self._connection.execute(
                insert(statement_mentions),
                [
                    {"statement_id": statement.id, "kind": kind, "value": value}
                    for kind, value in mentions
                ],
            )
        self._search.index(self._connection, statement.id, statement.text, statement.language)
        return statement

    def get(
        self, statement_id: str, clearance: Tlp, classification: Classification | None = None
    ) -> Statement:
        """The statement, if marked at most ``clearance`` and classified at most
        ``classification``; else ``NotFound``, as for a statement never stored."""
        row = self._connection.execute(
            select(statements).where(
                statements.c.id == statement_id,
                *within_clearance(statements, clearance, classification),
            )
        ).first()
        if row is None:
            raise NotFound(_STATEMENT, statement_id, _HINT)
        return _statement(row)

    def list(
        self,
        query: StatementQuery,
        clearance: Tlp,
        classification: Classification | None = None,
        *,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page[Statement]:
        """The statements ``query`` asks for that are marked at most ``clearance`` and
        classified at most ``classification`` (left unset: unclassified only), newest first,
        ``limit`` to a page."""
        check_limit(limit)
        selected = self._filtered(
            select(statements).where(*within_clearance(statements, clearance, classification)),
            query,
        )
        if cursor is not None:
            selected = selected.where(_BY_DATE.after(*_BY_DATE.read_cursor(cursor)))
        rows = self._connection.execute(selected.order_by(*_BY_DATE.order_by()).limit(limit + 1))
        fetched = list(rows)
        next_cursor = None
        if len(fetched) > limit:
            last = fetched[limit - 1]
            next_cursor = _BY_DATE.cursor(last.issued_on, last.id)
        return Page(
            items=tuple(_statement(row) for row in fetched[:limit]), next_cursor=next_cursor
        )

    def _filtered(self, selected: Select[Any], query: StatementQuery) -> Select[Any]:
        column = statements.c
        if query.issuer is not None:
            selected = selected.where(column.issuer_kind == query.issuer.value)
        if query.instrument is not None:
            selected = selected.where(column.instrument == query.instrument)
        if query.language is not None:
            selected = selected.where(column.language == query.language)
        if query.since is not None:
            selected = selected.where(column.issued_on >= query.since.isoformat())
        if query.until is not None:
            selected = selected.where(column.issued_on <= query.until.isoformat())
        for kind, value in (
            ("actor", query.actor),
            ("state", query.state),
            ("incident", query.incident),
        ):
            if value is not None:
                named = select(statement_mentions.c.statement_id).where(
                    statement_mentions.c.kind == kind, statement_mentions.c.value == value
                )
                selected = selected.where(column.id.in_(named))
        terms = search_terms(query.text)
        if terms:
            selected = selected.where(column.id.in_(self._search.matching_ids(terms)))
        return selected
