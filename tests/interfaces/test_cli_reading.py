"""`cdt` read commands over the initialised store, on SQLite and PostgreSQL (issue 2 acceptance)."""

from __future__ import annotations

import json

import pytest

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Settings, Toolbox
from tests_support import Cli, counted_statements, slugs_of


def test_fancy_bear_is_apt28_with_its_aliases(cli: Cli, initialised_url: str) -> None:
    result = cli(initialised_url, "actors", "show", "fancy bear", "--json")
    assert result.exit_code == 0, result.output
    actor = json.loads(result.stdout)
    assert actor["name"] == "APT28"
    assert {"Fancy Bear", "Sofacy", "Pawn Storm", "STRONTIUM"} <= set(actor["aliases"])
    assert "G0007" in actor["mitre_ids"]
    assert actor["sponsor"] == "RU"
    assert {"dnc-2016", "bundestag-2015"} <= {incident["slug"] for incident in actor["incidents"]}


@pytest.mark.parametrize("alias", ["fancybear", "Sofacy", "APT 28", "apt28", "apt-28", "G0007"])
def test_every_spelling_of_an_alias_finds_the_same_actor(
    cli: Cli, initialised_url: str, alias: str
) -> None:
    reference = json.loads(cli(initialised_url, "actors", "show", "APT28", "--json").stdout)
    result = cli(initialised_url, "actors", "show", alias, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == reference["id"]


def test_the_actor_list_holds_the_merged_galaxies(cli: Cli, initialised_url: str) -> None:
    listing = json.loads(cli(initialised_url, "actors", "list", "--json").stdout)
    assert listing["total"] == len(listing["items"]) > 800
    names = [actor["name"] for actor in listing["items"]]
    assert len(set(names)) == len(names)


def test_actors_can_be_listed_by_sponsor_name(cli: Cli, initialised_url: str) -> None:
    listing = json.loads(
        cli(initialised_url, "actors", "list", "--sponsor", "Russia", "--json").stdout
    )
    assert listing["items"] and {actor["sponsor"] for actor in listing["items"]} == {"RU"}
    assert "APT28" in {actor["name"] for actor in listing["items"]}


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--type", "ransomware"], {"wannacry-2017", "notpetya-2017"}),
        (["--victim-country", "UA"], {"ukraine-power-grid-2015"}),
        (
            ["--victim-country", "Ukraine", "--since", "2015", "--until", "2015"],
            {"ukraine-power-grid-2015"},
        ),
        (["--text", "centrifuge"], {"stuxnet-2010"}),
        (["--actor", "fancy bear"], {"dnc-2016", "bundestag-2015"}),
        (["--sponsor", "KP"], {"wannacry-2017", "sony-pictures-2014"}),
        (["--sector", "energy"], {"ukraine-power-grid-2015", "ukraine-power-grid-2016"}),
    ],
)
def test_incident_filters(
    cli: Cli, initialised_url: str, options: list[str], expected: set[str]
) -> None:
    result = cli(initialised_url, "incidents", "list", *options, "--json")
    assert result.exit_code == 0, result.output
    assert expected <= slugs_of(json.loads(result.stdout))


def test_the_text_filter_is_precise(cli: Cli, initialised_url: str) -> None:
    found = slugs_of(
        json.loads(
            cli(initialised_url, "incidents", "list", "--text", "centrifuge", "--json").stdout
        )
    )
    assert found == {"stuxnet-2010"}


def test_pages_cover_the_whole_dataset_once(cli: Cli, initialised_url: str) -> None:
    seen: list[str] = []
    cursor: list[str] = []
    while True:
        page = json.loads(
            cli(initialised_url, "incidents", "list", "--limit", "7", *cursor, "--json").stdout
        )
        seen += [item["slug"] for item in page["items"]]
        if not page["next_cursor"]:
            break
        cursor = ["--cursor", page["next_cursor"]]
    assert len(seen) == len(set(seen)) == page["total"] >= 30


def test_show_gives_facts_attributions_and_sources(cli: Cli, initialised_url: str) -> None:
    result = cli(initialised_url, "incidents", "show", "wannacry-2017", "--json")
    incident = json.loads(result.stdout)
    assert incident["types"] == ["ransomware"]
    assert incident["sources"] and all(source["url"] for source in incident["sources"])
    assert "Lazarus Group" in {actor["name"] for actor in incident["actors"]}
    text = cli(initialised_url, "incidents", "show", "wannacry-2017").stdout
    assert "WannaCry" in text and "Attributions" in text and "Sources" in text


def test_one_vocabulary_library_and_cli_agree(
    cli: Cli, initialised_url: str, knowledge: KnowledgeBase
) -> None:
    params = {"type": ["espionage"], "sponsor": ["China"], "since": "2013"}
    with Toolbox(Settings(initialised_url), knowledge=knowledge) as toolbox:
        page = toolbox.incidents.list(
            toolbox.incidents.filter_from(params, by=SYSTEM_USER), limit=1000, by=SYSTEM_USER
        )
    from_library = [incident.id for incident in page.items]
    output = cli(
        initialised_url,
        "incidents",
        "list",
        "--type",
        "espionage",
        "--sponsor",
        "China",
        "--since",
        "2013",
        "--limit",
        "1000",
        "--json",
    ).stdout
    assert from_library and [item["id"] for item in json.loads(output)["items"]] == from_library


@pytest.mark.parametrize(
    ("options", "field"),
    [
        (["--victim-country", "Ukrain"], "victim_country"),
        (["--since", "2017-13"], "since"),
        (["--type", "hacking"], "type"),
        (["--actor", "no such bear"], "actor"),
        (["--cursor", "not-a-cursor"], "cursor"),
    ],
)
def test_bad_filters_exit_2_naming_the_field(
    cli: Cli, initialised_url: str, options: list[str], field: str
) -> None:
    result = cli(initialised_url, "incidents", "list", *options)
    assert result.exit_code == 2
    assert f"`{field}`" in result.stderr


def test_unknown_actor_exits_1_with_a_hint(cli: Cli, initialised_url: str) -> None:
    result = cli(initialised_url, "actors", "show", "Fancy Baer")
    assert result.exit_code == 1
    assert "no threat actor matches 'Fancy Baer'" in result.stderr


# What a statement that changes the store begins with (migrations included).
_WRITING = ("INSERT", "UPDATE", "DELETE", "CREATE", "ALTER", "DROP", "REPLACE")


@pytest.mark.parametrize("json_output", [False, True], ids=["table", "json"])
def test_listing_incidents_only_reads_and_asks_as_often_for_31_incidents_as_for_3(
    cli: Cli, initialised_url: str, json_output: bool
) -> None:
    """A read command does no write-side work, and nothing per listed incident: a page costs
    the same few statements whatever its size."""
    counts: list[int] = []
    for limit in (3, 50):
        options = ["--limit", str(limit), *(["--json"] if json_output else [])]
        with counted_statements() as sent:
            result = cli(initialised_url, "incidents", "list", *options)
        assert result.exit_code == 0, result.output
        assert [s for s in sent if s.lstrip().upper().startswith(_WRITING)] == []
        counts.append(len(sent))
    if json_output:
        assert len(slugs_of(json.loads(result.stdout))) == 31
    else:
        assert "31 incidents" in result.stdout
    assert counts[0] == counts[1]
