"""Signing in and out of the pages, the session cookie, form tokens, the sign-in brake, and
what an anonymous visitor may read (both backends)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from account_support import (
    PASSWORD,
    TEST_SECRET_KEY,
    add_user,
    form_token,
    sign_in,
)
from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.interfaces.http.authentication import ANONYMOUS
from cdtoolbox.interfaces.http.sessions import SESSION_COOKIE, SESSION_LIFETIME
from cdtoolbox.model.access import SYSTEM_USER, Permission, Role
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox import Toolbox
from web_support import TestClient, incident_slugs

AMBER_SLUG = "wannacry-2017"


class MovableClock:
    def __init__(self) -> None:
        self.moment = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.moment


def set_cookie(response: httpx.Response) -> str:
    headers = response.headers.get_list("set-cookie")
    cookies = [value for value in headers if value.startswith(f"{SESSION_COOKIE}=")]
    assert cookies, "no session cookie was set"
    return str(cookies[-1])


def main_text(html: str, key: str) -> str:
    """The page's content with the key asked for blanked out."""
    found = re.search(r"<main.*</main>", html, re.S)
    assert found
    return found.group(0).replace(key, "KEY")


def login(client: TestClient, username: str, password: str) -> httpx.Response:
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": form_token(client)},
        follow_redirects=False,
    )


def test_sign_in_shows_the_user_menu_and_sign_out_ends_the_session(
    fresh_toolbox: Toolbox, fresh_client: TestClient
) -> None:
    add_user(fresh_toolbox, "delegate-de", Role.DELEGATE, member_state="DE")
    anonymous = fresh_client.get("/").text
    assert 'href="/login?next=/"' in anonymous and "Sign out" not in anonymous

    response = login(fresh_client, "delegate-de", PASSWORD)
    assert response.status_code == 303 and response.headers["location"] == "/"
    page = fresh_client.get("/").text
    assert "Delegate De" in page and "Member State delegate, Germany" in page
    assert "Sign out" in page and "Signed in as Delegate De" in page
    assert 'href="/cases"' in page  # the Cases navigation entry appears

    token = form_token(fresh_client, "/")
    out = fresh_client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303
    after = fresh_client.get("/").text
    assert "Signed out." in after and "Sign out" not in after and 'href="/cases"' not in after
    assert fresh_client.get("/cases", follow_redirects=False).status_code == 303


def test_sign_in_returns_to_the_page_asked_for_and_never_elsewhere(
    fresh_toolbox: Toolbox, fresh_client: TestClient
) -> None:
    add_user(fresh_toolbox, "ana", Role.ANALYST)
    asked = fresh_client.get("/cases?state=drafting", follow_redirects=False)
    assert asked.status_code == 303
    assert asked.headers["location"] == "/login?next=%2Fcases%3Fstate%3Ddrafting"
    form = fresh_client.get(asked.headers["location"]).text
    assert 'name="next" value="/cases?state=drafting"' in form
    token = form_token(fresh_client)
    for target, expected in (
        ("/cases?state=drafting", "/cases?state=drafting"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
    ):
        response = fresh_client.post(
            "/login",
            data={"username": "ana", "password": PASSWORD, "csrf_token": token, "next": target},
            follow_redirects=False,
        )
        assert response.headers["location"] == expected
        token = form_token(fresh_client, "/")


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(
    fresh_toolbox: Toolbox, fresh_client: TestClient
) -> None:
    add_user(fresh_toolbox, "ana", Role.ANALYST)
    wrong_password = login(fresh_client, "ana", "not the password")
    unknown_user = login(fresh_client, "nobody", PASSWORD)
    for response in (wrong_password, unknown_user):
        assert response.status_code == 401
        assert "The username or the password is wrong" in response.text
        assert 'value="' in response.text  # the form is shown again
    assert 'value="ana"' in wrong_password.text  # with the username kept
    assert "Sign out" not in fresh_client.get("/").text


def test_failed_sign_ins_are_throttled_per_account_and_address(
    fresh_toolbox: Toolbox, fresh_client: TestClient
) -> None:
    add_user(fresh_toolbox, "ana", Role.ANALYST)
    add_user(fresh_toolbox, "ben", Role.ANALYST)
    for _ in range(5):
        assert login(fresh_client, "ana", "guess").status_code == 401
    blocked = login(fresh_client, "ana", PASSWORD)  # even the right password, for a while
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) in range(1, 61)
    assert "Too many failed sign-ins for this account from your address" in blocked.text
    assert "Sign out" not in fresh_client.get("/").text
    assert login(fresh_client, "ben", PASSWORD).status_code == 303  # other accounts are not


