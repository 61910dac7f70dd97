"""Fixtures shared by every test package: stores on SQLite and on PostgreSQL.

A test that takes a database runs once per backend, and gets it at the stage it asks for:
``database_url`` (empty), ``migrated_url`` or ``database`` (migrated), ``fresh_url`` (as
`cdt init` leaves it), or the module-wide ``initialised_url`` for read-only tests. Each stage is
built once per worker and copied (see ``database_support``). SQLite files live under
``tmp_path``; PostgreSQL databases are created beside the one ``CDT_TEST_POSTGRES_URL`` names
(``scripts/start-test-postgres`` prints one). Without that variable the PostgreSQL runs are
skipped, except under ``CI=true`` where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdtoolbox.knowledge import KnowledgeBase, load_knowledge
from cdtoolbox.store import Database
from database_support import PostgresDatabases, SqliteStages, Stage

POSTGRES_URL_VARIABLE = "CDT_TEST_POSTGRES_URL"


@pytest.fixture(scope="session")
def knowledge() -> KnowledgeBase:
    """One knowledge base for the whole session: loading the galaxies takes a second or two."""
    return load_knowledge()


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


def _postgres_url() -> str:
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        message = f"PostgreSQL tests need {POSTGRES_URL_VARIABLE} (see scripts/start-test-postgres)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture(scope="session")
def sqlite_stages(
    tmp_path_factory: pytest.TempPathFactory, knowledge: KnowledgeBase
) -> SqliteStages:
    return SqliteStages(tmp_path_factory.mktemp("stages"), knowledge)


@pytest.fixture(scope="session")
def postgres_databases(knowledge: KnowledgeBase) -> Iterator[PostgresDatabases]:
    databases = PostgresDatabases(_postgres_url(), knowledge)
    yield databases
    databases.close()


def _provide(request: pytest.FixtureRequest, backend: str, stage: Stage, folder: Path) -> str:
    """A database at ``stage``: a copied SQLite file in ``folder``, or this worker's
    PostgreSQL database for the fixture asking, reset to the stage."""
    if backend == "sqlite":
        sqlite_stages: SqliteStages = request.getfixturevalue("sqlite_stages")
        # A folder that does not exist yet: for an empty store, the store must create it.
        return sqlite_stages.copy(stage, folder / "data" / "cdt.sqlite3")
    postgres_databases: PostgresDatabases = request.getfixturevalue("postgres_databases")
    return postgres_databases.provide(request.fixturename, stage)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each test using a database runs once per backend: "sqlite", then "postgres"."""
    return str(request.param)


@pytest.fixture
def database_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> str:
    """The URL of an empty database: a new SQLite file, or a wiped PostgreSQL schema."""
    return _provide(request, backend, Stage.EMPTY, tmp_path)


@pytest.fixture
def migrated_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> str:
    """The URL of a migrated, empty database."""
    return _provide(request, backend, Stage.MIGRATED, tmp_path)


@pytest.fixture
def fresh_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> str:
    """The URL of a new database as `cdt init` leaves it, for a test that writes."""
    return _provide(request, backend, Stage.INITIALISED, tmp_path)


@pytest.fixture
def database(migrated_url: str) -> Iterator[Database]:
    """A migrated, empty store."""
    store = Database(migrated_url)
    yield store
    store.dispose()


@pytest.fixture(scope="module", params=BACKENDS)
def initialised_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """A database as `cdt init` leaves it, shared by the read-only tests of one module."""
    return _provide(
        request, str(request.param), Stage.INITIALISED, tmp_path_factory.mktemp("initialised")
    )


_POSTGRES_OUTCOMES: dict[str, int] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" and "postgres" in report.keywords:
        _POSTGRES_OUTCOMES[report.outcome] = _POSTGRES_OUTCOMES.get(report.outcome, 0) + 1
    elif report.when == "setup" and report.skipped and "postgres" in report.keywords:
        _POSTGRES_OUTCOMES["skipped"] = _POSTGRES_OUTCOMES.get("skipped", 0) + 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say plainly whether the PostgreSQL backend was exercised, so CI logs show it."""
    counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(_POSTGRES_OUTCOMES.items()))
    url = os.environ.get(POSTGRES_URL_VARIABLE, "")
    where = url.split("@")[-1] if url else "not configured"
    terminalreporter.write_line(f"PostgreSQL backend tests ({where}): {counts or 'none collected'}")
