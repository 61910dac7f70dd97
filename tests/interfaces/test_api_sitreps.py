"""`/api/v1/sitreps…`: drafted and revised by an analyst, approved by an approver (never its
author), read back version by version; refusals answer 422 naming the field, 403 or 409."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from account_support import TEST_SECRET_KEY, add_user
from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.toolbox import Toolbox
from web_support import TestClient

INCIDENT = "wannacry-2017"
DRAFT = {
    "incident": INCIDENT,
    "summary": "Ransomware spread worldwide.",
    "assessment": "Attributed by several States.",
    "actions": "Indicators shared.",
    "next_steps": "Consider a joint statement.",
}


@pytest.fixture
def api_approver(fresh_toolbox: Toolbox) -> Iterator[TestClient]:
    add_user(fresh_toolbox, "api-approver", Role.APPROVER)
    _, secret = fresh_toolbox.users.issue_token("api-approver", "tests", by=SYSTEM_USER)
    app = create_app(fresh_toolbox, secret_key=TEST_SECRET_KEY)
    headers = {"Authorization": f"Bearer {secret}"}
    with TestClient(app, raise_server_exceptions=False, headers=headers) as test_client:
        yield test_client


def test_draft_revise_and_approve_through_the_api(
    api_writer: TestClient, api_approver: TestClient, fresh_client: TestClient
) -> None:
    drafted = api_writer.post("/api/v1/sitreps", json=DRAFT)
    assert drafted.status_code == 201, drafted.text
    sitrep = drafted.json()
    path = f"/api/v1/sitreps/{sitrep['id']}"
    assert api_writer.post(f"{path}/approve", json={"version": 1}).status_code == 403
    revised = api_writer.post(
        f"{path}/versions", json={"expected_version": 1, "next_steps": "Propose listings."}
    )
    assert revised.status_code == 201 and revised.json()["version"] == 2, revised.text
    stale = api_writer.post(f"{path}/versions", json={"expected_version": 1, "summary": "x"})
    assert stale.status_code == 409, stale.text
    assert api_approver.post(f"{path}/approve", json={"version": 1}).status_code == 409
    approved = api_approver.post(f"{path}/approve", json={"version": 2})
    assert approved.status_code == 200 and approved.json()["approved_by"] == "api-approver"
    versions = fresh_client.get(f"{path}/versions").json()
    assert [(v["version"], v["status"]) for v in versions["items"]] == [
        (1, "draft"),
        (2, "approved"),
    ]
    assert fresh_client.get(f"{path}?version=1").json()["next_steps"] == DRAFT["next_steps"]
    listed = fresh_client.get(f"/api/v1/sitreps?incident={INCIDENT}").json()
    assert [item["version"] for item in listed["items"]] == [2]


def test_bad_input_is_refused_with_422_naming_the_field(
    api_writer: TestClient, fresh_client: TestClient
) -> None:
    for change, field in (
        ({"incident": "atlantis"}, "incident"),
        ({"summary": "  "}, "summary"),
        ({"tlp": "red"}, "tlp"),
    ):
        refused = api_writer.post("/api/v1/sitreps", json=DRAFT | change)
        assert refused.status_code == 422, refused.text
        assert [e["field"] for e in refused.json()["errors"]] == [field]
    assert fresh_client.get(f"/api/v1/sitreps?incident={INCIDENT}").json()["total"] == 0
    assert fresh_client.get("/api/v1/sitreps/no-such-sitrep").status_code == 404
