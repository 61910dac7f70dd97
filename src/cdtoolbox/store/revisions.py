"""Revision counters of the stored records, one per kind, for caches of derived data.

Every write of a kind of record bumps its counter in the writer's own transaction, so a cache
in any process can tell whether what it derived is still current by comparing counters.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from sqlalchemy import Connection, Executable, select

from cdtoolbox.store.schema import store_revisions

__all__ = ["RecordKind", "StoreRevisions"]


class RecordKind(StrEnum):
    """The kinds of record a derived value can depend on."""

    INCIDENTS = "incidents"
    ACTORS = "actors"
    SANCTIONS = "sanctions"
    SITUATION = "situation"  # the incidents' event logs (docs/situation.md)
    RESPONSES = "responses"  # the public responses (precedents of the assessment)


class StoreRevisions:
    """The revision counters as one transaction sees them."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def current(self, kinds: Iterable[RecordKind]) -> tuple[int, ...]:
        """The counter of each kind, in the order asked; a kind never written is at 0."""
        wanted = tuple(kinds)
        rows = self._connection.execute(
            select(store_revisions.c.name, store_revisions.c.revision).where(
                store_revisions.c.name.in_([kind.value for kind in wanted])
            )
        )
        found = {name: int(revision) for name, revision in rows}
        return tuple(found.get(kind.value, 0) for kind in wanted)

    def bump(self, kind: RecordKind, writes: int = 1) -> None:
        """Count ``writes`` more writes of ``kind`` (a batch counts each record it writes, as
        writing them one by one would)."""
        # Migration 0006 created the incidents' row only: a kind's row is created by its first
        # write, by the very statement that bumps it, so two first writers cannot both insert it.
        row = {"name": kind.value, "revision": writes}
        key = [store_revisions.c.name]
        bumped = {"revision": store_revisions.c.revision + writes}
        # Each dialect's module is imported in its branch: the connection's engine has imported
        # its own already, and the other one costs a command a hundredth of a second.
        if self._connection.dialect.name == "postgresql":
            from sqlalchemy.dialects import postgresql

            statement: Executable = (
                postgresql.insert(store_revisions)
                .values(row)
                .on_conflict_do_update(index_elements=key, set_=bumped)
            )
        else:
            from sqlalchemy.dialects import sqlite

            statement = (
                sqlite.insert(store_revisions)
                .values(row)
                .on_conflict_do_update(index_elements=key, set_=bumped)
            )
        self._connection.execute(statement)
