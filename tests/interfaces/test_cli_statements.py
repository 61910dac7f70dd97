"""`cdt statements read`, `add`, `list` and `show`: statement files read and kept through the
command line, on SQLite and PostgreSQL (issue 15: the Viasat acceptance, the archive and the
bad-input exit status with nothing stored)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfWriter

from cdtoolbox.store import Database, dump
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


# The archive: `cdt statements add`, `list` and `show`.


def test_statements_are_added_listed_and_shown(cli: Cli, migrated_url: str) -> None:
    english = LABELLED / "train" / "viasat-2022-en.txt"
    french = LABELLED / "train" / "viasat-2022-fr.txt"
    result = cli(migrated_url, "statements", "add", english, french, "--tlp", "green", "--json")
    assert result.exit_code == 0, result.output
    added = json.loads(result.stdout)["items"]
    assert [(item["file_name"], item["new"], item["tlp"]) for item in added] == [
        ("viasat-2022-en.txt", True, "green"),
        ("viasat-2022-fr.txt", True, "green"),
    ]
    again = cli(migrated_url, "statements", "add", english)
    assert again.exit_code == 0 and "already in the archive" in again.output
    listed = cli(migrated_url, "statements", "list", "--language", "fr", "--state", "RU", "--json")
    assert listed.exit_code == 0, listed.output
    assert [item["id"] for item in json.loads(listed.stdout)["items"]] == [added[1]["id"]]
    searched = cli(migrated_url, "statements", "list", "--text", "RÉAFFIRMENT")
    assert added[1]["id"] in searched.output and added[0]["id"] not in searched.output
    shown = cli(migrated_url, "statements", "show", added[0]["id"], "--json")
    assert shown.exit_code == 0, shown.output
    document = json.loads(shown.stdout)
    assert document["text"] == english.read_text("utf-8")
    assert document["reading"]["attributions"][0]["state"] == "RU"
    assert document["sha256"] == added[0]["sha256"]
    people = cli(migrated_url, "statements", "show", added[0]["id"])
    assert "TLP:GREEN" in people.output and "conducted by the Russian Federation" in people.output


def test_a_given_issuer_and_date_are_said_to_be_given(cli: Cli, migrated_url: str) -> None:
    english = LABELLED / "train" / "viasat-2022-en.txt"
    result = cli(
        migrated_url, "statements", "add", english, "--issuer", "council", "--date", "2022-05-11"
    )
    assert result.exit_code == 0, result.output
    assert "issuer as given, over the reading's hr-on-behalf-of-eu" in result.output
    assert "date as given, over the reading's 2022-05-10" in result.output


def _pdf(password: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if password is not None:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("garbage.txt", b"\x7fELF\x02\x01\x01\x00" * 512, "is not text"),
        ("locked.pdf", _pdf(password="secret"), "encrypted PDF"),
        ("scan.pdf", _pdf(), "without a text layer"),
        ("empty.md", b"", "is empty"),
        ("menu.html", b"<html><body><nav>Home</nav></body></html>", "no main text"),
        ("latin1.txt", b"D\xe9claration de la haute repr\xe9sentante", "is not UTF-8 text"),
        ("dump.txt", None, "over the 10 MB"),
    ],
)
def test_bad_files_exit_with_2_and_store_nothing(
    cli: Cli, migrated_url: str, tmp_path: Path, name: str, content: bytes | None, reason: str
) -> None:
    bad = tmp_path / name
    if content is None:
        with bad.open("wb") as file:  # a sparse 50 MB file
            file.truncate(50 * 1024 * 1024)
    else:
        bad.write_bytes(content)
    good = LABELLED / "train" / "viasat-2022-en.txt"
    with Database(migrated_url) as database:
        before = dump(database)
        result = cli(migrated_url, "statements", "add", good, bad)
        assert result.exit_code == 2, result.output
        assert name in result.output and reason in result.output
        assert dump(database) == before


def test_init_adds_the_bundled_official_texts_once(cli: Cli, database_url: str) -> None:
    first = cli(database_url, "init", "--json")
    assert first.exit_code == 0, first.output
    added = json.loads(first.stdout)
    assert added["statements_added"] == 20 and added["statements_already_present"] == 0
    again = cli(database_url, "init")
    assert again.exit_code == 0, again.output
    assert "Bundled official texts (statement archive): 0 added, 20 already present." in (
        again.output
    )
    listed = cli(database_url, "statements", "list", "--limit", "100", "--json")
    items = json.loads(listed.stdout)["items"]
    assert len(items) == 20 and {item["tlp"] for item in items} == {"clear"}
    viasat = cli(database_url, "statements", "list", "--incident", "viasat-ka-sat-2022", "--json")
    assert viasat.exit_code == 0, viasat.output
    [declaration] = json.loads(viasat.stdout)["items"]
    shown = json.loads(cli(database_url, "statements", "show", declaration["id"], "--json").stdout)
    assert shown["source_url"] == (
        "https://www.consilium.europa.eu/en/press/press-releases/2022/05/10/russian-cyber-"
        "operations-against-ukraine-declaration-by-the-high-representative-on-behalf-of-the-"
        "european-union/"
    )
    assert shown["date"] == "2022-05-10" and shown["issuer"]["kind"] == "hr-on-behalf-of-eu"
    assert shown["recorded_by"] == "system"
    assert [a["state"] for a in shown["reading"]["attributions"]] == ["RU"]


def test_statements_are_exported_as_stix_and_misp(cli: Cli, fresh_url: str, tmp_path: Path) -> None:
    viasat = LABELLED / "train" / "viasat-2022-en.txt"
    added = cli(fresh_url, "statements", "add", viasat, "--json")
    assert added.exit_code == 0, added.output
    statement = json.loads(added.stdout)["items"][0]["id"]
    out = tmp_path / "statement.stix.json"
    result = cli(fresh_url, "statements", "export", statement, "--output", out)
    assert result.exit_code == 0, result.output
    assert "1 statements, 1 incidents" in result.stderr
    types = [obj["type"] for obj in json.loads(out.read_text("utf-8"))["objects"]]
    assert types.count("report") == 1 and types.count("incident") == 1
    result = cli(fresh_url, "statements", "export", statement, "--format", "misp")
    assert result.exit_code == 0, result.output
    (event,) = json.loads(result.stdout)["response"]
    names = [report["name"] for report in event["Event"]["EventReport"]]
    # The incident's summary and attributions, then the statement.
    assert names == ["Summary", "Attributions", viasat.read_text("utf-8").splitlines()[0]]
    # A statement above the ceiling exits with 2, naming it; one unknown with 1.
    amber = LABELLED / "train" / "apt28-2024-en.txt"
    added = cli(fresh_url, "statements", "add", amber, "--tlp", "amber", "--json")
    amber_id = json.loads(added.stdout)["items"][0]["id"]
    refused = cli(fresh_url, "statements", "export", amber_id)
    assert refused.exit_code == 2 and amber_id in refused.output
    assert cli(fresh_url, "statements", "export", "st-0000000000000000").exit_code == 1
    # The whole-store export carries both at AMBER, the CLEAR one alone at CLEAR (with the
    # texts init bundles, all CLEAR).
    listed = cli(fresh_url, "statements", "list", "--limit", "100", "--json")
    kept = len(json.loads(listed.stdout)["items"])
    result = cli(fresh_url, "export", "stix", "--max-tlp", "amber")
    assert result.exit_code == 0, result.output
    assert f"{kept} statements" in result.stderr
    result = cli(fresh_url, "export", "stix")
    assert f"{kept - 1} statements" in result.stderr
