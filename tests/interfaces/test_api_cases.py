"""The API with credentials: bearer tokens and Basic, /me, response cases and the audit trail
(both backends)."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator

import pytest

from account_support import PASSWORD, TEST_SECRET_KEY, add_user
from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.toolbox import Toolbox
from web_support import TestClient

Caller = Callable[[str], TestClient]


def basic(username: str, password: str) -> dict[str, str]:
    pair = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {pair}"}


@pytest.fixture
def people(fresh_toolbox: Toolbox) -> dict[str, User]:
    return {
        "ana": add_user(fresh_toolbox, "ana", Role.ANALYST),
        "vic": add_user(fresh_toolbox, "vic", Role.VIEWER),
        "apo": add_user(fresh_toolbox, "apo", Role.APPROVER),
        **{
            f"delegate-{code.lower()}": add_user(
                fresh_toolbox, f"delegate-{code.lower()}", Role.DELEGATE, member_state=code
            )
            for code in (m.code for m in fresh_toolbox.knowledge.countries.eu_members())
        },
    }


@pytest.fixture
def caller(fresh_toolbox: Toolbox, people: dict[str, User]) -> Iterator[Caller]:
    """An API client per user, each with its own bearer token."""
    app = create_app(fresh_toolbox, secret_key=TEST_SECRET_KEY)
    clients: dict[str, TestClient] = {}

    def as_user(username: str) -> TestClient:
        if username not in clients:
            _, secret = fresh_toolbox.users.issue_token(username, "tests", by=SYSTEM_USER)
            client = TestClient(
                app, raise_server_exceptions=False, headers={"Authorization": f"Bearer {secret}"}
            )
            clients[username] = client.__enter__()
        return clients[username]

    yield as_user
    for client in clients.values():
        client.__exit__(None, None, None)


def test_who_am_i_by_token_and_by_basic(
    fresh_client: TestClient, caller: Caller, people: dict[str, User]
) -> None:
    me = caller("delegate-de").get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["username"] == "delegate-de" and me.json()["member_state"] == "DE"
    assert "record a Member State's position" in me.json()["permissions"]
    by_basic = fresh_client.get("/api/v1/me", headers=basic("ana", PASSWORD))
    assert by_basic.status_code == 200 and by_basic.json()["role"] == "analyst"


def test_no_or_wrong_credentials_answer_401_with_the_challenge(
    fresh_client: TestClient, people: dict[str, User]
) -> None:
    for headers in (
        {},
        {"Authorization": "Bearer cdt_not-a-real-token"},
        basic("ana", "wrong password"),
        {"Authorization": "Digest username=ana"},
    ):
        response = fresh_client.get("/api/v1/me", headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["type"] == "not-authenticated"
        assert 'Bearer realm="cdtoolbox"' in response.headers["www-authenticate"]
    # A read without credentials is the anonymous visitor's; with wrong ones it is refused.
    assert fresh_client.get("/api/v1/incidents").status_code == 200
    wrong = fresh_client.get("/api/v1/incidents", headers=basic("ana", "wrong password"))
    assert wrong.status_code == 401


def test_writes_need_credentials(fresh_client: TestClient, fresh_toolbox: Toolbox) -> None:
    before = fresh_toolbox.incidents.list(by=SYSTEM_USER).total
    document = {"title": "Defacement of a ministry site", "start": "2024", "types": ["defacement"]}
    response = fresh_client.post("/api/v1/incidents", json=document)
    assert response.status_code == 401 and response.json()["detail"].startswith("not signed in")
    edit = fresh_client.patch("/api/v1/incidents/wannacry-2017", json={"changes": {"tlp": "red"}})
    assert edit.status_code == 401
    assert fresh_toolbox.incidents.list(by=SYSTEM_USER).total == before
    assert (
        fresh_client.post("/api/v1/cases", json={"incidents": ["wannacry-2017"]}).status_code == 401
    )


def test_failed_basic_sign_ins_are_throttled(
    fresh_client: TestClient, people: dict[str, User]
) -> None:
    for _ in range(5):
        assert fresh_client.get("/api/v1/me", headers=basic("ana", "guess")).status_code == 401
    blocked = fresh_client.get("/api/v1/me", headers=basic("ana", PASSWORD))
    assert blocked.status_code == 429 and blocked.json()["type"] == "too-many-attempts"
    assert int(blocked.headers["retry-after"]) >= 1


def test_a_role_that_may_not_answers_403(caller: Caller, people: dict[str, User]) -> None:
    viewer = caller("vic")
    refused = viewer.post("/api/v1/cases", json={"incidents": ["wannacry-2017"]})
    assert refused.status_code == 403 and refused.json()["type"] == "forbidden"
    assert viewer.get("/api/v1/audit").status_code == 403
    assert viewer.get("/api/v1/audit/verification").status_code == 403
    document = {"title": "Defacement of a ministry site", "start": "2024", "types": ["defacement"]}
    assert viewer.post("/api/v1/incidents", json=document).status_code == 403


def test_a_case_from_opening_to_implementation(
    caller: Caller, people: dict[str, User], fresh_toolbox: Toolbox
) -> None:
    analyst = caller("ana")
    opened = analyst.post("/api/v1/cases", json={"incidents": ["wannacry-2017"]})
    assert opened.status_code == 201, opened.text
    case = opened.json()
    assert opened.headers["location"] == f"/api/v1/cases/{case['id']}"
    assert case["state"] == "drafting" and case["version"] == 1

    proposed = {m["instrument_id"] for m in case["measures"]}
    extra = next(i.id for i in fresh_toolbox.knowledge.instruments.ladder() if i.id not in proposed)
    added = analyst.post(
        f"/api/v1/cases/{case['id']}/measures",
        json={"instrument_id": extra, "justification": "desk request", "expected_version": 1},
    )
    assert added.status_code == 201 and added.json()["version"] == 2
    new_id = added.json()["measures"][-1]["id"]
    stale = analyst.patch(
        f"/api/v1/cases/{case['id']}/measures/{new_id}",
        json={"text": "Late wording", "justification": "edit", "expected_version": 1},
    )
    assert stale.status_code == 409
    assert (stale.json()["expected_version"], stale.json()["actual_version"]) == (1, 2)
    dropped = analyst.delete(
        f"/api/v1/cases/{case['id']}/measures/{new_id}",
        params={"justification": "not needed after all", "expected_version": 2},
    )
    assert dropped.status_code == 200
    assert next(m for m in dropped.json()["measures"] if m["id"] == new_id)["dropped"] is True
    restored = analyst.patch(
        f"/api/v1/cases/{case['id']}/measures/{new_id}",
        json={"dropped": False, "justification": "needed after all", "expected_version": 3},
    )
    assert restored.status_code == 200 and restored.json()["version"] == 4

    premature = analyst.post(f"/api/v1/cases/{case['id']}/decision", json={})
    # Deciding is the approver's: the role is checked before the case's state is looked at.
    assert premature.status_code == 403
    assert "record decisions on response cases" in premature.json()["detail"]
    moved = analyst.post(
        f"/api/v1/cases/{case['id']}/state",
        json={"state": "consultation", "expected_version": 4},
    )
    assert moved.status_code == 200 and moved.json()["state"] == "consultation"
    assert analyst.post(f"/api/v1/cases/{case['id']}/decision", json={}).status_code == 403
    listing = next(
        m["id"] for m in moved.json()["measures"] if m["instrument_id"] == ("restrictive.listing")
    )

    for code in (m.code for m in fresh_toolbox.knowledge.countries.eu_members()):
        recorded = caller(f"delegate-{code.lower()}").post(
            f"/api/v1/cases/{case['id']}/positions",
            json={"measure_id": listing, "member_state": code, "position": "support"},
        )
        assert recorded.status_code == 201, recorded.text
    forged = caller("delegate-de").post(
        f"/api/v1/cases/{case['id']}/positions",
        json={"measure_id": listing, "member_state": "FR", "position": "oppose"},
    )
    assert forged.status_code == 403

    case_file = analyst.get(f"/api/v1/cases/{case['id']}")
    assert case_file.headers["etag"] == '"5"'
    body = case_file.json()
    assert body["next_states"] == ["drafting", "adopted", "not-adopted"]
    verdict = next(a for a in body["adoption"] if a["measure_id"] == listing)
    assert verdict["adoptable"] and verdict["awaiting"] == [] and len(verdict["supporting"]) == 27

    decided = caller("apo").post(
        f"/api/v1/cases/{case['id']}/decision", json={"expected_version": 5}
    )
    assert decided.status_code == 200 and decided.json()["state"] == "adopted"
    implemented = analyst.post(
        f"/api/v1/cases/{case['id']}/implementations",
        json={
            "measure_id": listing,
            "kind": "legal-act",
            "date": "2026-12-10",
            "summary": "Listing adopted",
            "reference": "Council Implementing Regulation (EU) 2026/2101",
        },
    )
    assert implemented.status_code == 201 and implemented.json()["kind"] == "legal-act"
    assert analyst.get(f"/api/v1/cases/{case['id']}").json()["state"] == "implementing"

    wrong = analyst.post(f"/api/v1/cases/{case['id']}/state", json={"state": "drafting"})
    assert wrong.status_code == 409 and wrong.json()["type"] == "invalid-transition"

    listed = analyst.get("/api/v1/cases", params={"state": "implementing"}).json()
    assert [item["id"] for item in listed["items"]] == [case["id"]]
    assert listed["counts"]["implementing"] == 1

    trail = analyst.get("/api/v1/audit", params={"entity": "case", "key": case["id"]})
    actions = [entry["action"] for entry in trail.json()["items"]]
    assert actions[0] == "case.open" and "case.decide" in actions and "case.implement" in actions
    assert actions.count("case.position") == 27
    page = analyst.get("/api/v1/audit", params={"entity": "case", "key": case["id"], "limit": 2})
    assert len(page.json()["items"]) == 2 and page.json()["next_after_seq"] is not None
    verification = caller("apo").get("/api/v1/audit/verification").json()
    assert verification["intact"] is True and verification["entries_checked"] >= len(actions)


def test_cases_about_restricted_incidents_are_hidden(
    caller: Caller, people: dict[str, User], fresh_toolbox: Toolbox
) -> None:
    fresh_toolbox.incidents.edit("wannacry-2017", {"tlp": "red"}, by=SYSTEM_USER)
    analyst = caller("ana")  # cleared for TLP:AMBER
    refused = analyst.post("/api/v1/cases", json={"incidents": ["wannacry-2017"]})
    assert refused.status_code == 404  # as for an incident that does not exist
    case = fresh_toolbox.cases.open(["wannacry-2017"], by=SYSTEM_USER)
    assert analyst.get("/api/v1/cases").json()["items"] == []
    assert analyst.get(f"/api/v1/cases/{case.id}").status_code == 404
