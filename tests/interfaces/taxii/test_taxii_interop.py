"""Interoperability: the real TAXII client, taxii2-client 2.3, against the server running on
127.0.0.1 — discovery, paging through every object, a filtered fetch, adding objects and
polling the status."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from taxii2client.common import TokenAuth
from taxii2client.v21 import Collection, Server, as_pages

from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.model import Tlp
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from taxii_support import PASSWORD, Accounts
from web_support import live_server


@pytest.fixture(scope="module")
def server_url(taxii_toolbox: Toolbox, accounts: Accounts) -> Iterator[str]:
    with live_server(create_app(taxii_toolbox)) as url:
        yield f"{url}/taxii2/"


def collection(server: Server, alias: str) -> Collection:
    root = server.default
    assert root is not None
    return next(c for c in root.collections if c.alias == alias)


def test_discovery_and_collections(server_url: str) -> None:
    server = Server(server_url, user="reader", password=PASSWORD)
    assert server.title == "Cyber Diplomacy Toolbox TAXII server"
    assert [root.url for root in server.api_roots] == [f"{server_url}cdt/"]
    root = server.default
    assert root is not None and root.versions == ["application/taxii+json;version=2.1"]
    titles = {c.title: (c.can_read, c.can_write) for c in root.collections}
    assert titles == {"Cyber incident repository": (True, False), "Partner exchange": (True, False)}


def test_paging_through_every_object_and_a_filtered_fetch(
    server_url: str, taxii_toolbox: Toolbox
) -> None:
    repository = collection(Server(server_url, user="reader", password=PASSWORD), "repository")
    expected = taxii_toolbox.taxii.object_count(
        "repository", by=SYSTEM_USER.evolve(clearance=Tlp.AMBER)
    )
    assert expected > 60  # the published bundled dataset: enough for several pages
    pages = list(as_pages(repository.get_objects, per_request=25))
    objects = [obj for page in pages for obj in page.get("objects", [])]
    assert len(pages) == -(-expected // 25)
    assert len(objects) == expected == len({(o["id"], o.get("modified")) for o in objects})
    incidents = repository.get_objects(type="incident")
    assert incidents["objects"] and {o["type"] for o in incidents["objects"]} == {"incident"}
    manifest = [
        record
        for page in as_pages(repository.get_manifest, per_request=40)
        for record in page.get("objects", [])
    ]
    assert len(manifest) == expected


def test_adding_objects_and_polling_the_status(server_url: str, accounts: Accounts) -> None:
    server = Server(server_url, auth=TokenAuth(accounts.analyst_token))
    exchange = collection(server, "partner-exchange")
    assert exchange.can_write
    indicator = {
        "type": "indicator",
        "spec_version": "2.1",
        "id": "indicator--0ad2c1f5-6f58-4c2b-9d43-6e1b1d1c9a01",
        "created": "2026-03-01T10:00:00.000Z",
        "modified": "2026-03-01T10:00:00.000Z",
        "pattern": "[domain-name:value = 'update-check.example']",
        "pattern_type": "stix",
        "valid_from": "2026-03-01T10:00:00Z",
        "object_marking_refs": ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"],
    }
    invalid = {"type": "malware", "id": "malware--0ad2c1f5-6f58-4c2b-9d43-6e1b1d1c9a02"}
    status = exchange.add_objects({"objects": [indicator, invalid]}, wait_for_completion=False)
    assert (status.status, status.total_count) == ("complete", 2)
    assert (status.success_count, status.failure_count) == (1, 1)
    assert status.successes[0]["id"] == indicator["id"]
    status.refresh()  # polls GET {api-root}/status/{id}/
    assert status.status == "complete" and status.failures[0]["id"] == invalid["id"]
    assert exchange.get_object(indicator["id"])["objects"] == [indicator]
    versions = exchange.object_versions(indicator["id"])
    assert versions["versions"] == ["2026-03-01T10:00:00.000Z"]
