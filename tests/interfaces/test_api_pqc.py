"""`/api/v1/pqc` (issue 20, item 3): the same assets and progress as the library and
`cdt pqc … --json`, filtered by the same words, within the caller's clearance."""

from __future__ import annotations

import json
from pathlib import Path

from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.model.pqc_codec import asset_document
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox import Toolbox
from tests_support import Cli
from web_support import TestClient

DATA = Path(__file__).parents[1] / "data" / "pqc"


def _imported(toolbox: Toolbox) -> None:
    toolbox.pqc.import_file(
        DATA / "acceptance.cdx.json",
        organisation="Federal Foreign Office",
        member_state="DE",
        sector="government",
        by=SYSTEM_USER,
    )
    toolbox.pqc.import_file(DATA / "inventory.csv", tlp=Tlp.CLEAR, by=SYSTEM_USER)


def test_the_api_lists_what_the_library_lists(
    fresh_toolbox: Toolbox, api_writer: TestClient
) -> None:
    _imported(fresh_toolbox)
    response = api_writer.get("/api/v1/pqc/assets", params={"status": "vulnerable"})
    assert response.status_code == 200, response.text
    expected = fresh_toolbox.pqc.assets(
        fresh_toolbox.pqc.filter_from(status="vulnerable"), by=SYSTEM_USER
    )
    assert response.json() == {
        "items": [asset_document(item) for item in expected],
        "total": len(expected),
    }
    exposed = api_writer.get(
        "/api/v1/pqc/assets", params={"hndl": "true", "member_state": "Germany"}
    )
    assert [item["algorithm"] for item in exposed.json()["items"]] == ["RSA-2048"]


def test_progress_counts_within_the_caller_s_clearance(
    fresh_toolbox: Toolbox, api_writer: TestClient, fresh_client: TestClient
) -> None:
    _imported(fresh_toolbox)
    analyst = api_writer.get("/api/v1/pqc/progress").json()
    assert [row["key"] for row in analyst["by_member_state"]] == ["DE", "ES", "FR"]
    assert analyst["overall"]["total"] == 9
    assert [item["id"] for item in analyst["milestones"]] == ["M1", "M2", "M3"]
    # Anonymous readers see up to TLP:GREEN: the CSV's CLEAR assets, not the AMBER inventory.
    anonymous = fresh_client.get("/api/v1/pqc/progress").json()
    assert [row["key"] for row in anonymous["by_member_state"]] == ["ES", "FR"]


def test_a_wrong_filter_is_a_422_naming_the_field(api_writer: TestClient) -> None:
    response = api_writer.get("/api/v1/pqc/assets", params={"member_state": "Norway"})
    assert response.status_code == 422
    assert "not an EU Member State" in response.text


def test_a_cbom_posted_replaces_the_organisation_s_inventory(
    fresh_toolbox: Toolbox, api_writer: TestClient
) -> None:
    document = json.loads((DATA / "acceptance.cdx.json").read_text(encoding="utf-8"))
    place = {"organisation": "Federal Foreign Office", "member_state": "Germany"}
    response = api_writer.post("/api/v1/pqc/inventories", params=place, json=document)
    assert response.status_code == 200, response.text
    assert response.json()["inventories"] == [
        {"member_state": "DE", "organisation": "Federal Foreign Office", "assets": 5, "replaced": 0}
    ]
    [entry] = fresh_toolbox.audit.entries(by=SYSTEM_USER, entity="pqc inventory")
    assert entry.actor == "api-analyst"

    document["specVersion"] = "1.5"
    refused = api_writer.post("/api/v1/pqc/inventories", params=place, json=document)
    assert refused.status_code == 422
    assert "specVersion" in refused.text and "must be 1.6" in refused.text
    assert fresh_toolbox.pqc.progress(by=SYSTEM_USER).overall.total == 5
    assert len(fresh_toolbox.audit.entries(by=SYSTEM_USER, entity="pqc inventory")) == 1


def test_an_anonymous_caller_cannot_import(fresh_client: TestClient) -> None:
    document = json.loads((DATA / "acceptance.cdx.json").read_text(encoding="utf-8"))
    response = fresh_client.post(
        "/api/v1/pqc/inventories", params={"organisation": "X", "member_state": "DE"}, json=document
    )
    assert response.status_code == 401


def test_one_query_finds_the_same_assets_in_library_cli_and_api(
    fresh_toolbox: Toolbox, fresh_url: str, api_writer: TestClient, cli: Cli
) -> None:
    _imported(fresh_toolbox)
    words = {"member_state": "France", "status": "vulnerable"}
    library = [
        item.asset.id
        for item in fresh_toolbox.pqc.assets(fresh_toolbox.pqc.filter_from(**words), by=SYSTEM_USER)
    ]
    api = [
        item["id"] for item in api_writer.get("/api/v1/pqc/assets", params=words).json()["items"]
    ]
    listed = cli(
        fresh_url, "pqc", "assets", "--member-state", "France", "--status", "vulnerable", "--json"
    )
    assert listed.exit_code == 0, listed.output
    assert library == api == [item["id"] for item in json.loads(listed.stdout)]
    assert len(library) == 1
