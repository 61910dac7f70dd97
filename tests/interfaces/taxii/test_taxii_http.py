"""The TAXII 2.1 endpoints over HTTP: resources, media types, headers, paging, errors and the
TLP rule, as a client sees them."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from fastapi import FastAPI

from cdtoolbox.interfaces.taxii import build_taxii_app
from cdtoolbox.toolbox import Toolbox
from taxii_support import TAXII, Accounts, basic
from web_support import TestClient

ROOT = "/taxii2/cdt"
RED_MARKING = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
GREEN_MARKING = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"


def indicator(number: int, marking: str = GREEN_MARKING) -> dict[str, Any]:
    return {
        "type": "indicator",
        "spec_version": "2.1",
        "id": f"indicator--5a1e0000-0000-4000-8000-{number:012d}",
        "created": "2026-02-01T00:00:00.000Z",
        "modified": "2026-02-01T00:00:00.000Z",
        "pattern": f"[ipv4-addr:value = '203.0.113.{number % 250}']",
        "pattern_type": "stix",
        "valid_from": "2026-02-01T00:00:00Z",
        "object_marking_refs": [marking],
    }


def collection_id(client: TestClient, accounts: Accounts, alias: str) -> str:
    listing = client.get(f"{ROOT}/collections/", headers=accounts.reader).json()
    return str(next(c["id"] for c in listing["collections"] if c.get("alias") == alias))


def post(client: TestClient, headers: dict[str, str], collection: str, *objects: object) -> Any:
    return client.post(
        f"{ROOT}/collections/{collection}/objects/",
        content=orjson.dumps({"objects": list(objects)}),
        headers={**headers, "Content-Type": TAXII},
    )


def assert_taxii_error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == TAXII
    body: dict[str, Any] = response.json()
    assert body["http_status"] == str(status)
    assert body["title"] and body["description"] and body["error_id"] and body["error_code"]
    return body


def test_discovery_api_root_and_collections(taxii_client: TestClient, accounts: Accounts) -> None:
    discovery = taxii_client.get("/taxii2/", headers=accounts.reader)
    assert discovery.status_code == 200
    assert discovery.headers["content-type"] == TAXII
    assert discovery.json()["api_roots"] == [f"{ROOT}/"]
    assert discovery.json()["default"] == f"{ROOT}/"
    root = taxii_client.get(f"{ROOT}/", headers=accounts.reader).json()
    assert root["versions"] == [TAXII] and root["max_content_length"] > 0
    listing = taxii_client.get(f"{ROOT}/collections/", headers=accounts.reader).json()
    rights = {c["alias"]: (c["can_read"], c["can_write"]) for c in listing["collections"]}
    assert rights == {"repository": (True, False), "partner-exchange": (True, False)}
    listing = taxii_client.get(f"{ROOT}/collections/", headers=accounts.analyst).json()
    rights = {c["alias"]: (c["can_read"], c["can_write"]) for c in listing["collections"]}
    assert rights["partner-exchange"] == (True, True)
    exchange = collection_id(taxii_client, accounts, "partner-exchange")
    one = taxii_client.get(f"{ROOT}/collections/{exchange}/", headers=accounts.reader).json()
    assert one["id"] == exchange and one["media_types"] == ["application/stix+json;version=2.1"]
    by_alias = taxii_client.get(f"{ROOT}/collections/partner-exchange/", headers=accounts.reader)
    assert by_alias.json()["id"] == exchange


def test_every_request_must_be_authenticated(taxii_client: TestClient, accounts: Accounts) -> None:
    for headers in (
        {"Accept": TAXII},
        basic("reader", "wrong password, surely"),
        {"Accept": TAXII, "Authorization": "Bearer cdt_not-a-token"},
        {"Accept": TAXII, "Authorization": "Digest username=reader"},
        {"Accept": TAXII, "Authorization": "Basic %%%"},
    ):
        response = taxii_client.get(f"{ROOT}/collections/", headers=headers)
        assert_taxii_error(response, 401)
        challenge = response.headers["www-authenticate"]
        assert challenge.startswith("Basic realm=") and "Bearer realm=" in challenge
    token = {"Accept": TAXII, "Authorization": f"Bearer {accounts.analyst_token}"}
    assert taxii_client.get(f"{ROOT}/collections/", headers=token).status_code == 200
    token["Authorization"] = f"Token {accounts.analyst_token}"  # taxii2-client's TokenAuth
    assert taxii_client.get(f"{ROOT}/collections/", headers=token).status_code == 200


def test_media_types_are_negotiated(taxii_client: TestClient, accounts: Accounts) -> None:
    for accept in ("application/json", "application/taxii+json;version=2.0", "*/*", ""):
        headers = {**accounts.reader, "Accept": accept}
        assert_taxii_error(taxii_client.get("/taxii2/", headers=headers), 406)
    for accept in (
        "application/taxii+json",
        "application/json, application/taxii+json; version=2.1; q=0.5",
    ):
        headers = {**accounts.reader, "Accept": accept}
        assert taxii_client.get("/taxii2/", headers=headers).status_code == 200
    exchange = collection_id(taxii_client, accounts, "partner-exchange")
    response = taxii_client.post(
        f"{ROOT}/collections/{exchange}/objects/",
        content=orjson.dumps({"objects": [indicator(1)]}),
        headers={**accounts.analyst, "Content-Type": "application/json"},
    )
    assert_taxii_error(response, 415)


def test_adding_objects_and_reading_the_status(
    taxii_client: TestClient, accounts: Accounts
) -> None:
    exchange = collection_id(taxii_client, accounts, "partner-exchange")
    bad = {"type": "indicator", "id": "indicator--not-a-uuid"}
    response = post(taxii_client, accounts.analyst, exchange, indicator(100), bad)
    assert response.status_code == 202
    assert response.headers["content-type"] == TAXII
    status = response.json()
    assert status["status"] == "complete"
    assert (status["total_count"], status["success_count"]) == (2, 1)
    assert (status["failure_count"], status["pending_count"]) == (1, 0)
    assert status["successes"] == [
        {"id": indicator(100)["id"], "version": "2026-02-01T00:00:00.000Z"}
    ]
    assert "`objects[1].id`" in status["failures"][0]["message"]
    assert "pendings" not in status  # empty lists are left out
    polled = taxii_client.get(f"{ROOT}/status/{status['id']}/", headers=accounts.analyst)
    assert polled.json() == status
    other = taxii_client.get(f"{ROOT}/status/{status['id']}/", headers=accounts.reader)
    assert_taxii_error(other, 404)
    fetched = taxii_client.get(
        f"{ROOT}/collections/{exchange}/objects/{indicator(100)['id']}/", headers=accounts.reader
    )
    assert fetched.json()["objects"] == [indicator(100)]


def test_refusals_have_their_status(taxii_client: TestClient, accounts: Accounts) -> None:
    exchange = collection_id(taxii_client, accounts, "partner-exchange")
    repository = collection_id(taxii_client, accounts, "repository")
    assert_taxii_error(post(taxii_client, accounts.reader, exchange, indicator(1)), 403)
    assert_taxii_error(post(taxii_client, accounts.cleared, repository, indicator(1)), 403)
    broken = taxii_client.post(
        f"{ROOT}/collections/{exchange}/objects/",
        content=b"{not json",
        headers={**accounts.analyst, "Content-Type": TAXII},
    )
    assert_taxii_error(broken, 422)
    bad_limit = taxii_client.get(
        f"{ROOT}/collections/{exchange}/objects/?limit=-3", headers=accounts.reader
    )
    assert assert_taxii_error(bad_limit, 400)["details"]["errors"][0]["field"] == "limit"
    missing = taxii_client.get(f"{ROOT}/collections/nothing-here/objects/", headers=accounts.reader)
    assert_taxii_error(missing, 404)
    assert_taxii_error(taxii_client.get("/taxii2/elsewhere/", headers=accounts.reader), 404)
    no_object = taxii_client.get(
        f"{ROOT}/collections/{exchange}/objects/indicator--5a1e0000-0000-4000-8000-999999999999/",
        headers=accounts.reader,
    )
    assert_taxii_error(no_object, 404)
    assert_taxii_error(
        taxii_client.put(f"{ROOT}/collections/{exchange}/objects/", headers=accounts.analyst), 405
    )


def test_paging_by_next_and_by_date_added(taxii_client: TestClient, accounts: Accounts) -> None:
    exchange = collection_id(taxii_client, accounts, "partner-exchange")
    post(taxii_client, accounts.analyst, exchange, *(indicator(n) for n in range(200, 212)))
    url = f"{ROOT}/collections/{exchange}/objects/?match[type]=indicator&limit=5"
    ids: list[str] = []
    pages = 0
    token = ""
    while True:
        pages += 1
        query = f"&next={token}" if token else ""
        response = taxii_client.get(url + query, headers=accounts.reader)
        body = response.json()
        ids += [obj["id"] for obj in body.get("objects", [])]
        manifest = taxii_client.get(
            url.replace("/objects/", "/manifest/") + query, headers=accounts.reader
        )
        dates = [record["date_added"] for record in manifest.json()["objects"]]
        assert response.headers["x-taxii-date-added-first"] == dates[0]
        assert response.headers["x-taxii-date-added-last"] == dates[-1]
        if not body["more"]:
            assert "next" not in body
            break
        token = body["next"]
    assert len(ids) == len(set(ids)) and pages >= 3
    assert [i for i in ids if i.startswith("indicator--5a1e")][-12:] == [
        indicator(n)["id"] for n in range(200, 212)
    ]
    # added_after is exclusive: from the last date of a page on, the rest follows.
    first = taxii_client.get(url, headers=accounts.reader)
    last = first.headers["x-taxii-date-added-last"]
    after = taxii_client.get(f"{url}&added_after={last}", headers=accounts.reader).json()
    assert after["objects"][0]["id"] == ids[5]


def test_a_red_object_never_leaves_to_an_amber_reader(
    taxii_client: TestClient, accounts: Accounts
) -> None:
    exchange = collection_id(taxii_client, accounts, "partner-exchange")
    green, red = indicator(300), indicator(301, RED_MARKING)
    assert post(taxii_client, accounts.cleared, exchange, green, red).json()["success_count"] == 2
    base = f"{ROOT}/collections/{exchange}"
    for headers in (accounts.reader, accounts.analyst):
        for url in (
            f"{base}/objects/?match[version]=all&limit=10000",
            f"{base}/objects/?match[id]={red['id']}",
            f"{base}/manifest/?limit=10000",
        ):
            response = taxii_client.get(url, headers=headers)
            assert red["id"] not in response.text
            assert "Secret" not in response.text
        # The headers describe what was returned, never the withheld object.
        listing = taxii_client.get(
            f"{base}/objects/?match[id]={green['id']},{red['id']}", headers=headers
        )
        assert [o["id"] for o in listing.json()["objects"]] == [green["id"]]
        manifest = taxii_client.get(f"{base}/manifest/?match[id]={green['id']}", headers=headers)
        green_added = manifest.json()["objects"][0]["date_added"]
        assert listing.headers["x-taxii-date-added-last"] == green_added
        for url in (f"{base}/objects/{red['id']}/", f"{base}/objects/{red['id']}/versions/"):
            assert_taxii_error(taxii_client.get(url, headers=headers), 404)
    seen = taxii_client.get(f"{base}/objects/{red['id']}/", headers=accounts.cleared)
    assert seen.json()["objects"] == [red]


def test_versions_and_deleting(taxii_client: TestClient, accounts: Accounts) -> None:
    exchange = collection_id(taxii_client, accounts, "partner-exchange")
    newer = {**indicator(400), "modified": "2026-03-01T00:00:00.000Z"}
    post(taxii_client, accounts.analyst, exchange, indicator(400), newer)
    base = f"{ROOT}/collections/{exchange}/objects/{newer['id']}"
    versions = taxii_client.get(f"{base}/versions/", headers=accounts.reader)
    assert versions.json() == {
        "more": False,
        "versions": ["2026-02-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z"],
    }
    assert (
        versions.headers["x-taxii-date-added-first"] < versions.headers["x-taxii-date-added-last"]
    )
    latest = taxii_client.get(f"{base}/", headers=accounts.reader).json()["objects"]
    assert [o["modified"] for o in latest] == ["2026-03-01T00:00:00.000Z"]
    first = taxii_client.get(f"{base}/?match[version]=first", headers=accounts.reader).json()
    assert [o["modified"] for o in first["objects"]] == ["2026-02-01T00:00:00.000Z"]
    assert_taxii_error(taxii_client.delete(f"{base}/", headers=accounts.reader), 403)
    deleted = taxii_client.delete(f"{base}/?match[version]=last", headers=accounts.analyst)
    assert deleted.status_code == 200
    remaining = taxii_client.get(f"{base}/versions/", headers=accounts.reader).json()
    assert remaining["versions"] == ["2026-02-01T00:00:00.000Z"]


@pytest.fixture
def small_server(taxii_toolbox: Toolbox, accounts: Accounts) -> Iterator[TestClient]:
    app = FastAPI()
    app.mount("/taxii2", build_taxii_app(taxii_toolbox, max_content_length=2000))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_an_envelope_beyond_the_maximum_length_is_refused(
    small_server: TestClient, accounts: Accounts
) -> None:
    root = small_server.get(f"{ROOT}/", headers=accounts.analyst).json()
    assert root["max_content_length"] == 2000
    body = orjson.dumps({"objects": [indicator(n) for n in range(500, 510)]})
    headers = {**accounts.analyst, "Content-Type": TAXII}
    url = f"{ROOT}/collections/partner-exchange/objects/"
    assert_taxii_error(small_server.post(url, content=body, headers=headers), 413)

    def chunked() -> Iterator[bytes]:  # no Content-Length: the server counts as it reads
        yield body[:1500]
        yield body[1500:]

    assert_taxii_error(small_server.post(url, content=chunked(), headers=headers), 413)
    fits = orjson.dumps({"objects": [indicator(510)]})
    assert small_server.post(url, content=fits, headers=headers).status_code == 202


def test_failed_basic_sign_ins_are_braked_like_page_sign_ins(
    taxii_client: TestClient, accounts: Accounts
) -> None:
    username = basic_username(accounts.reader)
    for _ in range(5):
        wrong = taxii_client.get("/taxii2/", headers=basic(username, "not the password"))
        assert_taxii_error(wrong, 401)
    braked = taxii_client.get("/taxii2/", headers=accounts.reader)  # even the right password
    body = assert_taxii_error(braked, 429)
    assert "too many failed sign-ins" in body["description"]
    assert int(braked.headers["Retry-After"]) > 0


def basic_username(headers: dict[str, str]) -> str:
    encoded = headers["Authorization"].removeprefix("Basic ")
    return base64.b64decode(encoded).decode().partition(":")[0]
