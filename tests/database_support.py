"""Test databases built once per pytest worker and handed to each test as a copy.

A store goes through three stages: *empty* (nothing in it), *migrated* (the schema at the head
revision) and *initialised* (after ``Toolbox.init()``: the reference actors, the bundled
incidents, the sanctions register and the published TAXII collections). Migrating costs a
quarter to half a second and ``init()`` a second more, and a thousand tests ask for a new store,
so each stage is built once per worker and copied for each test:

- SQLite: the stage is a file in the session's temporary folder; a test gets a copy of it.
- PostgreSQL: ``CREATE DATABASE … TEMPLATE`` checkpoints the cluster and takes seconds where
  fsync is on, more than migrating. Instead each worker owns a few databases and keeps, beside
  ``public``, a schema holding a snapshot of every table's rows at each stage; handing out a
  stage is one round trip: delete every row, insert the snapshot's rows, reset the
  sequences. A test that changed the tables' shape is detected and the schema is migrated anew.

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
from pathlib import Path

import psycopg
from psycopg import sql

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.store import Database
from cdtoolbox.toolbox import Settings, Toolbox

__all__ = ["PostgresDatabases", "SqliteStages", "Stage", "worker_name"]


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


_SNAPSHOT_SCHEMA = "cdt_test_snapshot_{stage}"

# The shape of the tables a snapshot fits: a test that drops or alters a table (a migration
# test, a crash test) changes it, and the schema is then migrated again before the restore.
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
        self._created: set[str] = set()
        # Per database: the shape the snapshots fit, and the SQL that restores each stage.
        self._shapes: dict[str, str] = {}
        self._restores: dict[tuple[str, Stage], str] = {}

    def provide(self, purpose: str, stage: Stage) -> str:
        """The URL of this worker's database for ``purpose``, reset to ``stage``."""
        name = f"{self._prefix}_{purpose}"
        self._create(name)
        url = self._url_of(name)
        with self._connect(url) as connection:
            _end_other_sessions(connection)
            if stage is Stage.EMPTY:
                _drop_public(connection)
                self._shapes.pop(name, None)
                return url
            if self._shapes.get(name) != _shape(connection):
                self._shapes.pop(name, None)
                self._restores = {k: v for k, v in self._restores.items() if k[0] != name}
                _drop_public(connection)
        if name not in self._shapes:
            build_stage(url, Stage.MIGRATED, self._knowledge)
            with self._connect(url) as connection:
                self._shapes[name] = _shape(connection)
                self._restores[name, Stage.MIGRATED] = _take_snapshot(connection, Stage.MIGRATED)
        if (name, stage) not in self._restores:
            with self._connect(url) as connection:
                connection.execute(self._restores[name, Stage.MIGRATED])
            build_stage(url, stage, self._knowledge)
            with self._connect(url) as connection:
                self._restores[name, stage] = _take_snapshot(connection, stage)
            return url
        with self._connect(url) as connection:
            connection.execute(self._restores[name, stage])
        return url

    def _create(self, name: str) -> None:
        if name in self._created:
            return
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
                        sql.Identifier(_SNAPSHOT_SCHEMA.format(stage=stage.value))
                    )
                )
            _drop_public(connection)
        self._created.add(name)

    def _url_of(self, name: str) -> str:
        head, tail = self._url.rsplit("/", 1)
        query = tail.split("?", 1)[1] if "?" in tail else ""
        return f"{head}/{name}" + (f"?{query}" if query else "")

    @staticmethod
    def _connect(url: str) -> psycopg.Connection[tuple[object, ...]]:
        # psycopg takes a libpq URL, without SQLAlchemy's "+driver" part.
        scheme, rest = url.split("://", 1)
        connection = psycopg.connect(f"{scheme.split('+')[0]}://{rest}", autocommit=True)
        # A session left holding a lock would make the reset wait forever; fail instead.
        connection.execute("SET lock_timeout = '30s'")
        return connection


def _end_other_sessions(connection: psycopg.Connection[tuple[object, ...]]) -> None:
    """Close what an earlier test left connected (a pool not disposed), which would block the
    reset; a role may end its own sessions."""
    connection.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )


def _drop_public(connection: psycopg.Connection[tuple[object, ...]]) -> None:
    connection.execute("DROP SCHEMA IF EXISTS public CASCADE")
    connection.execute("CREATE SCHEMA public")


def _shape(connection: psycopg.Connection[tuple[object, ...]]) -> str:
    rows = connection.execute(_SHAPE_QUERY).fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _take_snapshot(connection: psycopg.Connection[tuple[object, ...]], stage: Stage) -> str:
    """Copy every table's rows into the stage's snapshot schema; returns the SQL that puts
    them back (in one transaction, in one round trip)."""
    schema = _SNAPSHOT_SCHEMA.format(stage=stage.value)
    connection.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
    connection.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    tables = {
        str(name): ([str(t) for t in refs], [str(c) for c in columns])
        for name, refs, columns in connection.execute(_TABLES_QUERY).fetchall()  # type: ignore[misc]
    }
    order = _insertion_order({name: refs for name, (refs, _) in tables.items()})
    # DELETE, not TRUNCATE: truncating thirty tables creates sixty new files and takes half a
    # second; deleting the few rows a test wrote takes milliseconds.
    statements = [
        sql.SQL("DELETE FROM {}").format(sql.Identifier("public", name)) for name in reversed(order)
    ]
    for name in order:
        connection.execute(
            sql.SQL("CREATE TABLE {} AS TABLE {}").format(
                sql.Identifier(schema, name), sql.Identifier("public", name)
            )
        )
        (rows,) = connection.execute(
            sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier("public", name))
        ).fetchone() or (0,)
        if rows:
            columns = sql.SQL(", ").join(map(sql.Identifier, tables[name][1]))
            statements.append(
                sql.SQL("INSERT INTO {} ({}) OVERRIDING SYSTEM VALUE SELECT {} FROM {}").format(
                    sql.Identifier("public", name),
                    columns,
                    columns,
                    sql.Identifier(schema, name),
                )
            )
    for (sequence,) in connection.execute(
        "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
    ).fetchall():
        identifier = sql.Identifier("public", str(sequence))
        value, called = connection.execute(
            sql.SQL("SELECT last_value, is_called FROM {}").format(identifier)
        ).fetchone() or (1, False)
        statements.append(
            sql.SQL("SELECT setval({}::regclass, {}, {})").format(
                sql.Literal(identifier.as_string(connection)),
                sql.Literal(value),
                sql.Literal(called),
            )
        )
    body = sql.SQL("; ").join(statements).as_string(connection)
    return f"BEGIN; {body}; COMMIT"


def _insertion_order(references: dict[str, list[str]]) -> list[str]:
    """The tables, each after the tables it references (ties in name order)."""
    ordered: list[str] = []
    placed: set[str] = set()

    def place(name: str, visiting: frozenset[str]) -> None:
        if name in placed:
            return
        if name in visiting:
            raise AssertionError(f"foreign keys form a cycle through {name}")
        for target in sorted(references[name]):
            place(target, visiting | {name})
        placed.add(name)
        ordered.append(name)

    for name in sorted(references):
        place(name, frozenset())
    return ordered
