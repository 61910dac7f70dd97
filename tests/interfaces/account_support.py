"""Accounts for the web and API tests: cheap password hashing, users, signing in a client."""

from __future__ import annotations

import re
from typing import Any

from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox import Toolbox
from cdtoolbox.toolbox.passwords import PasswordHasher
from web_support import TestClient

__all__ = [
    "CHEAP_PASSWORDS",
    "PASSWORD",
    "TEST_SECRET_KEY",
    "add_user",
    "form_token",
    "sign_in",
    "sign_in_page",
]

# The production cost takes a quarter of a second per hash; the format and checks are the same.
CHEAP_PASSWORDS = PasswordHasher(log2_n=4, block_size=1, parallelism=1)
PASSWORD = "correct horse battery staple"
TEST_SECRET_KEY = b"test-secret-key-of-the-interface-tests-0123456789"

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def add_user(
    toolbox: Toolbox,
    username: str,
    role: Role,
    *,
    clearance: Tlp = Tlp.AMBER,
    member_state: str | None = None,
) -> User:
    return toolbox.users.add(
        by=SYSTEM_USER,
        username=username,
        display_name=username.replace("-", " ").title(),
        role=role,
        clearance=clearance,
        member_state=member_state,
        password=PASSWORD,
    )


def form_token(client: TestClient, path: str = "/login") -> str:
    """The session's form token, as a page's form carries it."""
    response = client.get(path)
    match = _TOKEN.search(response.text)
    assert match, f"{path} has no form token"
    return match.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> None:
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": form_token(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:500]


def sign_in_page(page: Any, username: str, password: str = PASSWORD) -> None:
    """Sign in through the form in a Playwright page, as a person would."""
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.locator(".notice").wait_for()
