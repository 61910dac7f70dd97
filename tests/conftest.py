"""Fixtures shared by every test package: a migrated store on SQLite and on PostgreSQL.

A test that takes ``database`` (or ``database_url``) runs once per backend. SQLite uses a
file under ``tmp_path``; PostgreSQL uses the database named by ``CDT_TEST_POSTGRES_URL``
(``scripts/start-test-postgres`` prints one), emptied before each test. Without that
variable the PostgreSQL runs are skipped, except under ``CI=true`` where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import psycopg
import pytest

from cdtoolbox.store import Database

POSTGRES_URL_VARIABLE = "CDT_TEST_POSTGRES_URL"

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


def _empty_postgres_database() -> str:
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        message = f"PostgreSQL tests need {POSTGRES_URL_VARIABLE} (see scripts/start-test-postgres)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    # psycopg takes a libpq URL, without SQLAlchemy's "+driver" part.
    scheme, rest = url.split("://", 1)
    with psycopg.connect(f"{scheme.split('+')[0]}://{rest}", autocommit=True) as connection:
        connection.execute("DROP SCHEMA IF EXISTS public CASCADE")
        connection.execute("CREATE SCHEMA public")
    return url


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: os.PathLike[str]) -> str:
    """The URL of an empty database: a new SQLite file, or a wiped PostgreSQL schema."""
    if request.param == "sqlite":
        # A directory that does not exist yet: the store must create it.
        return f"sqlite:///{os.path.join(tmp_path, 'data', 'cdt.sqlite3')}"
    return _empty_postgres_database()


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """A migrated, empty store."""
    store = Database(database_url)
    store.migrate()
    yield store
    store.dispose()