def test_the_session_cookie_is_http_only_same_site_and_secure_over_https(
    fresh_toolbox: Toolbox,
) -> None:
    add_user(fresh_toolbox, "ana", Role.ANALYST)
    app = create_app(fresh_toolbox, secret_key=TEST_SECRET_KEY)
    for base, secure in (("http://testserver", False), ("https://testserver", True)):
        with TestClient(app, base_url=base, raise_server_exceptions=False) as client:
            cookie = set_cookie(login(client, "ana", PASSWORD))
            flags = [part.strip() for part in cookie.split(";")]
            assert "HttpOnly" in flags and "SameSite=Lax" in flags and "Path=/" in flags
            assert f"Max-Age={int(SESSION_LIFETIME.total_seconds())}" in flags
            assert ("Secure" in flags) is secure


def test_a_forged_or_expired_session_is_not_accepted(fresh_toolbox: Toolbox) -> None:
    add_user(fresh_toolbox, "ana", Role.ANALYST)
    clock = MovableClock()
    fresh_toolbox.clock = clock
    app = create_app(fresh_toolbox, secret_key=TEST_SECRET_KEY)
    with TestClient(app, raise_server_exceptions=False) as client:
        sign_in(client, "ana")
        value = client.cookies[SESSION_COOKIE]
        assert "Sign out" in client.get("/").text
        body, signature = value.split(".")
        client.cookies.set(SESSION_COOKIE, body + "." + signature[::-1])
        assert "Sign out" not in client.get("/").text  # a wrong signature signs nobody in

        client.cookies.set(SESSION_COOKIE, value)
        clock.moment += SESSION_LIFETIME - timedelta(minutes=1)
        assert "Sign out" in client.get("/").text
        clock.moment += timedelta(minutes=2)
        assert "Sign out" not in client.get("/").text  # expired: sign in again

    other = create_app(fresh_toolbox, secret_key=b"another-installation-secret-key-0123456789")
    with TestClient(other, raise_server_exceptions=False) as client:
        client.cookies.set(SESSION_COOKIE, value)
        assert "Sign out" not in client.get("/").text


def sign_out(toolbox: Toolbox, client: TestClient) -> None:
    token = form_token(client, "/")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 200


SESSION_ENDINGS: dict[str, Callable[[Toolbox, TestClient], object]] = {
    "sign-out": sign_out,
    "disabled": lambda box, _: box.users.update("ana", by=SYSTEM_USER, active=False),
    "password": lambda box, _: box.users.set_password("ana", "a new passphrase", by=SYSTEM_USER),
    "role": lambda box, _: box.users.update("ana", by=SYSTEM_USER, role=Role.VIEWER),
    "clearance": lambda box, _: box.users.update("ana", by=SYSTEM_USER, clearance=Tlp.GREEN),
}


@pytest.mark.parametrize("end", SESSION_ENDINGS.values(), ids=SESSION_ENDINGS.keys())
def test_a_cookie_copied_before_the_session_ended_is_refused_afterwards(
    fresh_toolbox: Toolbox, fresh_client: TestClient, end: Callable[[Toolbox, TestClient], object]
) -> None:
    add_user(fresh_toolbox, "ana", Role.ANALYST)
    sign_in(fresh_client, "ana")
    form = form_token(fresh_client, "/")
    copied = fresh_client.cookies[SESSION_COOKIE]  # the cookie, with its form token
    app = create_app(fresh_toolbox, secret_key=TEST_SECRET_KEY)
    with TestClient(app, raise_server_exceptions=False) as copier:

        def replay(path: str, **post: object) -> httpx.Response:
            copier.cookies.clear()  # the cookie exactly as copied, every time
            copier.cookies.set(SESSION_COOKIE, copied)
            return copier.post(path, data=post) if post else copier.get(path)

        assert "Sign out" in replay("/").text
        assert replay("/api/v1/me").json()["username"] == "ana"

        end(fresh_toolbox, fresh_client)

        assert "Sign out" not in replay("/").text
        assert replay("/api/v1/me").status_code == 401
        opened = replay("/incidents/wannacry-2017/cases", csrf_token=form)
        assert opened.status_code in (303, 401) and "Sign out" not in opened.text
        assert fresh_toolbox.cases.list(by=SYSTEM_USER) == []


