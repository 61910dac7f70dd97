"""The Incidents page's STIX 2.1 download: the current filter, within the reader's clearance,
as a bundle the OASIS validator accepts."""

from __future__ import annotations

import json
import re
from typing import Any

from stix2validator import ValidationOptions, validate_string

from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.model.taxii import STIX_MEDIA_TYPE
from cdtoolbox.toolbox import Toolbox
from web_support import TestClient


def incident_names(bundle: dict[str, Any]) -> set[str]:
    return {obj["name"] for obj in bundle["objects"] if obj["type"] == "incident"}


def test_the_filtered_list_downloads_as_a_valid_bundle(
    client: TestClient, app_toolbox: Toolbox
) -> None:
    response = client.get("/incidents/export.stix", params={"victim_country": "UA"})
    assert response.status_code == 200
    assert response.headers["content-type"] == STIX_MEDIA_TYPE
    assert response.headers["content-disposition"] == ('attachment; filename="incidents.stix.json"')
    validation = validate_string(response.text, ValidationOptions(version="2.1"))
    assert validation.is_valid, [str(e) for r in validation.object_results for e in r.errors]
    bundle = json.loads(response.text)
    expected = app_toolbox.incidents.list(
        app_toolbox.incidents.filter_from({"victim_country": "UA"}, by=SYSTEM_USER),
        limit=1000,
        by=SYSTEM_USER,
    )
    assert incident_names(bundle) == {incident.title for incident in expected.items}
    assert any(obj["type"] == "intrusion-set" for obj in bundle["objects"])  # Sandworm


def test_the_list_offers_the_download_with_its_filters(client: TestClient) -> None:
    html = client.get("/incidents", params={"type": "wiper", "victim_country": "UA"}).text
    assert re.search(r'href="/incidents/export\.stix\?type=wiper&amp;victim_country=UA"', html)
    assert ">STIX 2.1</a>" in html


def test_nothing_above_the_readers_clearance_leaves(
    fresh_toolbox: Toolbox, fresh_client: TestClient, fresh_analyst: TestClient
) -> None:
    fresh_toolbox.incidents.add(
        [
            {
                "title": f"Quokkagate intrusion ({marking})",
                "start": "2025-02",
                "types": ["espionage"],
                "tlp": marking,
            }
            for marking in ("green", "amber", "red")
        ],
        by=SYSTEM_USER,
    )
    query = {"text": "Quokkagate"}
    # `fresh_analyst` is signed in on the same client; an anonymous one is a new client.
    signed_in = incident_names(fresh_analyst.get("/incidents/export.stix", params=query).json())
    assert signed_in == {"Quokkagate intrusion (green)", "Quokkagate intrusion (amber)"}
    with TestClient(fresh_client.app) as anonymous:
        response = anonymous.get("/incidents/export.stix", params=query)
    assert incident_names(response.json()) == {"Quokkagate intrusion (green)"}
    assert "(amber)" not in response.text and "(red)" not in response.text
    markings = {
        ref for obj in response.json()["objects"] for ref in obj.get("object_marking_refs", ())
    }
    tlp_amber = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
    assert tlp_amber not in markings


def test_a_wrong_filter_gets_the_error_page(client: TestClient) -> None:
    response = client.get("/incidents/export.stix", params={"victim_country": "Narnia"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "Narnia" in response.text
