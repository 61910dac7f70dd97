"""Running `cdt` and the web application in-process against a test database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from web_support import TestClient

from cdtoolbox.interfaces.app import create_app
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.toolbox import Settings, Toolbox
from tests_support import Cli


@pytest.fixture
def cli(knowledge: KnowledgeBase) -> Cli:
    return Cli(knowledge)


@pytest.fixture(scope="module")
def app_toolbox(initialised_url: str, knowledge: KnowledgeBase) -> Iterator[Toolbox]:
    """A Toolbox over the module's initialised database (SQLite, then PostgreSQL)."""
    with Toolbox(Settings(initialised_url), knowledge=knowledge) as toolbox:
        yield toolbox


@pytest.fixture(scope="module")
def client(app_toolbox: Toolbox) -> Iterator[TestClient]:
    """The web application over the initialised database, called in-process."""
    with TestClient(create_app(app_toolbox), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def fresh_toolbox(database_url: str, knowledge: KnowledgeBase) -> Iterator[Toolbox]:
    """A Toolbox over a new, initialised database, for tests that write."""
    with Toolbox(Settings(database_url), knowledge=knowledge) as toolbox:
        toolbox.init()
        yield toolbox


@pytest.fixture
def fresh_client(fresh_toolbox: Toolbox) -> Iterator[TestClient]:
    with TestClient(create_app(fresh_toolbox), raise_server_exceptions=False) as test_client:
        yield test_client
