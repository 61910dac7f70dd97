"""Renewals and delistings through `/api/v1/sanctions` (both backends)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from account_support import TEST_SECRET_KEY, add_user
from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.toolbox import Toolbox
from web_support import TestClient

RENEWAL = {
    "act": "Council Decision (CFSP) 2026/0000 (test fixture)",
    "decided_on": "2026-05-12",
    "summary": "Listings prolonged for a year.",
    "sources": ["https://eur-lex.europa.eu/example-act"],
    "listings_until": "2027-05-18",
    "status": "secondary",
}
DELISTING = {
    "delisted_on": "2026-06-01",
    "act": "Council Implementing Regulation (EU) 2026/0000 (test fixture)",
    "reason": "Deceased.",
    "sources": ["https://eur-lex.europa.eu/example-delisting"],
}


@pytest.fixture
def as_user(fresh_toolbox: Toolbox) -> Iterator[dict[str, TestClient]]:
    add_user(fresh_toolbox, "ana", Role.ANALYST)
    add_user(fresh_toolbox, "vic", Role.VIEWER)
    app = create_app(fresh_toolbox, secret_key=TEST_SECRET_KEY)
    clients: dict[str, TestClient] = {}
    for name in ("ana", "vic"):
        _, secret = fresh_toolbox.users.issue_token(name, "tests", by=SYSTEM_USER)
        headers = {"Authorization": f"Bearer {secret}"}
        clients[name] = TestClient(app, raise_server_exceptions=False, headers=headers).__enter__()
    clients["anonymous"] = TestClient(app, raise_server_exceptions=False).__enter__()
    yield clients
    for client in clients.values():
        client.__exit__(None, None, None)


def test_a_renewal_moves_the_review_date(as_user: dict[str, TestClient]) -> None:
    ana = as_user["ana"]
    path = "/api/v1/sanctions/regimes/eu-cyber/renewals"
    version = ana.get("/api/v1/sanctions/regimes/eu-cyber").json()["version"]
    response = ana.post(path, json={**RENEWAL, "expected_version": version})
    assert response.status_code == 201, response.text
    assert response.json()["listings_until"] == "2027-05-18"
    reviews = ana.get("/api/v1/sanctions/reviews", params={"within_days": 3650}).json()
    listings = next(item for item in reviews["items"] if item["kind"] == "listings")
    assert listings["due"] == "2027-05-18" and listings["overdue"] is False
    again = ana.post(path, json=RENEWAL)
    assert again.status_code == 422 and "is already recorded" in again.text
    stale = ana.post(path, json={**RENEWAL, "act": "Another act", "expected_version": version})
    assert stale.status_code == 409


def test_who_may_change_the_register_and_what_bad_input_says(
    as_user: dict[str, TestClient],
) -> None:
    path = "/api/v1/sanctions/regimes/eu-cyber/renewals"
    assert as_user["anonymous"].post(path, json=RENEWAL).status_code == 401
    assert as_user["vic"].post(path, json=RENEWAL).status_code == 403
    bad = as_user["ana"].post(path, json={**RENEWAL, "decided_on": "spring 2026"})
    assert bad.status_code == 422
    assert "decided_on" in bad.text and "YYYY" in bad.text
    no_source = as_user["ana"].post(path, json={**RENEWAL, "sources": []})
    assert no_source.status_code == 422 and "sources" in no_source.text
    unknown = as_user["ana"].post("/api/v1/sanctions/regimes/nowhere/renewals", json=RENEWAL)
    assert unknown.status_code == 404


def test_a_delisting_marks_the_listing_and_ends_its_match(as_user: dict[str, TestClient]) -> None:
    ana = as_user["ana"]
    response = ana.post("/api/v1/sanctions/listings/gao-qiang/delisting", json=DELISTING)
    assert response.status_code == 200, response.text
    assert response.json()["delisting"]["delisted_on"] == "2026-06-01"
    check = ana.get("/api/v1/sanctions/check", params={"name": "Gao Qiang"}).json()
    assert check["listed"] is False
    assert check["answer"].startswith("Not listed now:") and "since delisted" in check["answer"]
    assert [(m["listing"]["id"], m["listing"]["active"]) for m in check["matches"]] == [
        ("gao-qiang", False)
    ]
    second = ana.post("/api/v1/sanctions/listings/gao-qiang/delisting", json=DELISTING)
    assert second.status_code == 422 and "already delisted" in second.text
