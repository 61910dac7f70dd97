"""Parallel API clients editing the same incident and the same case: no lost update.

Each client loops: read the current version, send its change with that version as
``expected_version``, and on 409 read again and retry. Afterwards every accepted write is
in the history (the version counts them exactly, the audit trail lists each case edit) and
every rejected one was answered 409, never a 5xx and never a silent overwrite. Runs on
SQLite (WAL) and PostgreSQL, against a real server on loopback.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest

from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox import Settings, Toolbox
from tests_support import CHEAP_PASSWORDS
from web_support import live_server

CLIENTS = 6
WRITES_PER_CLIENT = 5


@pytest.fixture
def served(fresh_url: str, knowledge: KnowledgeBase) -> Iterator[tuple[str, str, Toolbox]]:
    with Toolbox(Settings(fresh_url), knowledge=knowledge, passwords=CHEAP_PASSWORDS) as box:
        box.users.add(
            by=SYSTEM_USER,
            username="writer",
            display_name="W",
            role=Role.ANALYST,
            clearance=Tlp.RED,
        )
        _, token = box.users.issue_token("writer", "concurrency", by=SYSTEM_USER)
        with live_server(create_app(box, secret_key=b"c" * 32)) as base_url:
            yield base_url, token, box


def _race(target: str, write: object) -> Counter[str]:
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def client(number: int) -> None:
        for attempt in range(WRITES_PER_CLIENT):
            status = write(number, attempt)  # type: ignore[operator]
            with lock:
                outcomes.update(status)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_parallel_incident_edits_lose_nothing(served: tuple[str, str, Toolbox]) -> None:
    base_url, token, box = served
    headers = {"Authorization": f"Bearer {token}"}
    url = f"{base_url}/api/v1/incidents/dyn-ddos-2016"
    start = box.incidents.get("dyn-ddos-2016", by=SYSTEM_USER).version

    def write(number: int, attempt: int) -> list[str]:
        statuses = []
        with httpx.Client(headers=headers, timeout=60) as http:
            while True:
                version = http.get(url).json()["version"]
                response = http.patch(
                    url,
                    json={
                        "changes": {"summary": f"edit by client {number}, attempt {attempt}"},
                        "expected_version": version,
                    },
                )
                statuses.append(str(response.status_code))
                if response.status_code != 409:
                    return statuses

    outcomes = _race(url, write)
    assert set(outcomes) <= {"200", "409"}, outcomes
    assert outcomes["200"] == CLIENTS * WRITES_PER_CLIENT
    assert box.incidents.get("dyn-ddos-2016", by=SYSTEM_USER).version == start + outcomes["200"]


def test_parallel_case_edits_lose_nothing(served: tuple[str, str, Toolbox]) -> None:
    base_url, token, box = served
    headers = {"Authorization": f"Bearer {token}"}
    case = box.cases.open(["wannacry-2017"], by=SYSTEM_USER)
    url = f"{base_url}/api/v1/cases/{case.id}"

    def write(number: int, attempt: int) -> list[str]:
        statuses = []
        with httpx.Client(headers=headers, timeout=60) as http:
            while True:
                version = http.get(url).json()["version"]
                response = http.patch(
                    f"{url}/measures/m1",
                    json={
                        "text": f"client {number}, attempt {attempt}",
                        "justification": "concurrency test",
                        "expected_version": version,
                    },
                )
                statuses.append(str(response.status_code))
                if response.status_code != 409:
                    return statuses

    outcomes = _race(url, write)
    assert set(outcomes) <= {"200", "409"}, outcomes
    accepted = outcomes["200"]
    assert accepted == CLIENTS * WRITES_PER_CLIENT
    stored = box.cases.get(case.id, by=SYSTEM_USER).case
    assert stored.version == 1 + accepted
    measure = stored.measure("m1")
    assert measure is not None and len(measure.history) == 1 + accepted
    edits = box.audit.entries(by=SYSTEM_USER, entity="case", key=case.id)
    assert [e.action for e in edits].count("case.measure.edit") == accepted
    assert box.audit.verify(by=SYSTEM_USER).intact
