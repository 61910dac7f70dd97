"""`/api/v1/pqc` (issue 20, item 3): the same assets and progress as the library and
`cdt pqc … --json`, filtered by the same words, within the caller's clearance."""

from __future__ import annotations

from pathlib import Path

from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.model.pqc_codec import asset_document
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox import Toolbox
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
