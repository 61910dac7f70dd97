"""`/api/v1/sanctions` over the initialised store, and its agreement with `cdt sanctions`."""

from __future__ import annotations

import json

from tests_support import Cli
from web_support import TestClient


def test_check_answers_for_any_alias(client: TestClient) -> None:
    response = client.get("/api/v1/sanctions/check", params={"name": "Stone Panda"})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["listed"] is True
    assert {m["listing"]["id"] for m in answer["matches"]} == {
        "gao-qiang",
        "zhang-shilong",
        "huaying-haitai",
    }
    unlisted = client.get("/api/v1/sanctions/check", params={"name": "Turla"}).json()
    assert unlisted["listed"] is False and unlisted["matches"] == []


def test_listings_filter_and_agree_with_the_cli(
    client: TestClient, cli: Cli, initialised_url: str
) -> None:
    params = {"sponsor": "RU", "since": "2024"}
    response = client.get("/api/v1/sanctions/listings", params=params)
    assert response.status_code == 200, response.text
    api_ids = [item["id"] for item in response.json()["items"]]
    cli_output = cli(
        initialised_url, "sanctions", "list", "--sponsor", "RU", "--since", "2024", "--json"
    )
    assert api_ids == [item["id"] for item in json.loads(cli_output.stdout)["items"]]
    assert len(api_ids) == 7  # Callisto 2, Armageddon 2, unit 29155 3 (Wizard Spider: none)


def test_a_listing_reads_as_the_cli_prints_it(
    client: TestClient, cli: Cli, initialised_url: str
) -> None:
    response = client.get("/api/v1/sanctions/listings/chosun-expo")
    assert response.status_code == 200, response.text
    printed = json.loads(cli(initialised_url, "sanctions", "show", "chosun-expo", "--json").stdout)
    assert response.json() == printed
    assert printed["incidents"] == ["wannacry-2017", "sony-pictures-2014", "bangladesh-bank-2016"]


def test_errors_use_the_problem_shape(client: TestClient) -> None:
    missing = client.get("/api/v1/sanctions/listings/nobody")
    assert missing.status_code == 404
    assert "no listing matches 'nobody'" in missing.json()["detail"]
    bad = client.get("/api/v1/sanctions/listings", params={"kind": "company"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "kind"


def test_regime_and_reviews(client: TestClient) -> None:
    regime = client.get("/api/v1/sanctions/regimes/eu-cyber").json()
    assert [item["id"] for item in regime["rounds"]] == [
        "2020-07-30",
        "2020-10-22",
        "2024-06-24",
        "2025-01-27",
        "2026-03-16",
    ]
    reviews = client.get("/api/v1/sanctions/reviews", params={"within_days": 2000}).json()
    assert {item["kind"] for item in reviews["items"]} == {"listings", "framework"}
