"""Test databases built once per pytest worker and handed to each test as a copy.

A store goes through three stages: *empty* (nothing in it), *migrated* (the schema at the head
revision) and *initialised* (after ``Toolbox.init()``: the reference actors, the bundled
incidents, the sanctions register and the published TAXII collections). Migrating costs a
quarter to half a second and ``init()`` a second more, and hundreds of tests ask for a new
store, so each stage is built once per worker and copied for each test:

- SQLite: the stage is a file in the session's temporary folder; a test gets a copy of it.
- PostgreSQL: ``CREATE DATABASE … TEMPLATE`` checkpoints the cluster and takes seconds where
  fsync is on, more than migrating. Instead each worker owns a few databases and keeps, beside
  ``public``, a schema holding a snapshot of every table's rows at each stage; handing out a
  stage is one transaction: in each table a test wrote to, delete every row and insert the
  snapshot's, then reset the sequences. A test that changed the tables' shape is detected and
  the schema is migrated anew.

Under pytest-xdist every worker derives its own database names from ``PYTEST_XDIST_WORKER``;
temporary folders are already per worker.
"""

from __future__ import annotations

import enum
import hashlib
import os
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.store import Database
from cdtoolbox.toolbox import Settings, Toolbox

__all__ = ["PostgresDatabases", "SqliteStages", "Stage", "worker_name"]

Connection = psycopg.Connection[tuple[Any, ...]]


class Stage(enum.Enum):
    EMPTY = "empty"
    MIGRATED = "migrated"
    INITIALISED = "initialised"


def worker_name() -> str:
    """``gw0``, ``gw1``… under pytest-xdist; ``main`` in a run without workers."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def build_stage(url: str, stage: Stage, knowledge: KnowledgeBase) -> None:
    """Bring the empty database at ``url`` to ``stage`` the way a user does."""
    if stage is Stage.MIGRATED:
        with Database(url) as database:
            database.migrate()
    elif stage is Stage.INITIALISED:
        with Toolbox(Settings(url), knowledge=knowledge) as toolbox:
            toolbox.init()


class SqliteStages:
    """One SQLite file per stage in ``folder``, built on first use and copied for each test."""

    def __init__(self, folder: Path, knowledge: KnowledgeBase) -> None:
        self._folder = folder
        self._knowledge = knowledge
        self._built: dict[Stage, Path] = {}

    def copy(self, stage: Stage, target: Path) -> str:
        """The URL of ``target``, a new database at ``stage``; its folder is created only for a
        stage past empty (the store itself must create it for an empty one)."""
        if stage is not Stage.EMPTY:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self._template(stage), target)
        return f"sqlite:///{target}"

    def _template(self, stage: Stage) -> Path:
        if stage not in self._built:
            path = self._folder / f"{stage.value}.sqlite3"
            build_stage(f"sqlite:///{path}", stage, self._knowledge)
            # A single self-contained file: fold the write-ahead log in, so copying the one
            # file copies the whole database (the store turns WAL back on when it connects).
            with closing(sqlite3.connect(path)) as connection:
                connection.execute("PRAGMA journal_mode = DELETE")
            self._built[stage] = path
        return self._built[stage]


# The shape of the tables a snapshot fits: after a test that dropped or altered a table, the
# schema is migrated again before the restore.
_SHAPE_QUERY = """
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i', 'S') AND a.attnum > 0
  AND NOT a.attisdropped
ORDER BY 1, 2
"""

# Tables in the order their rows can be inserted: a table after those its foreign keys name.
_TABLES_QUERY = """
SELECT c.relname,
       array(SELECT DISTINCT r.relname FROM pg_constraint k JOIN pg_class r ON r.oid = k.confrelid
             WHERE k.conrelid = c.oid AND k.contype = 'f' AND k.confrelid <> c.oid),
       array(SELECT a.attname FROM pg_attribute a
             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
               AND a.attgenerated = '' ORDER BY a.attnum)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind = 'r'
