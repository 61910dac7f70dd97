"""`cdt statements read`: a statement file read through the command line, on SQLite and
PostgreSQL (issue 15: the Viasat acceptance and the bad-input exit status)."""

from __future__ import annotations

import json
from pathlib import Path

from tests_support import Cli

LABELLED = Path(__file__).parent.parent / "data" / "statements"


def test_the_viasat_declaration_reads_as_an_explicit_eu_attribution_to_russia(
    cli: Cli, initialised_url: str
) -> None:
    viasat = LABELLED / "train" / "viasat-2022-en.txt"
    result = cli(initialised_url, "statements", "read", viasat, "--json")
    assert result.exit_code == 0, result.output
    reading = json.loads(result.stdout)
    assert reading["instrument"] == "stability.hr_declaration"
    assert reading["date"] == "2022-05-10"
    assert [(a["state"], a["strength"]) for a in reading["attributions"]] == [("RU", "explicit")]
    assert reading["targets"]["countries"] == ["UA"]
    assert reading["incidents"] == ["viasat-ka-sat-2022"]
    text = viasat.read_text("utf-8")
    places = [
        *reading["attributions"][0]["evidence"],
        *reading["evidence"]["instrument"],
        *reading["evidence"]["date"],
        *reading["evidence"]["targets"]["countries"]["UA"],
        *reading["evidence"]["incidents"]["viasat-ka-sat-2022"],
    ]
    assert places
    for evidence in places:
        assert text[evidence["start"] : evidence["end"]] == evidence["quote"]


def test_the_reading_is_printed_for_people_without_json(cli: Cli, initialised_url: str) -> None:
    french = LABELLED / "train" / "china-2021-fr.txt"
    result = cli(initialised_url, "statements", "read", french)
    assert result.exit_code == 0, result.output
    assert "stability.hr_declaration" in result.output
    assert "CN (territorial)" in result.output
    assert "APT40, APT31" in result.output


def test_a_file_that_gives_no_text_exits_with_2_naming_it(
    cli: Cli, initialised_url: str, tmp_path: Path
) -> None:
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(b"D\xe9claration")
    result = cli(initialised_url, "statements", "read", latin1)
    assert result.exit_code == 2
    assert "latin1.txt" in result.output and "is not UTF-8 text" in result.output
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    result = cli(initialised_url, "statements", "read", empty, "--json")
    assert result.exit_code == 2
    assert "is empty" in result.output
