"""`/api/v1/statements/{id}/draft`, its confirmation and `/api/v1/responses`: a statement drafted
into a response and confirmed through the API, then among the incident's public responses
(SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from web_support import TestClient

ESTONIA = (
    b"Declaration by the High Representative on behalf of the EU on malicious cyber "
    b"activities against Estonia\n\nBrussels, 3 November 2026\n\nThe European Union strongly "
    b"condemns the malicious cyber activity conducted by the Russian Federation against the "
    b"energy sector of Estonia."
)
VIASAT = Path(__file__).parent.parent / "data" / "statements" / "train" / "viasat-2022-en.txt"


def test_a_draft_is_read_corrected_and_confirmed_with_its_incident(
    api_writer: TestClient, fresh_toolbox: Toolbox
) -> None:
    added = api_writer.post(
        "/api/v1/statements", files=[("files", ("estonia.txt", ESTONIA, "text/plain"))]
    )
    assert added.status_code == 201, added.text
    statement = added.json()["items"][0]["id"]

    drafted = api_writer.get(f"/api/v1/statements/{statement}/draft")
    assert drafted.status_code == 200, drafted.text
    draft = drafted.json()
    assert (draft["state"], draft["incidents"], draft["state_named"]) == ("draft", [], "RU")
    assert draft["incident_draft"]["countries"] == ["EE"]
    assert draft["incident_draft"]["confidence"] == "high"
    assert api_writer.get(f"/api/v1/statements/{statement}/draft").json() == draft

    refused = api_writer.post(f"/api/v1/statements/{statement}/draft/confirm", json={})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "types"
    stale = api_writer.post(
        f"/api/v1/statements/{statement}/draft/confirm",
        json={"incident_types": ["sabotage"], "version": draft["version"] + 1},
    )
    assert stale.status_code == 409
    assert fresh_toolbox.responses.get(draft["id"], by=SYSTEM_USER).state.value == "draft"
    # A stale review records nothing: not even the draft incident.
    assert not [
        item
        for item in fresh_toolbox.incidents.list(by=SYSTEM_USER).items
        if item.slug.startswith("russian-federation")
        or item.title.startswith("Malicious cyber activity")
    ]
    unknown = api_writer.post(
        f"/api/v1/statements/{statement}/draft/confirm", json={"colour": "blue"}
    )
    assert unknown.status_code == 422

    confirmed = api_writer.post(
        f"/api/v1/statements/{statement}/draft/confirm",
        json={
            "incident_types": ["sabotage"],
            "incident_title": "Energy grid intrusion in Estonia",
            "version": draft["version"],
        },
    )
    assert confirmed.status_code == 200, confirmed.text
    record = confirmed.json()
    (slug,) = record["incidents"]
    assert fresh_toolbox.incidents.get(slug, by=SYSTEM_USER).title == (
        "Energy grid intrusion in Estonia"
    )
    listed = api_writer.get("/api/v1/responses", params={"incident": slug})
    assert [item["id"] for item in listed.json()["items"]] == [record["id"]]


def test_responses_are_listed_for_everyone_and_drafts_asked_for(
    client: TestClient, api_writer: TestClient
) -> None:
    listed = client.get("/api/v1/responses", params={"incident": "viasat-ka-sat-2022"})
    assert listed.status_code == 200
    assert [item["id"] for item in listed.json()["items"]] == ["2022-05-10-hr-declaration-viasat"]
    assert client.get("/api/v1/responses", params={"state": "final"}).status_code == 422
    added = api_writer.post(
        "/api/v1/statements",
        files=[("files", ("viasat.txt", VIASAT.read_bytes(), "text/plain"))],
    )
    statement = added.json()["items"][0]["id"]
    api_writer.get(f"/api/v1/statements/{statement}/draft")
    drafts = api_writer.get("/api/v1/responses", params={"state": "draft"}).json()["items"]
    assert [item["statement"] for item in drafts] == [statement]