"""


class PostgresDatabases:
    """This worker's PostgreSQL databases, named after the one in ``CDT_TEST_POSTGRES_URL``.

    ``url`` names the database the cluster was set up with (``scripts/start-test-postgres``
    makes it); it serves only to create this worker's own databases,
    ``<name>_<worker>_<purpose>``, which later runs reuse.
    """

    def __init__(self, url: str, knowledge: KnowledgeBase) -> None:
        self._url = url
        self._knowledge = knowledge
        base = url.rsplit("/", 1)[1].split("?", 1)[0]
        self._prefix = f"{base}_{worker_name()}"
        self._states: dict[str, _DatabaseState] = {}
        # One idle connection per database, kept: opening one costs more than a reset.
        self._connections: dict[str, Connection] = {}

    def provide(self, purpose: str, stage: Stage) -> str:
        """The URL of this worker's database for ``purpose``, reset to ``stage``."""
        name = f"{self._prefix}_{purpose}"
        url = self._url_of(name)
        connection = self._connection(name)
        _end_other_sessions(connection)
        state = self._states.get(name)
        if stage is Stage.EMPTY or state is None or state.shape != _shape(connection):
            self._states.pop(name, None)
            _drop_public(connection)
            if stage is Stage.EMPTY:
                return url
            build_stage(url, Stage.MIGRATED, self._knowledge)
            state = self._states[name] = _DatabaseState(_shape(connection))
            state.snapshot(connection, Stage.MIGRATED)
        if stage not in state.snapshots:
            state.restore(connection, Stage.MIGRATED)
            build_stage(url, stage, self._knowledge)
            state.snapshot(connection, stage)
        state.restore(connection, stage)
        return url

    def close(self) -> None:
        for connection in self._connections.values():
            connection.close()
        self._connections.clear()

    def _connection(self, name: str) -> Connection:
        connection = self._connections.get(name)
        if connection is None or connection.closed:
            self._create(name)
            self._states.pop(name, None)
            connection = self._connections[name] = self._connect(self._url_of(name))
        return connection

    def _create(self, name: str) -> None:
        with self._connect(self._url) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if not exists:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            # A test database need not survive a crash of the server: commits stop waiting for
            # the disk, which is most of the time a small write transaction takes.
            connection.execute(
                sql.SQL("ALTER DATABASE {} SET synchronous_commit = off").format(
                    sql.Identifier(name)
                )
            )
        with self._connect(self._url_of(name)) as connection:
            # Snapshots of an earlier run may fit an older schema: start this run afresh.
            for stage in Stage:
                connection.execute(
                    sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                        sql.Identifier(_snapshot_schema(stage))
                    )
                )
            _drop_public(connection)

    def _url_of(self, name: str) -> str:
        head, tail = self._url.rsplit("/", 1)
        query = tail.split("?", 1)[1] if "?" in tail else ""
        return f"{head}/{name}" + (f"?{query}" if query else "")

    @staticmethod
    def _connect(url: str) -> Connection:
        # psycopg takes a libpq URL, without SQLAlchemy's "+driver" part.
        scheme, rest = url.split("://", 1)
        connection = psycopg.connect(f"{scheme.split('+')[0]}://{rest}", autocommit=True)
        # A session left holding a lock would make the reset wait forever; fail instead.
        connection.execute("SET lock_timeout = '30s'")
        return connection


def _snapshot_schema(stage: Stage) -> str:
    return f"cdt_test_snapshot_{stage.value}"


@dataclass
class _Table:
    name: str
    references: tuple[str, ...]  # the tables its foreign keys name
    columns: tuple[str, ...]  # those an INSERT may set (not the generated ones)
    rows: dict[Stage, int] = field(default_factory=dict)


