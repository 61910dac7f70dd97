"""`/api/v1` read operations over the initialised store, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import natural_sort_key
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from tests_support import Cli
from web_support import TestClient, incident_slugs

# One question in the vocabulary every interface shares: (query parameters, CLI options).
SHARED_QUERIES = [
    pytest.param([("type", "ransomware")], ["--type", "ransomware"], id="type"),
    pytest.param(
        [("type", "ransomware"), ("type", "wiper")],
        ["--type", "ransomware", "--type", "wiper"],
        id="two-types",
    ),
    pytest.param(
        [("victim_country", "Ukraine"), ("since", "2015"), ("until", "2016")],
        ["--victim-country", "Ukraine", "--since", "2015", "--until", "2016"],
        id="country-and-dates",
    ),
    pytest.param([("actor", "fancy bear")], ["--actor", "fancy bear"], id="actor-alias"),
    pytest.param(
        [("sponsor", "Russia"), ("sector", "energy")],
        ["--sponsor", "Russia", "--sector", "energy"],
        id="sponsor-and-sector",
    ),
    pytest.param([("text", "centrifuge")], ["--text", "centrifuge"], id="text"),
    pytest.param([("tlp", "clear"), ("sponsor", "KP")], ["--tlp", "clear", "--sponsor", "KP"]),
]


@pytest.mark.parametrize(("params", "options"), SHARED_QUERIES)
def test_library_cli_api_and_page_answer_a_query_alike(
    client: TestClient,
    app_toolbox: Toolbox,
    cli: Cli,
    initialised_url: str,
    params: list[tuple[str, str]],
    options: list[str],
) -> None:
    grouped: dict[str, list[str]] = {}
    for name, value in params:
        grouped.setdefault(name, []).append(value)
    query = app_toolbox.incidents.filter_from(grouped, by=SYSTEM_USER)
    library = [
        incident.slug
        for incident in app_toolbox.incidents.list(query, limit=1000, by=SYSTEM_USER).items
    ]

    result = cli(initialised_url, "incidents", "list", *options, "--limit", "1000", "--json")
    assert result.exit_code == 0, result.output
    from_cli = [item["slug"] for item in json.loads(result.stdout)["items"]]

    response = client.get("/api/v1/incidents", params=[*params, ("limit", "1000")])
    assert response.status_code == 200, response.text
    from_api = [item["slug"] for item in response.json()["items"]]

    page = client.get("/incidents", params=[*params, ("limit", "200")])
    assert page.status_code == 200
    from_page = incident_slugs(page.text)

    assert library, "each shared query must find something, or the comparison proves nothing"
    assert from_cli == library
    assert from_api == library
    assert from_page == library


def test_incident_list_is_paginated_with_cursors(client: TestClient) -> None:
    first = client.get("/api/v1/incidents", params={"limit": 10}).json()
    assert first["limit"] == 10 and len(first["items"]) == 10
    assert first["total"] > 20 and first["next_cursor"]
    second = client.get(
        "/api/v1/incidents", params={"limit": 10, "cursor": first["next_cursor"]}
    ).json()
    seen = [item["id"] for item in first["items"]]
    assert not set(seen) & {item["id"] for item in second["items"]}
    everything = client.get("/api/v1/incidents", params={"limit": 1000}).json()
    assert [item["id"] for item in everything["items"]][:20] == seen + [
        item["id"] for item in second["items"]
    ]
    assert everything["next_cursor"] is None and everything["total"] == len(everything["items"])


def test_an_incident_reads_like_the_cli_prints_it(
    client: TestClient, cli: Cli, initialised_url: str
) -> None:
    response = client.get("/api/v1/incidents/wannacry-2017")
    assert response.status_code == 200
    shown = json.loads(cli(initialised_url, "incidents", "show", "wannacry-2017", "--json").stdout)
    assert response.json() == shown
    assert response.headers["etag"] == f'"{shown["version"]}"'
    assert {"name": "Lazarus Group", "id": shown["actor_ids"][0]} in response.json()["actors"]


def test_unknown_impact_figures_stay_null(client: TestClient) -> None:
    impact = client.get("/api/v1/incidents/wannacry-2017").json()["impact"]
    assert impact["records_exposed"] is None  # unknown, never 0


@pytest.mark.parametrize("alias", ["fancy bear", "APT28", "Sofacy", "G0007", "apt-28"])
def test_an_actor_is_found_by_any_alias(client: TestClient, alias: str) -> None:
    response = client.get(f"/api/v1/actors/{alias}")
    assert response.status_code == 200, response.text
    assert response.json()["name"] == "APT28"
    assert response.json()["sponsor"] == "RU"


def test_actors_are_listed_searched_and_paginated(client: TestClient) -> None:
    page = client.get("/api/v1/actors", params={"limit": 50}).json()
    assert len(page["items"]) == 50 and page["total"] > 800 and page["next_cursor"]
    names = [actor["name"] for actor in page["items"]]
    assert names == sorted(names, key=natural_sort_key)  # APT2 before APT10
    found = client.get("/api/v1/actors", params={"q": "bear"}).json()
    assert "APT28" in {actor["name"] for actor in found["items"]}
    assert found["total"] == len(found["items"])
    russian = client.get("/api/v1/actors", params={"sponsor": "Russia", "q": "bear"}).json()
    assert russian["items"] and {actor["sponsor"] for actor in russian["items"]} == {"RU"}


def test_actor_incidents(client: TestClient) -> None:
    page = client.get("/api/v1/actors/fancy bear/incidents").json()
    assert {"dnc-2016", "bundestag-2015"} <= {item["slug"] for item in page["items"]}


@pytest.mark.parametrize(
    ("path", "minimum", "field", "example"),
    [
        ("/api/v1/countries", 240, "code", "UA"),
        ("/api/v1/sectors", 20, "id", "energy"),
        ("/api/v1/norms", 11, "id", "13f"),
        ("/api/v1/law", 5, "id", "law.sovereignty"),
        ("/api/v1/instruments", 10, "id", None),
        ("/api/v1/cbms", 34, "id", "OSCE-CBM-3"),
    ],
)
def test_reference_lists_and_entries(
    client: TestClient, path: str, minimum: int, field: str, example: str | None
) -> None:
    listing = client.get(path).json()
    assert listing["total"] == len(listing["items"]) >= minimum
    key = example or listing["items"][0][field]
    assert key in {item[field] for item in listing["items"]}
    entry = client.get(f"{path}/{key}")
    assert entry.status_code == 200 and entry.json()[field] == key


def test_instruments_come_as_a_ladder(client: TestClient, knowledge: KnowledgeBase) -> None:
    levels = [item["level"] for item in client.get("/api/v1/instruments").json()["items"]]
    assert levels == sorted(levels) and len(levels) == len(knowledge.instruments)


def test_countries_are_found_by_name(client: TestClient) -> None:
    assert client.get("/api/v1/countries/Ukraine").json()["code"] == "UA"


def test_countries_are_named_as_the_eu_style_guide_names_them(client: TestClient) -> None:
    greece = client.get("/api/v1/countries/EL").json()
    assert (greece["code"], greece["name"], greece["display_code"]) == ("GR", "Greece", "EL")
    north_korea = client.get("/api/v1/countries/KP").json()
    assert north_korea["name"] == "North Korea" and north_korea["display_code"] == "KP"


def test_statistics_match_the_incident_list(client: TestClient) -> None:
    stats = client.get("/api/v1/statistics", params={"victim_country": "UA"}).json()
    listed = client.get("/api/v1/incidents", params={"victim_country": "UA"}).json()
    assert stats["total"] == listed["total"] > 0
    assert stats["by_victim_country"][0] == {
        "key": "UA",
        "incidents": listed["total"],
        "label": None,
    }
    by_type: dict[str, int] = {}
    for item in listed["items"]:
        for kind in item["types"]:
            by_type[kind] = by_type.get(kind, 0) + 1
    assert {row["key"]: row["incidents"] for row in stats["by_type"]} == by_type
