"""Creating and editing incidents through the API, with optimistic versions (both backends)."""

from __future__ import annotations

from typing import Any

from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from web_support import TestClient

NEW_INCIDENT: dict[str, Any] = {
    "title": "Ransomware attack on a regional hospital",
    "summary": "Patient records were encrypted; emergency admissions were diverted for a day.",
    "start": "2024-03",
    "types": ["ransomware"],
    "victims": {"countries": ["Germany"], "sectors": ["health"]},
    "actors": ["fancy bear"],
    "sources": [{"title": "CERT advisory", "url": "https://example.org/advisory"}],
}


def test_create_an_incident_from_a_document(api_writer: TestClient, fresh_toolbox: Toolbox) -> None:
    response = api_writer.post("/api/v1/incidents", json=NEW_INCIDENT)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["slug"] == "ransomware-attack-on-a-regional-hospital-2024"
    assert created["victim_countries"] == ["DE"] and created["version"] == 1
    assert [actor["name"] for actor in created["actors"]] == ["APT28"]
    assert response.headers["location"] == f"/api/v1/incidents/{created['id']}"
    stored = fresh_toolbox.incidents.get(created["id"], by=SYSTEM_USER)
    assert stored.title == NEW_INCIDENT["title"]
    assert api_writer.get(response.headers["location"]).json() == created


def test_a_wrong_document_stores_nothing_and_names_every_field(
    api_writer: TestClient, fresh_toolbox: Toolbox
) -> None:
    before = fresh_toolbox.incidents.list(by=SYSTEM_USER).total
    wrong = {**NEW_INCIDENT, "start": "March", "victims": {"countries": ["Ukrain"]}}
    response = api_writer.post("/api/v1/incidents", json=wrong)
    assert response.status_code == 422
    body = response.json()
    assert body["type"] == "import-rejected"
    assert {error["field"] for error in body["errors"]} == {"start", "victims.countries[0]"}
    assert {error["value"] for error in body["errors"]} == {"March", "Ukrain"}
    assert fresh_toolbox.incidents.list(by=SYSTEM_USER).total == before


def test_a_body_that_is_not_an_object_is_refused(api_writer: TestClient) -> None:
    response = api_writer.post("/api/v1/incidents", json=["not", "an", "object"])
    assert response.status_code == 422
    assert response.json()["errors"][0]["entity"] == "body"


def test_edit_with_if_match_and_refuse_a_stale_version(api_writer: TestClient) -> None:
    current = api_writer.get("/api/v1/incidents/wannacry-2017")
    etag = current.headers["etag"]
    edit = api_writer.patch(
        "/api/v1/incidents/wannacry-2017",
        json={"changes": {"tlp": "green"}},
        headers={"If-Match": etag},
    )
    assert edit.status_code == 200, edit.text
    assert edit.json()["tlp"] == "green"
    assert edit.json()["version"] == current.json()["version"] + 1
    assert edit.headers["etag"] == f'"{edit.json()["version"]}"'

    stale = api_writer.patch(
        "/api/v1/incidents/wannacry-2017",
        json={"changes": {"tlp": "amber"}},
        headers={"If-Match": etag},
    )
    assert stale.status_code == 409
    body = stale.json()
    assert body["type"] == "conflict"
    assert (body["expected_version"], body["actual_version"]) == (
        current.json()["version"],
        edit.json()["version"],
    )
    assert api_writer.get("/api/v1/incidents/wannacry-2017").json()["tlp"] == "green"


def test_edit_with_the_version_in_the_body(api_writer: TestClient) -> None:
    version = api_writer.get("/api/v1/incidents/notpetya-2017").json()["version"]
    ok = api_writer.patch(
        "/api/v1/incidents/notpetya-2017",
        json={"changes": {"types": ["wiper", "supply-chain"]}, "expected_version": version},
    )
    assert ok.status_code == 200 and ok.json()["types"] == ["wiper", "supply-chain"]
    stale = api_writer.patch(
        "/api/v1/incidents/notpetya-2017",
        json={"changes": {"tlp": "green"}, "expected_version": version},
    )
    assert stale.status_code == 409


def test_if_match_must_agree_with_the_body_and_be_a_version(api_writer: TestClient) -> None:
    disagree = api_writer.patch(
        "/api/v1/incidents/notpetya-2017",
        json={"changes": {"tlp": "green"}, "expected_version": 1},
        headers={"If-Match": '"2"'},
    )
    assert disagree.status_code == 422 and disagree.json()["errors"][0]["field"] == "If-Match"
    garbage = api_writer.patch(
        "/api/v1/incidents/notpetya-2017",
        json={"changes": {"tlp": "green"}},
        headers={"If-Match": "yesterday"},
    )
    assert garbage.status_code == 422 and garbage.json()["errors"][0]["value"] == "yesterday"


def test_an_edit_with_a_wrong_value_changes_nothing(api_writer: TestClient) -> None:
    before = api_writer.get("/api/v1/incidents/notpetya-2017").json()
    response = api_writer.patch(
        "/api/v1/incidents/notpetya-2017", json={"changes": {"tlp": "purple"}}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "tlp"
    assert api_writer.get("/api/v1/incidents/notpetya-2017").json() == before


def test_editing_an_unknown_incident_is_not_found(api_writer: TestClient) -> None:
    response = api_writer.patch("/api/v1/incidents/nope", json={"changes": {"tlp": "green"}})
    assert response.status_code == 404 and response.json()["key"] == "nope"
