"""The TAXII server over an initialised database (SQLite, then PostgreSQL), with accounts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import Tlp
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.toolbox import Settings, Toolbox
from taxii_support import CHEAP_PASSWORDS, PASSWORD, Accounts, basic
from web_support import TestClient


@pytest.fixture(scope="module")
def taxii_toolbox(initialised_url: str, knowledge: KnowledgeBase) -> Iterator[Toolbox]:
    with Toolbox(
        Settings(initialised_url), knowledge=knowledge, passwords=CHEAP_PASSWORDS
    ) as toolbox:
        yield toolbox


@pytest.fixture(scope="module")
def accounts(taxii_toolbox: Toolbox) -> Accounts:
    for username, role, clearance in (
        ("reader", Role.VIEWER, Tlp.AMBER),
        ("analyst", Role.ANALYST, Tlp.AMBER),
        ("cleared", Role.ANALYST, Tlp.RED),
    ):
        taxii_toolbox.users.add(
            by=SYSTEM_USER,
            username=username,
            display_name=username.title(),
            role=role,
            clearance=clearance,
            password=PASSWORD,
        )
    _, token = taxii_toolbox.users.issue_token("analyst", "TAXII test", by=SYSTEM_USER)
    return Accounts(basic("reader"), basic("analyst"), basic("cleared"), token)


@pytest.fixture(scope="module")
def taxii_client(taxii_toolbox: Toolbox, accounts: Accounts) -> Iterator[TestClient]:
    with TestClient(create_app(taxii_toolbox), raise_server_exceptions=False) as client:
        yield client
