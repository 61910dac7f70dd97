"""The accounts' visits of the situation board as one transaction sees them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, Executable, select

from cdtoolbox.store.board_visit_schema import board_visits
from cdtoolbox.store.situation_repository import stored_time

__all__ = ["BoardVisitRepository"]


class BoardVisitRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def last(self, username: str) -> datetime | None:
        """When ``username`` last opened the board; None if never."""
        found = self._connection.execute(
            select(board_visits.c.visited_at).where(board_visits.c.username == username)
        ).scalar_one_or_none()
        return None if found is None else datetime.fromisoformat(found)

    def record(self, username: str, at: datetime) -> None:
        """``username`` opened the board at ``at``: one row per account, replaced."""
        row = {"username": username, "visited_at": stored_time(at)}
        key = [board_visits.c.username]
        changed = {"visited_at": row["visited_at"]}
        # An upsert, so two devices opening the board at once cannot both insert the row.
        if self._connection.dialect.name == "postgresql":
            from sqlalchemy.dialects import postgresql

            statement: Executable = (
                postgresql.insert(board_visits)
                .values(row)
                .on_conflict_do_update(index_elements=key, set_=changed)
            )
        else:
            from sqlalchemy.dialects import sqlite

            statement = (
                sqlite.insert(board_visits)
                .values(row)
                .on_conflict_do_update(index_elements=key, set_=changed)
            )
        self._connection.execute(statement)
