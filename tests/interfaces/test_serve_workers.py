"""`cdt serve --workers 2` as a real server of two processes, on each backend: whichever
worker answers, a signed-in browser stays signed in, the sign-in brake counts every worker's
failures, and what one process writes the others read at once, their caches included.

Every request below opens a new connection, so the kernel hands it to either worker; the
access log names the process that answered, and each test checks that both did.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from account_support import PASSWORD, add_user
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.toolbox import DATABASE_URL_VARIABLE, Toolbox
from cdtoolbox.toolbox.sign_in_brake import FAILURES_ALLOWED

WORKERS = 2
REQUESTS = 24  # enough that both workers answer some, whatever the kernel's choice
_ANSWERED = re.compile(r"\[(\d+)\] 127\.0\.0\.1:\d+ - \"(\w+) (\S+) HTTP/1\.1\" (\d+)")
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Served:
    base_url: str
    log: Path

    def client(self, **options: object) -> httpx.Client:
        """A client opening a new connection for every request."""
        return httpx.Client(
            base_url=self.base_url,
            limits=httpx.Limits(max_keepalive_connections=0),
            timeout=30,
            **options,  # type: ignore[arg-type]
        )

    def workers_answering(self, path: str) -> set[int]:
        """The processes that answered requests for ``path`` (its query left out)."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return {
            int(pid)
            for pid, _, target, _ in _ANSWERED.findall(text)
            if target.split("?", 1)[0] == path
        }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(fresh_toolbox: Toolbox, tmp_path: Path) -> Iterator[Served]:
    """`cdt serve --workers 2` over the test's database, until the test ends."""
    port = _free_port()
    log = tmp_path / "serve.log"
    environment = {
        **os.environ,
        DATABASE_URL_VARIABLE: fresh_toolbox.settings.database_url,
        # The generated secret key (with PostgreSQL, in the user's data folder) stays here.
        "XDG_DATA_HOME": str(tmp_path / "data-home"),
    }
    environment.pop("CDT_SECRET_KEY", None)
    cdt = Path(sys.executable).with_name("cdt")
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(cdt), "serve", "--workers", str(WORKERS), "--port", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=environment,
        )
    try:
        deadline = time.monotonic() + 120
        while log.read_text(errors="replace").count("Application startup complete") < WORKERS:
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the server did not start:\n{log.read_text()}")
            time.sleep(0.2)
        yield Served(f"http://127.0.0.1:{port}", log)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def form_token(client: httpx.Client) -> str:
    match = _TOKEN.search(client.get("/login").text)
    assert match, "the sign-in page has no form token"
    return match.group(1)


def test_a_session_started_on_one_worker_is_honoured_by_every_worker(
    fresh_toolbox: Toolbox, served: Served
) -> None:
    add_user(fresh_toolbox, "ana", Role.ANALYST)
    with served.client() as browser:
        token = form_token(browser)
        signed_in = browser.post(
            "/login",
            data={"username": "ana", "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        assert signed_in.status_code == 303, signed_in.text[:300]
        # The cookie was signed by one worker; every worker reads it (one secret key) and
        # finds its session (in the database).
        for _ in range(REQUESTS):
            page = browser.get("/cases")
            assert page.status_code == 200 and "Sign out" in page.text
        assert len(served.workers_answering("/cases")) == WORKERS
        # Signed out on one worker, the session is over on all.
        browser.post("/logout", data={"csrf_token": form_token(browser)})
        for _ in range(REQUESTS // 2):
            assert "Sign out" not in browser.get("/").text


def test_the_sign_in_brake_counts_the_failures_of_every_worker(
    fresh_toolbox: Toolbox, served: Served
) -> None:
    add_user(fresh_toolbox, "ana", Role.ANALYST)
    with served.client() as browser:
        token = form_token(browser)

        def attempt(password: str) -> int:
            return browser.post(
                "/login",
                data={"username": "ana", "password": password, "csrf_token": token},
                follow_redirects=False,
            ).status_code

        # Basic sign-ins on the API count with page sign-ins, on whichever worker.
        for number in range(FAILURES_ALLOWED):
            if number % 2:
                assert attempt("a wrong guess") == 401
            else:
                with served.client(auth=("ana", "a wrong guess")) as api:
                    assert api.get("/api/v1/cases").status_code == 401
        # Per-process counts would let each worker take FAILURES_ALLOWED guesses.
        refused = [attempt(PASSWORD) for _ in range(REQUESTS)]
        assert set(refused) == {429}
        assert len(served.workers_answering("/login")) == WORKERS


def test_what_one_process_writes_every_worker_reads_at_once(
    fresh_toolbox: Toolbox, served: Served, tmp_path: Path
) -> None:
    add_user(fresh_toolbox, "ana", Role.ANALYST)
    _, secret = fresh_toolbox.users.issue_token("ana", "tests", by=SYSTEM_USER)
    name = "Partner cluster 7"
    # An analyst reads: an actor imported without a marking is not for anonymous readers.
    with served.client(headers={"Authorization": f"Bearer {secret}"}) as reader:
        # Each worker builds its actor name index (a cache) before the write.
        for _ in range(REQUESTS):
            assert reader.get("/api/v1/actors", params={"q": name}).json()["items"] == []
        assert len(served.workers_answering("/api/v1/actors")) == WORKERS

        # Another process (this test, through the library) adds an actor: every worker's
        # cached index is rebuilt on its next use.
        bundle = tmp_path / "partner.json"
        bundle.write_text(json.dumps({"type": "bundle", "id": BUNDLE_ID, "objects": [ACTOR]}))
        fresh_toolbox.stix.import_bundle(bundle, by=SYSTEM_USER)
        for _ in range(REQUESTS):
            found = reader.get("/api/v1/actors", params={"q": name}).json()["items"]
            assert [actor["name"] for actor in found] == [name]

        # One request writes through one worker; every later request reads it.
        created = reader.post("/api/v1/incidents", json=NEW_INCIDENT)
        assert created.status_code == 201, created.text[:300]
        slug = created.json()["slug"]
        for _ in range(REQUESTS):
            assert reader.get(f"/api/v1/incidents/{slug}").status_code == 200
        assert len(served.workers_answering(f"/api/v1/incidents/{slug}")) == WORKERS


BUNDLE_ID = "bundle--4d3c2b1a-0000-4000-8000-000000000002"
ACTOR = {
    "type": "intrusion-set",
    "spec_version": "2.1",
    "id": "intrusion-set--0f3c7a55-5f2f-4c52-9b8e-1d4a9b0c7e21",
    "created": "2026-01-02T03:04:05.000Z",
    "modified": "2026-01-02T03:04:05.000Z",
    "name": "Partner cluster 7",
}
NEW_INCIDENT = {
    "title": "Served by two workers",
    "summary": "An incident written through one worker and read through every worker.",
    "start": "2026-12-01",
    "types": ["espionage"],
    "victims": {"countries": ["DE"]},
    "sources": [{"title": "A test", "url": "https://example.org/two-workers"}],
}
