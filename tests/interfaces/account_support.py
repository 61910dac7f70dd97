"""Accounts for the web and API tests: cheap password hashing, users, signing in a client."""

from __future__ import annotations

import re
from typing import Any

from tests_support import CHEAP_PASSWORDS, PASSWORD, add_user
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

TEST_SECRET_KEY = b"test-secret-key-of-the-interface-tests-0123456789"

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


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
