"""Cost before trust: request bodies are bounded in bytes and time on every route, a route
that needs an account refuses an anonymous caller before reading a byte of the body, `cdt
serve` closes connections that never finish their headers, the sign-in brake counts by the
real peer, and wrong credentials are refused everywhere rather than read as none."""

from __future__ import annotations

import base64
import ipaddress
import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anyio
import orjson
import pytest
from fastapi import FastAPI

from account_support import PASSWORD, TEST_SECRET_KEY, add_user, form_token, sign_in
from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.interfaces.http.server_protocol import with_header_deadline
from cdtoolbox.interfaces.http.sessions import SESSION_COOKIE
from cdtoolbox.interfaces.http.settings import HttpSettings
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.toolbox import Toolbox
from web_support import TestClient, live_server

TAXII = "application/taxii+json;version=2.1"
TAXII_OBJECTS = "/taxii2/cdt/collections/partner-exchange/objects/"
SMALL = HttpSettings(max_body_bytes=300, taxii_max_content_length=400, body_timeout_seconds=0.2)


@pytest.fixture(scope="module")
def token(app_toolbox: Toolbox) -> str:
    add_user(app_toolbox, "limits-analyst", Role.ANALYST)
    _, secret = app_toolbox.users.issue_token("limits-analyst", "limits", by=SYSTEM_USER)
    return secret


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def call(
    app: FastAPI, method: str, path: str, headers: dict[str, str], receive: Any
) -> tuple[int, dict[str, str], bytes]:
    """One request straight through the ASGI interface, with the ``receive`` given."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(name.lower().encode(), value.encode()) for name, value in headers.items()],
        "client": ("198.51.100.7", 40000),
        "server": ("testserver", 80),
    }
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    # In a thread of its own: the browser tests' session-wide Playwright keeps an event loop
    # running in the main thread, and anyio refuses to start a second one there.
    with ThreadPoolExecutor(max_workers=1) as runner:
        runner.submit(anyio.run, app, scope, receive, send).result()
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    response_headers = {k.decode(): v.decode() for k, v in start.get("headers", [])}
    return start["status"], response_headers, body


def test_an_anonymous_upload_is_refused_before_a_byte_of_it_is_read(
    app_toolbox: Toolbox,
) -> None:
    app = create_app(app_toolbox, secret_key=TEST_SECRET_KEY, http=HttpSettings())
    asked = 0

    async def receive() -> dict[str, Any]:
        nonlocal asked
        asked += 1
        return {"type": "http.request", "body": b"x" * 65536, "more_body": True}

    huge = {"Content-Length": str(150 * 1024 * 1024)}
    for method, path, headers in (
        ("POST", "/api/v1/incidents", {**huge, "Content-Type": "application/json"}),
        ("POST", "/import", {**huge, "Content-Type": "multipart/form-data; boundary=x"}),
        ("POST", TAXII_OBJECTS, {**huge, "Content-Type": TAXII, "Accept": TAXII}),
    ):
        status, _, _ = call(app, method, path, headers, receive)
        assert status == 401, path
    assert asked == 0


def test_a_body_beyond_its_limit_is_refused_in_the_shape_of_its_route(
    app_toolbox: Toolbox, token: str
) -> None:
    app = create_app(app_toolbox, secret_key=TEST_SECRET_KEY, http=SMALL)
    bearer = {"Authorization": f"Bearer {token}"}
    body = orjson.dumps({"title": "x" * 1000})
    with TestClient(app, raise_server_exceptions=False) as client:
        declared = client.post("/api/v1/incidents", content=body, headers=bearer)
        assert declared.status_code == 413
        assert declared.headers["content-type"] == "application/problem+json"
        assert declared.json()["type"] == "content-too-large"
        assert "larger than 300 bytes" in declared.json()["detail"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
            yield body[:200]
            yield body[200:]

        streamed = client.post("/api/v1/incidents", content=chunks(), headers=bearer)
        assert streamed.status_code == 413
        # Without a session, a page POST is refused before its body is read (no token can
        # match); with one, the form is read, within the limit.
        assert client.post("/login", data={"username": "x" * 1000}).status_code == 403
        page = client.post(
            "/login", data={"username": "x" * 1000, "csrf_token": form_token(client)}
        )
        assert page.status_code == 413 and page.headers["content-type"].startswith("text/html")
        # TAXII takes larger bodies (its max_content_length), and refuses in its own shape.
        taxii = {**bearer, "Accept": TAXII, "Content-Type": TAXII}
        fits = client.post(TAXII_OBJECTS, content=b'{"objects": []}' + b" " * 350, headers=taxii)
        assert fits.status_code == 202
        refused = client.post(TAXII_OBJECTS, content=b'{"objects": []}' + b" " * 500, headers=taxii)
        assert refused.status_code == 413 and refused.headers["content-type"] == TAXII
        assert refused.json()["http_status"] == "413"


def test_a_body_that_does_not_arrive_in_time_is_refused(app_toolbox: Toolbox, token: str) -> None:
    app = create_app(app_toolbox, secret_key=TEST_SECRET_KEY, http=SMALL)

    async def trickle() -> dict[str, Any]:
        await anyio.sleep(0.15)
        return {"type": "http.request", "body": b" ", "more_body": True}

    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    started = time.monotonic()
    status, response_headers, body = call(app, "POST", "/api/v1/incidents", headers, trickle)
    assert status == 408 and time.monotonic() - started < 5
    assert orjson.loads(body)["type"] == "request-timeout"
    assert response_headers["connection"] == "close"


@pytest.fixture(scope="module")
def served_with_deadline(app_toolbox: Toolbox) -> Iterator[int]:
    """The application under uvicorn as `cdt serve` runs it, with a short header deadline."""
    with live_server(
        create_app(app_toolbox, secret_key=TEST_SECRET_KEY, http=HttpSettings()),
        http=with_header_deadline(0.3),
        proxy_headers=False,
    ) as base_url:
        yield int(base_url.rsplit(":", 1)[1])


def closed_within(connection: socket.socket, seconds: float) -> bool:
    connection.settimeout(seconds)
    try:
        return connection.recv(1024) == b""
    except TimeoutError:
        return False


def test_serve_closes_a_connection_whose_headers_do_not_arrive(served_with_deadline: int) -> None:
    address = ("127.0.0.1", served_with_deadline)
    with socket.create_connection(address) as silent:
        assert closed_within(silent, 3)
    # A byte every 0.2 s: never idle as long as the 0.3 s deadline, closed all the same.
    started = time.monotonic()
    closed = False
    with socket.create_connection(address) as trickling:
        trickling.settimeout(0.2)
        for byte in b"GET /api/v1/incidents HTTP/1.1\r\nX-Slow: " + b"a" * 40:
            try:
                trickling.sendall(bytes([byte]))
                closed = trickling.recv(1024) == b""
            except TimeoutError:
                continue  # nothing to read yet: still open
            except OSError:
                closed = True
            if closed:
                break
    assert closed and time.monotonic() - started < 3
    with socket.create_connection(address) as prompt:
        prompt.sendall(b"GET /api/v1/incidents HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        prompt.settimeout(10)
        assert prompt.recv(1024).startswith(b"HTTP/1.1 200")


def test_the_sign_in_brake_counts_by_the_peer_not_a_forwarded_header(
    app_toolbox: Toolbox,
) -> None:
    add_user(app_toolbox, "braked", Role.VIEWER)
    wrong, right = basic("braked", "not the password"), basic("braked", PASSWORD)
    peer = ("203.0.113.9", 5000)
    direct = create_app(app_toolbox, secret_key=TEST_SECRET_KEY, http=HttpSettings())
    with TestClient(direct, client=peer, raise_server_exceptions=False) as client:
        for n in range(5):
            forged = {"Authorization": wrong, "X-Forwarded-For": f"192.0.2.{n}"}
            assert client.get("/api/v1/me", headers=forged).status_code == 401
        fresh = {"Authorization": right, "X-Forwarded-For": "192.0.2.99"}
        assert client.get("/api/v1/me", headers=fresh).status_code == 429
    # Behind a configured proxy, the address it forwards is the one counted.
    proxied = create_app(
        app_toolbox,
        secret_key=TEST_SECRET_KEY,
        http=HttpSettings(trusted_proxies=(ipaddress.ip_network("203.0.113.0/24"),)),
    )
    add_user(app_toolbox, "proxied", Role.VIEWER)
    wrong = basic("proxied", "not the password")
    with TestClient(proxied, client=peer, raise_server_exceptions=False) as client:
        for _ in range(5):
            guesser = {"Authorization": wrong, "X-Forwarded-For": "192.0.2.1"}
            assert client.get("/api/v1/me", headers=guesser).status_code == 401
        colleague = {"Authorization": basic("proxied", PASSWORD), "X-Forwarded-For": "192.0.2.2"}
        assert client.get("/api/v1/me", headers=colleague).status_code == 200
        guesser = {"Authorization": basic("proxied", PASSWORD), "X-Forwarded-For": "192.0.2.1"}
        assert client.get("/api/v1/me", headers=guesser).status_code == 429


def test_wrong_credentials_are_refused_on_public_routes_too(
    app_toolbox: Toolbox, token: str
) -> None:
    add_user(app_toolbox, "public-reader", Role.VIEWER)
    app = create_app(app_toolbox, secret_key=TEST_SECRET_KEY, http=HttpSettings())
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/api/v1/incidents").status_code == 200  # anonymous may read
        for header in (f"Bearer {token}x", basic("public-reader", "wrong"), "Digest x"):
            # Routes that read the caller and routes that never need one (reference data). A
            # wrong password counts towards the sign-in brake: two tries of it, not six.
            few = header.startswith("Basic")
            for path in ("/api/v1/incidents", "/api/v1/norms", "/api/v1/countries")[few:]:
                api = client.get(path, headers={"Authorization": header})
                assert api.status_code == 401, (header, path)
            for path in ("/", "/law", "/instruments")[2 * few :]:
                page = client.get(path, headers={"Authorization": header}, follow_redirects=False)
                assert page.status_code == 303, (header, path)
                assert page.headers["location"].startswith("/login")
            # The sign-in page still answers, so that a browser can sign in again.
            assert client.get("/login", headers={"Authorization": header}).status_code == 200
        right = client.get("/", headers={"Authorization": basic("public-reader", PASSWORD)})
        assert right.status_code == 200 and "Public Reader" in right.text
        # A session cookie this server did not sign: refused, then dropped.
        sign_in(client, "public-reader")
        body, signature = client.cookies[SESSION_COOKIE].split(".")
        client.cookies.set(SESSION_COOKIE, body + "." + signature[::-1])
        forged = client.get("/api/v1/incidents")
        assert forged.status_code == 401
        assert "not signed by this server" in forged.json()["detail"]
        page = client.get("/", follow_redirects=False)
        assert page.status_code == 303 and f"{SESSION_COOKIE}=;" in page.headers["set-cookie"]
