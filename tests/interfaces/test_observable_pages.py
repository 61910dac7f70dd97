"""The incident page and the API show the incidents linked by a shared observable, on both
backends, and an invalid observable is refused with 422 naming the field."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from account_support import TEST_SECRET_KEY
from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Settings, Toolbox
from misp_support import CLOUD_HOPPER_UUID, cloud_hopper
from observable_support import SHARED, partner_bundle
from stix_support import TLP_CLEAR
from web_support import TestClient


@pytest.fixture
def linked_pair(
    fresh_url: str, knowledge: KnowledgeBase, tmp_path: Path
) -> Iterator[tuple[TestClient, str]]:
    """An anonymous client over a store where a STIX and a MISP incident (both TLP:CLEAR)
    share an address; and the STIX incident's id."""
    with Toolbox(Settings(fresh_url), knowledge=knowledge) as toolbox:
        stix = tmp_path / "partner.json"
        stix.write_bytes(partner_bundle(marking=TLP_CLEAR))
        (stix_id,) = toolbox.stix.import_bundle(stix, by=SYSTEM_USER).incidents_created
        event = cloud_hopper()
        event.tags = [tag for tag in event.tags if not tag.name.startswith("tlp:")]
        event.add_tag("tlp:clear")
        misp = tmp_path / "event.json"
        misp.write_text(event.to_json(), encoding="utf-8")
        toolbox.misp.import_path(misp, by=SYSTEM_USER)
        app = create_app(toolbox, secret_key=TEST_SECRET_KEY)
        with TestClient(app, raise_server_exceptions=False) as client:
            yield client, stix_id


def test_each_incident_page_shows_the_other_with_the_shared_value(
    linked_pair: tuple[TestClient, str],
) -> None:
    client, stix_id = linked_pair
    for incident, other in ((stix_id, CLOUD_HOPPER_UUID), (CLOUD_HOPPER_UUID, stix_id)):
        page = client.get(f"/incidents/{incident}")
        assert page.status_code == 200
        section = page.text.split('id="linked"')[1].split("</details>")[0]
        assert f'href="/incidents/{other}"' in section and f"ipv4 {SHARED}" in section
        linked = client.get(f"/api/v1/incidents/{incident}/linked").json()
        assert [item["incident_id"] for item in linked["items"]] == [other]
        assert linked["items"][0]["shared"] == [{"kind": "ipv4", "value": SHARED}]


def test_the_api_finds_by_value_and_refuses_an_invalid_one(
    linked_pair: tuple[TestClient, str],
) -> None:
    client, stix_id = linked_pair
    found = client.get("/api/v1/observables", params={"value": SHARED}).json()
    assert {item["incident_id"] for item in found["items"]} == {stix_id, CLOUD_HOPPER_UUID}
    refused = client.get("/api/v1/observables", params={"value": "300.1.1.1", "kind": "ipv4"})
    assert refused.status_code == 422 and "value" in refused.text
