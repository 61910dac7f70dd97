"""Build the SQLAlchemy engine for a database URL, with each backend's connection discipline.

SQLite gets WAL (readers never block the writer), foreign keys, a busy timeout, and write
transactions that begin ``IMMEDIATE`` so two writers queue for the lock up front instead of
failing halfway through with "database is locked". pysqlite would otherwise decide itself
when to BEGIN; the event recipe from the SQLAlchemy SQLite documentation takes that over.

Every transaction declares itself a reader or a writer through the ``READ_ONLY`` execution
option; each backend enforces read-only its own way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

__all__ = ["READ_ONLY", "SQLITE_BUSY_TIMEOUT_MS", "build_engine"]

READ_ONLY = "cdtoolbox_read_only"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def build_engine(url: str | URL) -> Engine:
    """An engine for ``url``; nothing is created or opened until its first connection."""
    parsed = make_url(url)
    configure = _BACKENDS.get(parsed.get_backend_name())
    if configure is None:
        raise ValueError(
            f"unsupported database URL {parsed.render_as_string(hide_password=True)!r}: "
            "use sqlite:///path/to/file.sqlite3 or postgresql+psycopg://user:password@host/db"
        )
    return configure(parsed)


def _is_memory(url: URL) -> bool:
    return url.database in (None, "", ":memory:")


def _sqlite_engine(url: URL) -> Engine:
    options: dict[str, Any] = {}
    if _is_memory(url):
        # One shared connection, or every pooled connection would see its own empty database.
        options = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    engine = create_engine(url, **options)
    event.listen(engine, "connect", _prepare_sqlite_connection)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _prepare_sqlite_connection(dbapi_connection: Any, _record: object) -> None:
    # Stop pysqlite from issuing its own BEGIN; _begin_sqlite_transaction does it instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def _begin_sqlite_transaction(connection: Connection) -> None:
    if connection.get_execution_options().get(READ_ONLY):
        # A deferred BEGIN reads one WAL snapshot without taking the write lock.
        connection.exec_driver_sql("PRAGMA query_only = ON")
        connection.exec_driver_sql("BEGIN DEFERRED")
    else:
        connection.exec_driver_sql("PRAGMA query_only = OFF")
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _postgresql_engine(url: URL) -> Engine:
    engine = create_engine(url, pool_pre_ping=True)
    event.listen(engine, "begin", _begin_postgresql_transaction)
    return engine


def _begin_postgresql_transaction(connection: Connection) -> None:
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("SET TRANSACTION READ ONLY")


_BACKENDS: dict[str, Callable[[URL], Engine]] = {
    "sqlite": _sqlite_engine,
    "postgresql": _postgresql_engine,
}
