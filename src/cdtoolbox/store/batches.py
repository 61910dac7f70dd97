"""Batches: splitting long id lists so one statement never binds too many parameters, and
inserting many plain rows at once."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

from sqlalchemy import Connection, TableClause

__all__ = ["BATCH_SIZE", "chunks", "insert_plain_rows"]

# Well below SQLite's (32766) and PostgreSQL's (65535) limits on bound parameters.
BATCH_SIZE = 500

T = TypeVar("T")


def chunks(values: Sequence[T], size: int = BATCH_SIZE) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def insert_plain_rows(
    connection: Connection,
    table: TableClause,
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
) -> None:
    """Insert ``rows`` (tuples in the order of ``columns``) straight through the driver.

    Only for values the driver takes as they are (text and integers): SQLAlchemy's per-row
    parameter processing is skipped, which is most of the cost of an import's index rows.
    """
    if not rows:
        return
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    names = ", ".join(columns)
    markers = ", ".join([marker] * len(columns))
    connection.exec_driver_sql(f"INSERT INTO {table.name} ({names}) VALUES ({markers})", rows)
