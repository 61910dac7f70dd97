"""Running `cdt` and the web application in-process against a test database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from account_support import CHEAP_PASSWORDS, TEST_SECRET_KEY, add_user, sign_in
from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.toolbox import Settings, Toolbox
from tests_support import Cli
from web_support import TestClient


@pytest.fixture
def cli(knowledge: KnowledgeBase) -> Cli:
    return Cli(knowledge)


@pytest.fixture(scope="module")
def app_toolbox(initialised_url: str, knowledge: KnowledgeBase) -> Iterator[Toolbox]:
    """A Toolbox over the module's initialised database (SQLite, then PostgreSQL)."""
    with Toolbox(
        Settings(initialised_url), knowledge=knowledge, passwords=CHEAP_PASSWORDS
    ) as toolbox:
        yield toolbox


@pytest.fixture(scope="module")
def client(app_toolbox: Toolbox) -> Iterator[TestClient]:
    """The web application over the initialised database, called in-process, anonymously."""
    app = create_app(app_toolbox, secret_key=TEST_SECRET_KEY)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def _signed_in(toolbox: Toolbox, username: str, role: Role) -> Iterator[TestClient]:
    """The application signed in on the pages as a new account of ``role`` (cleared for AMBER)."""
    add_user(toolbox, username, role)
    app = create_app(toolbox, secret_key=TEST_SECRET_KEY)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        sign_in(test_client, username)
        yield test_client


@pytest.fixture(scope="module")
def analyst_client(app_toolbox: Toolbox) -> Iterator[TestClient]:
    """The same application, signed in on the pages as an analyst cleared for TLP:AMBER."""
    yield from _signed_in(app_toolbox, "page-analyst", Role.ANALYST)


@pytest.fixture(scope="module")
def admin_client(app_toolbox: Toolbox) -> Iterator[TestClient]:
    """The same application, signed in on the pages as an administrator cleared for AMBER."""
    yield from _signed_in(app_toolbox, "page-admin", Role.ADMIN)


@pytest.fixture
def fresh_toolbox(fresh_url: str, knowledge: KnowledgeBase) -> Iterator[Toolbox]:
    """A Toolbox over a new, initialised database, for tests that write."""
    with Toolbox(Settings(fresh_url), knowledge=knowledge, passwords=CHEAP_PASSWORDS) as box:
        yield box


@pytest.fixture
def fresh_client(fresh_toolbox: Toolbox) -> Iterator[TestClient]:
    """The application over the new database, anonymously."""
    app = create_app(fresh_toolbox, secret_key=TEST_SECRET_KEY)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def fresh_analyst(fresh_toolbox: Toolbox, fresh_client: TestClient) -> TestClient:
    """``fresh_client`` signed in on the pages as an analyst."""
    add_user(fresh_toolbox, "analyst", Role.ANALYST)
    sign_in(fresh_client, "analyst")
    return fresh_client


@pytest.fixture
def api_writer(fresh_toolbox: Toolbox) -> Iterator[TestClient]:
    """The application over the new database, called with an analyst's API token."""
    add_user(fresh_toolbox, "api-analyst", Role.ANALYST)
    _, secret = fresh_toolbox.users.issue_token("api-analyst", "tests", by=SYSTEM_USER)
    app = create_app(fresh_toolbox, secret_key=TEST_SECRET_KEY)
    headers = {"Authorization": f"Bearer {secret}"}
    with TestClient(app, raise_server_exceptions=False, headers=headers) as test_client:
        yield test_client