@dataclass
class _DatabaseState:
    """What one database holds: the shape its snapshots fit, the tables in the order their
    rows can be inserted, and which stage the last restore left in each table — as the
    transaction id the rows carry, so a table no test wrote to is left alone."""

    shape: str
    tables: list[_Table] = field(default_factory=list)
    snapshots: set[Stage] = field(default_factory=set)
    sequences: dict[Stage, list[tuple[str, int, bool]]] = field(default_factory=dict)
    restored: Stage | None = None
    writer: dict[str, int] = field(default_factory=dict)

    def snapshot(self, connection: Connection, stage: Stage) -> None:
        """Copy every table's rows and every sequence's position into the stage's schema."""
        schema = sql.Identifier(_snapshot_schema(stage))
        connection.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(schema))
        connection.execute(sql.SQL("CREATE SCHEMA {}").format(schema))
        if not self.tables:
            found = {
                name: _Table(name, tuple(references), tuple(columns))
                for name, references, columns in connection.execute(_TABLES_QUERY).fetchall()
            }
            self.tables = [found[name] for name in _insertion_order(found)]
        for table in self.tables:
            connection.execute(
                sql.SQL("CREATE TABLE {} AS TABLE {}").format(
                    sql.Identifier(_snapshot_schema(stage), table.name),
                    sql.Identifier("public", table.name),
                )
            )
            count = connection.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier("public", table.name))
            ).fetchone()
            table.rows[stage] = count[0] if count else 0
        self.sequences[stage] = [
            (str(name), *_position(connection, str(name)))
            for (name,) in connection.execute(
                "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
            ).fetchall()
        ]
        self.snapshots.add(stage)
        self.restored = None

    def restore(self, connection: Connection, stage: Stage) -> None:
        """Put back the stage's rows in every table a test changed, in one transaction.

        DELETE, not TRUNCATE: truncating thirty tables creates sixty new files and takes half
        a second; deleting the few rows a test wrote takes milliseconds. A table is unchanged
        when it holds as many rows as the restore left and all of them still carry the id of
        the transaction that wrote them: an insert, update or delete since would show.
        """
        changed = self._changed(connection, stage)
        schema = _snapshot_schema(stage)
        with connection.transaction():
            for table in reversed(self.tables):
                if table.name in changed:
                    connection.execute(
                        sql.SQL("DELETE FROM {}").format(sql.Identifier("public", table.name))
                    )
            for table in self.tables:
                if table.name in changed and table.rows[stage]:
                    columns = sql.SQL(", ").join(map(sql.Identifier, table.columns))
                    connection.execute(
                        sql.SQL(
                            "INSERT INTO {} ({}) OVERRIDING SYSTEM VALUE SELECT {} FROM {}"
                        ).format(
                            sql.Identifier("public", table.name),
                            columns,
                            columns,
                            sql.Identifier(schema, table.name),
                        )
                    )
            for name, value, called in self.sequences[stage]:
                connection.execute(
                    "SELECT setval(%s::regclass, %s, %s)",
                    (sql.Identifier("public", name).as_string(connection), value, called),
                )
            current = connection.execute("SELECT pg_current_xact_id()::text").fetchone()
        # Row headers keep the 32 low bits of the 64-bit transaction id.
        writer = int(current[0]) % 2**32 if current else 0
        if self.restored is not stage:
            self.writer = {}
        self.writer.update(dict.fromkeys(changed, writer))
        self.restored = stage

    def _changed(self, connection: Connection, stage: Stage) -> set[str]:
        """The tables to rewrite: those changed since the last restore of ``stage``, and every
        table whose foreign keys name one of them (deleting its rows deletes theirs)."""
        names = [table.name for table in self.tables]
        if self.restored is not stage:
            return set(names)
        probes = [
            sql.SQL(
                "SELECT {}, count(*), count(*) FILTER (WHERE NOT xmin = {}::xid) FROM {}"
            ).format(
                sql.Literal(name),
                sql.Literal(str(self.writer[name])),
                sql.Identifier("public", name),
            )
            for name in names
        ]
        expected = {table.name: table.rows[stage] for table in self.tables}
        changed = {
            str(name)
            for name, count, rewritten in connection.execute(
                sql.SQL(" UNION ALL ").join(probes)
            ).fetchall()
            if count != expected[name] or rewritten
        }
        for table in self.tables:  # in insertion order: referenced tables come first
            if changed.intersection(table.references):
                changed.add(table.name)
        return changed


def _position(connection: Connection, sequence: str) -> tuple[int, bool]:
    row = connection.execute(
        sql.SQL("SELECT last_value, is_called FROM {}").format(sql.Identifier("public", sequence))
    ).fetchone()
    return (int(row[0]), bool(row[1])) if row else (1, False)


def _end_other_sessions(connection: Connection) -> None:
    """Close what an earlier test left connected (a pool not disposed), which would block the
    reset; a role may end its own sessions."""
    connection.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        # Not the autovacuum workers, which only a superuser may end, and which hold no lock
        # a reset would wait for.
        " AND usename = current_user AND backend_type = 'client backend'"
    )


def _drop_public(connection: Connection) -> None:
    connection.execute("DROP SCHEMA IF EXISTS public CASCADE")
    connection.execute("CREATE SCHEMA public")


def _shape(connection: Connection) -> str:
    rows = connection.execute(_SHAPE_QUERY).fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _insertion_order(tables: dict[str, _Table]) -> list[str]:
    """The tables' names, each after the tables it references (ties in name order)."""
    ordered: list[str] = []
    placed: set[str] = set()

    def place(name: str, visiting: frozenset[str]) -> None:
        if name in placed:
            return
        if name in visiting:
            raise AssertionError(f"foreign keys form a cycle through {name}")
        for target in sorted(tables[name].references):
            place(target, visiting | {name})
        placed.add(name)
        ordered.append(name)

    for name in sorted(tables):
        place(name, frozenset())
    return ordered
