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

from cdtoolbox.knowledge import KnowledgeBase, load_knowledge
from cdtoolbox.store import Database
from cdtoolbox.toolbox import Settings, Toolbox

POSTGRES_URL_VARIABLE = "CDT_TEST_POSTGRES_URL"


@pytest.fixture(scope="session")
def knowledge() -> KnowledgeBase:
    """One knowledge base for the whole session: loading the galaxies takes a second or two."""
    return load_knowledge()


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


@pytest.fixture(scope="module", params=BACKENDS)
def initialised_url(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    knowledge: KnowledgeBase,
) -> Iterator[str]:
    """A database after `cdt init`, shared by the read-only tests of one module."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'cdt.sqlite3'}"
    else:
        url = _empty_postgres_database()
    with Toolbox(Settings(url), knowledge=knowledge) as toolbox:
        toolbox.init()
    yield url


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
