"""The Database: migrations, SQLite connection discipline, read-only reads, transactions."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.exc import DBAPIError
from store_factories import ACTORS, incident, save

from cdtoolbox.errors import SchemaOutOfDate
from cdtoolbox.model import IncidentFilter
from cdtoolbox.store import Database, dump
from cdtoolbox.store.database import SCHEMA_REVISION
from cdtoolbox.store.schema import complete_metadata
from cdtoolbox.store.statement_search import STATEMENT_TEXT_TABLE
from cdtoolbox.store.text_search import TEXT_TABLE


def test_migrate_creates_the_schema_and_is_idempotent(database_url: str) -> None:
    database = Database(database_url)
    try:
        assert database.current_revision() is None
        database.migrate()
        assert database.current_revision() == Database.head_revision() is not None
        schema = dump(database)
        assert "== incidents (0 rows)" in schema
        assert "== actor_aliases (0 rows)" in schema
        database.migrate()
        assert database.current_revision() == Database.head_revision()
        assert dump(database) == schema
    finally:
        database.dispose()


def test_the_migrations_build_exactly_the_schema_the_store_queries(database: Database) -> None:
    def compared(item: object, name: str | None, kind: str, *_: object) -> bool:
        # The full-text tables are backend-specific and deliberately not in the metadata.
        return not (
            kind == "table"
            and name is not None
            and name.startswith((TEXT_TABLE, STATEMENT_TEXT_TABLE))
        )

    with database.connect(read_only=True) as connection:
        context = MigrationContext.configure(connection, opts={"include_object": compared})
        assert compare_metadata(context, complete_metadata()) == []


def test_the_database_reconnects_after_dispose(database: Database) -> None:
    save(database, incident("wannacry", start="2017-05-12"))
    database.dispose()
    with database.read() as store:
        assert store.incidents.get("wannacry").version == 1


def test_sqlite_file_and_its_directory_are_created(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "deeper" / "cdt.sqlite3"
    with Database(f"sqlite:///{path}") as database:
        database.migrate()
    assert path.is_file()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_sqlite_connections_enforce_foreign_keys_and_wait_for_locks(tmp_path: Path) -> None:
    with Database(f"sqlite:///{tmp_path / 'cdt.sqlite3'}") as database:
        database.migrate()
        with database.connect(read_only=True) as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
            assert isinstance(timeout, int) and timeout >= 5000


def test_in_memory_sqlite_keeps_one_database(tmp_path: Path) -> None:
    with Database("sqlite://") as database:
        database.migrate()
        save(database, incident("wannacry"))
        with database.read() as store:
            assert store.incidents.count(IncidentFilter()) == 1


def test_an_unsupported_url_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported database URL"):
        Database("mysql://user@localhost/cdt")


def test_display_url_hides_the_password() -> None:
    database = Database("postgresql+psycopg://analyst:s3cret@db.example/cdt")
    assert "s3cret" not in database.display_url
    assert "s3cret" not in repr(database)


def test_read_is_read_only(database: Database) -> None:
    before = dump(database)
    with pytest.raises(DBAPIError), database.read() as store:
        store.actors.upsert_many(ACTORS)
    assert dump(database) == before


def test_transaction_commits_on_exit_and_rolls_back_on_error(database: Database) -> None:
    save(database, incident("wannacry"))
    before = dump(database)

    class ImportFailed(Exception):
        pass

    with pytest.raises(ImportFailed), database.transaction() as store:
        store.incidents.add(incident("notpetya", start="2017-06-27"))
        store.incidents.update(store.incidents.get("wannacry").evolve(title="WannaCry"), 1)
        store.incidents.delete("wannacry", 2)
        raise ImportFailed
    assert dump(database) == before
    with database.read() as store:
        assert store.incidents.get("wannacry").version == 1
        assert not store.incidents.slug_exists("notpetya")


def test_readers_see_the_last_commit_while_a_writer_works(database: Database) -> None:
    save(database, incident("wannacry"))
    writing = threading.Event()
    release = threading.Event()

    def write() -> None:
        with database.transaction() as store:
            store.incidents.add(incident("notpetya"))
            writing.set()
            release.wait(10)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert writing.wait(10)
        with database.read() as store:
            assert not store.incidents.slug_exists("notpetya")
            assert store.incidents.slug_exists("wannacry")
    finally:
        release.set()
        writer.join(10)
    with database.read() as store:
        assert store.incidents.slug_exists("notpetya")


def test_sqlite_writers_take_turns(tmp_path: Path) -> None:
    """A second write transaction waits for the first instead of failing or interleaving."""
    with Database(f"sqlite:///{tmp_path / 'cdt.sqlite3'}") as database:
        database.migrate()
        first_open = threading.Event()

        def first_writer() -> None:
            with database.transaction() as store:
                store.incidents.add(incident("wannacry"))
                first_open.set()
                time.sleep(0.3)

        writer = threading.Thread(target=first_writer)
        writer.start()
        assert first_open.wait(10)
        # BEGIN IMMEDIATE blocks here until the first writer commits, so this transaction
        # sees the committed incident as soon as it starts.
        with database.transaction() as store:
            assert store.incidents.slug_exists("wannacry")
        writer.join(10)


def test_the_schema_revision_is_the_migrations_head() -> None:
    assert Database.head_revision() == SCHEMA_REVISION


def test_a_database_at_an_older_schema_asks_for_cdt_init(
    tmp_path: Path,
) -> None:
    from alembic import command

    from cdtoolbox.store.database import _alembic_config

    url = f"sqlite:///{tmp_path / 'cdt.sqlite3'}"
    with Database(url) as older, older.connect(read_only=False) as connection:
        config = _alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0020")

    with Database(url) as stale, pytest.raises(SchemaOutOfDate) as refused, stale.read():
        pass
    assert "schema revision 0020" in str(refused.value)
    assert f"reads {SCHEMA_REVISION}" in str(refused.value)
    assert "run `cdt init`" in str(refused.value)

    with Database(url) as upgraded:
        upgraded.migrate()
        with upgraded.read() as store:
            assert store.incidents.count(IncidentFilter()) == 0


def test_a_database_of_a_newer_version_is_refused_with_that_reason(database_url: str) -> None:
    with Database(database_url) as database:
        database.migrate()
        with database.connect(read_only=False) as connection:
            connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with (
        Database(database_url) as newer,
        pytest.raises(SchemaOutOfDate, match="newer version of cdtoolbox"),
        newer.read(),
    ):
        pass