def test_a_post_without_the_form_token_is_refused_and_changes_nothing(
    fresh_toolbox: Toolbox, fresh_client: TestClient
) -> None:
    add_user(fresh_toolbox, "ana", Role.ANALYST)
    sign_in(fresh_client, "ana")
    cases_before = fresh_toolbox.cases.list(by=SYSTEM_USER)
    for data in ({}, {"csrf_token": "forged-token"}):
        response = fresh_client.post("/incidents/wannacry-2017/cases", data=data)
        assert response.status_code == 403
        assert "security token is missing or out of date" in response.text
    assert fresh_toolbox.cases.list(by=SYSTEM_USER) == cases_before
    # Signing in without a token is refused too (a forged sign-in into the attacker's account).
    anonymous = create_app(fresh_toolbox, secret_key=TEST_SECRET_KEY)
    with TestClient(anonymous, raise_server_exceptions=False) as client:
        response = client.post("/login", data={"username": "ana", "password": PASSWORD})
        assert response.status_code == 403 and "Sign out" not in client.get("/").text
    ok = fresh_client.post(
        "/incidents/wannacry-2017/cases", data={"csrf_token": form_token(fresh_client, "/")}
    )
    assert ok.status_code == 200 and len(fresh_toolbox.cases.list(by=SYSTEM_USER)) == 1


@pytest.fixture
def amber_incident(fresh_toolbox: Toolbox) -> Iterator[str]:
    incident = fresh_toolbox.incidents.get(AMBER_SLUG, by=SYSTEM_USER)
    fresh_toolbox.incidents.edit(AMBER_SLUG, {"tlp": "amber"}, by=SYSTEM_USER)
    assert fresh_toolbox.incidents.get(AMBER_SLUG, by=SYSTEM_USER).tlp is Tlp.AMBER
    yield incident.title


def test_an_anonymous_visitor_never_sees_an_amber_incident(
    fresh_client: TestClient, amber_incident: str
) -> None:
    listing = fresh_client.get("/incidents?text=WannaCry&limit=200")
    assert AMBER_SLUG not in incident_slugs(listing.text)
    assert fresh_client.get(f"/incidents/{AMBER_SLUG}").status_code == 404
    unknown = fresh_client.get("/incidents/no-such-incident")
    hidden = fresh_client.get(f"/incidents/{AMBER_SLUG}")
    # Hidden reads exactly like missing: the page does not tell which.
    assert main_text(unknown.text, "no-such-incident") == main_text(hidden.text, AMBER_SLUG)
    assert amber_incident not in fresh_client.get("/incidents/export.csv").text
    exported = json.loads(fresh_client.get("/incidents/export.json").text)
    assert AMBER_SLUG not in {item.get("slug") for item in exported["incidents"]}
    assert amber_incident not in fresh_client.get("/actors/lazarus-group").text

    api = fresh_client.get("/api/v1/incidents", params={"limit": 1000}).json()
    assert AMBER_SLUG not in {item["slug"] for item in api["items"]}
    assert fresh_client.get(f"/api/v1/incidents/{AMBER_SLUG}").status_code == 404
    total_public = api["total"]
    assert fresh_client.get("/api/v1/statistics").json()["total"] == total_public


def test_a_cleared_reader_sees_the_amber_incident(
    fresh_toolbox: Toolbox, fresh_client: TestClient, amber_incident: str
) -> None:
    add_user(fresh_toolbox, "vic", Role.VIEWER, clearance=Tlp.AMBER)
    sign_in(fresh_client, "vic")
    assert fresh_client.get(f"/incidents/{AMBER_SLUG}").status_code == 200
    assert amber_incident in fresh_client.get("/incidents/export.csv").text
    listing = fresh_client.get("/incidents?text=WannaCry")
    assert AMBER_SLUG in incident_slugs(listing.text)


def test_the_anonymous_visitor_reads_up_to_green_and_writes_nothing() -> None:
    assert ANONYMOUS.clearance is Tlp.GREEN and ANONYMOUS.can(Permission.READ)
    writes = set(Permission) - {Permission.READ}
    assert not any(ANONYMOUS.can(permission) for permission in writes)
