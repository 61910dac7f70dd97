"""`cdt` commands that write: init, add, edit, import-csv — all or nothing, on both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cdtoolbox.errors import Conflict
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.store import Database, dump
from cdtoolbox.toolbox import Settings, Toolbox
from tests_support import Cli


def snapshot(url: str) -> str:
    database = Database(url)
    try:
        return dump(database)
    finally:
        database.dispose()


def test_init_twice_changes_nothing(cli: Cli, fresh_url: str) -> None:
    before = snapshot(fresh_url)
    result = cli(fresh_url, "init", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["actors_changed"] == 0 and report["incidents_added"] == 0
    assert report["incidents_already_present"] >= 30
    assert report["sanctions_listings_added"] == 0
    assert (report["responses_added"], report["responses_updated"]) == (0, 0)
    assert report["responses_removed"] == 0
    assert report["sanctions_listings_already_present"] >= 8  # every listing round bundled
    assert report["taxii_collections_created"] == 0 and report["taxii_objects_added"] == 0
    assert report["taxii_objects_published"] > report["incidents_already_present"]
    assert snapshot(fresh_url) == before


def test_init_reports_what_a_first_run_seeds(cli: Cli, tmp_path: Path) -> None:
    result = cli(f"sqlite:///{tmp_path / 'fresh.sqlite3'}", "init")
    assert result.exit_code == 0, result.output
    assert "EU cyber sanctions register: 24 listings added, 0 already present." in result.stdout
    assert "Public responses of the release: 29 added, 0 updated, 0 withdrawn." in result.stdout
    assert "TAXII collections created: 2." in result.stdout


def test_an_incident_file_is_added_and_listed(cli: Cli, fresh_url: str, tmp_path: Path) -> None:
    incident = tmp_path / "incident.yaml"
    incident.write_text(
        "title: Wiper attack on a regional water utility\n"
        "start: 2026-03\n"
        "types: [wiper, sabotage]\n"
        "victims: {countries: [Finland], sectors: [drinking-water]}\n"
        "actors: [Sandworm]\n"
        "sources: [{title: CERT-FI notice, url: 'https://example.org/notice'}]\n",
        encoding="utf-8",
    )
    result = cli(fresh_url, "incidents", "add", "--file", incident, "--json")
    assert result.exit_code == 0, result.output
    [new_id] = json.loads(result.stdout)["created"]
    shown = json.loads(cli(fresh_url, "incidents", "show", new_id, "--json").stdout)
    assert shown["slug"] == "wiper-attack-on-a-regional-water-utility-2026"
    assert shown["victim_countries"] == ["FI"] and shown["version"] == 1
    listed = json.loads(
        cli(fresh_url, "incidents", "list", "--victim-country", "FI", "--json").stdout
    )
    assert new_id in {item["id"] for item in listed["items"]}


BAD_FILES = {
    "unknown country": (
        "incident.yaml",
        "- {title: A, start: 2020, types: [ddos]}\n"
        "- {title: B, start: 2020, types: [ddos], victims: {countries: [Ukrain]}}\n",
        "incidents[1]: incident `victims.countries[0]`: 'Ukrain' is not an ISO 3166 country",
    ),
    "invalid date": (
        "incident.json",
        '{"title": "A", "start": "2020-02-30", "types": ["ddos"]}',
        "incident `start`: '2020-02-30'",
    ),
    "unknown actor": (
        "incident.yaml",
        "{title: A, start: 2020, types: [ddos], actors: [Fancy Baer]}",
        "incident `actors[0]`: 'Fancy Baer' is not a known threat actor",
    ),
    "malformed JSON": (
        "incident.json",
        '{"title": "A", "start": 2020,,}',
        "incident.json",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_bad_file_exits_2_names_the_field_and_changes_nothing(
    cli: Cli, fresh_url: str, tmp_path: Path, case: str
) -> None:
    name, content, message = BAD_FILES[case]
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    before = snapshot(fresh_url)
    result = cli(fresh_url, "incidents", "add", "--file", path)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "nothing was written" in result.stderr
    assert snapshot(fresh_url) == before


def test_a_csv_with_one_bad_row_imports_nothing(cli: Cli, fresh_url: str, tmp_path: Path) -> None:
    path = tmp_path / "incidents.csv"
    path.write_text(
        "title,start,types,victim_countries,records_exposed\n"
        "Good row,2021-04,data-breach,DE,1000\n"
        "Bad row,2021-05,data-breach,DE,many\n",
        encoding="utf-8",
    )
    before = snapshot(fresh_url)
    result = cli(fresh_url, "incidents", "import-csv", path)
    assert result.exit_code == 2
    assert "incidents.csv line 3" in result.stderr and "`records_exposed`" in result.stderr
    assert snapshot(fresh_url) == before

    header = "title,start,types,victim_countries,records_exposed\n"
    path.write_text(header + "Good row,2021-04,data-breach,DE,1000\n", encoding="utf-8")
    assert cli(fresh_url, "incidents", "import-csv", path).exit_code == 0
    assert snapshot(fresh_url) != before


def test_edit_raises_the_version_and_refuses_a_stale_one(cli: Cli, fresh_url: str) -> None:
    result = cli(fresh_url, "incidents", "edit", "dyn-ddos-2016", "--tlp", "green", "--json")
    assert result.exit_code == 0, result.output
    edited = json.loads(result.stdout)
    assert (edited["tlp"], edited["version"]) == ("green", 2)
    stale = cli(
        fresh_url,
        "incidents",
        "edit",
        "dyn-ddos-2016",
        "--status",
        "draft",
        "--expected-version",
        "1",
    )
    assert stale.exit_code == 1
    assert "version 1" in stale.stderr and "version 2" in stale.stderr
    assert (
        json.loads(cli(fresh_url, "incidents", "show", "dyn-ddos-2016", "--json").stdout)["status"]
        == "confirmed"
    )


def test_an_edit_is_validated_like_a_new_incident(cli: Cli, fresh_url: str) -> None:
    before = snapshot(fresh_url)
    result = cli(fresh_url, "incidents", "edit", "dyn-ddos-2016", "--victim-country", "Atlantis")
    assert result.exit_code == 2 and "`victims.countries[0]`" in result.stderr
    assert snapshot(fresh_url) == before


def test_concurrent_editors_one_wins_the_other_gets_a_conflict(
    fresh_url: str, knowledge: KnowledgeBase
) -> None:
    with (
        Toolbox(Settings(fresh_url), knowledge=knowledge) as first,
        Toolbox(Settings(fresh_url), knowledge=knowledge) as second,
    ):
        seen_by_first = first.incidents.get("wannacry-2017", by=SYSTEM_USER)
        seen_by_second = second.incidents.get("wannacry-2017", by=SYSTEM_USER)
        first.incidents.edit(
            "wannacry-2017",
            {"tlp": "green"},
            expected_version=seen_by_first.version,
            by=SYSTEM_USER,
        )
        with pytest.raises(Conflict) as refused:
            second.incidents.edit(
                "wannacry-2017",
                {"status": "draft"},
                expected_version=seen_by_second.version,
                by=SYSTEM_USER,
            )
        assert (refused.value.expected_version, refused.value.actual_version) == (1, 2)
        stored = second.incidents.get("wannacry-2017", by=SYSTEM_USER)
    assert (stored.tlp.value, stored.status.value, stored.version) == ("green", "confirmed", 2)
