"""`cdt sanctions …` over the initialised store, on SQLite and PostgreSQL (issue 4 acceptance)."""

from __future__ import annotations

import json

import pytest

from cdtoolbox.interfaces.cli.sanctions import NOT_LISTED_EXIT_CODE
from tests_support import Cli

CLOUD_HOPPER_LISTINGS = {"gao-qiang", "zhang-shilong", "huaying-haitai"}


@pytest.mark.parametrize("name", ["APT10", "Stone Panda"])
def test_check_reports_the_cloud_hopper_listings_of_july_2020(
    cli: Cli, initialised_url: str, name: str
) -> None:
    result = cli(initialised_url, "sanctions", "check", name)
    assert result.exit_code == 0, result.output
    assert "Listed:" in result.stdout and "2020-07-30" in result.stdout
    for listed in ("gao-qiang", "zhang-shilong", "huaying-haitai", "cloud-hopper-2017"):
        assert listed in result.stdout
    assert result.stdout.count("Matched by actor: ") == 3


def test_check_json_names_what_matched_and_why(cli: Cli, initialised_url: str) -> None:
    result = cli(initialised_url, "sanctions", "check", "APT10", "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["listed"] is True and answer["query"] == "APT10"
    assert [actor["name"] for actor in answer["actors"]] == ["APT10"]
    assert {match["listing"]["id"] for match in answer["matches"]} == CLOUD_HOPPER_LISTINGS
    for match in answer["matches"]:
        assert match["kind"] == "actor" and match["listing"]["listed_on"] == "2020-07-30"
        assert "cloud-hopper-2017" in match["listing"]["incidents"]
        assert "APT10" in match["explanation"]
    persons = [m for m in answer["matches"] if m["listing"]["kind"] == "person"]
    assert all(m["listing"]["measures"] == ["asset_freeze", "travel_ban"] for m in persons)


def test_check_of_an_unlisted_name_says_so_and_exits_3(cli: Cli, initialised_url: str) -> None:
    result = cli(initialised_url, "sanctions", "check", "Turla", "--json")
    assert result.exit_code == NOT_LISTED_EXIT_CODE == 3
    answer = json.loads(result.stdout)
    assert answer["listed"] is False and answer["matches"] == []
    assert answer["answer"].startswith("Not listed:")


def test_list_filters_like_the_library(cli: Cli, initialised_url: str) -> None:
    result = cli(initialised_url, "sanctions", "list", "--incident", "wannacry", "--json")
    assert result.exit_code == 0, result.output
    listing = json.loads(result.stdout)
    assert [item["id"] for item in listing["items"]] == ["chosun-expo"]
    russian = json.loads(
        cli(initialised_url, "sanctions", "list", "--sponsor", "Russia", "--json").stdout
    )
    assert russian["total"] == 15
    table = cli(initialised_url, "sanctions", "list", "--since", "2025")
    assert table.exit_code == 0 and "KORCHAGIN" in table.stdout and "GAO Qiang" not in table.stdout


def test_show_prints_a_listing(cli: Cli, initialised_url: str) -> None:
    result = cli(initialised_url, "sanctions", "show", "gru-gtsss-26165", "--json")
    assert result.exit_code == 0, result.output
    listing = json.loads(result.stdout)
    assert listing["listed_on"] == "2020-10-22" and listing["measures"] == ["asset_freeze"]
    assert "Fancy Bear" in listing["aliases"]
    view = cli(initialised_url, "sanctions", "show", "gao-qiang")
    assert "Operation Cloud Hopper" in view.stdout and "asset freeze, travel ban" in view.stdout


def test_bad_input_exits_2_and_unknown_ids_exit_1(cli: Cli, initialised_url: str) -> None:
    bad = cli(initialised_url, "sanctions", "list", "--since", "last year")
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.stderr
    missing = cli(initialised_url, "sanctions", "show", "nobody")
    assert missing.exit_code == 1 and "no listing matches 'nobody'" in missing.stderr


def test_regime_and_reviews(cli: Cli, initialised_url: str) -> None:
    regime = json.loads(cli(initialised_url, "sanctions", "regime", "--json").stdout)
    assert regime["framework_until"] == "2028-05-18" and len(regime["rounds"]) == 5
    result = cli(initialised_url, "sanctions", "reviews", "--within", "2000", "--json")
    assert result.exit_code == 0, result.output
    kinds = {item["kind"]: item["due"] for item in json.loads(result.stdout)["items"]}
    assert kinds == {"listings": "2026-05-18", "framework": "2028-05-18"}
