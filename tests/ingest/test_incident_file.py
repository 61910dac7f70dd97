"""Incident files: YAML or JSON, one incident, a list or ``{incidents: [...]}``; all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cdtoolbox.errors import ImportRejected
from cdtoolbox.ingest import read_incident_file, read_incident_text
from cdtoolbox.model import IncidentType

DATA = Path(__file__).parent / "data"

NOTPETYA = {
    "title": "NotPetya",
    "start": "2017-06-27",
    "types": ["wiper", "supply-chain"],
    "victims": {"countries": ["Ukraine"]},
    "actors": ["Sandworm"],
}
STUXNET = {"title": "Stuxnet", "start": "2010", "types": ["sabotage"]}


def rejected(path: Path, resolver: object) -> ImportRejected:
    with pytest.raises(ImportRejected) as caught:
        read_incident_file(path, resolver)  # type: ignore[arg-type]
    return caught.value


def test_the_wannacry_yaml_file_reads(resolver):
    (incident,) = read_incident_file(DATA / "wannacry.yaml", resolver)

    assert incident.title == "WannaCry ransomware worm"
    assert incident.impact.physical_damage is False  # `no` is read as text, then as false


@pytest.mark.parametrize(
    "content",
    [[NOTPETYA, STUXNET], {"incidents": [NOTPETYA, STUXNET]}],
    ids=["list", "incidents-mapping"],
)
@pytest.mark.parametrize("suffix", [".json", ".yaml", ".yml"])
def test_a_list_of_incidents_reads_in_order(content, suffix, tmp_path, resolver):
    path = tmp_path / f"incidents{suffix}"
    path.write_text(json.dumps(content), encoding="utf-8")  # JSON is valid YAML too

    incidents = read_incident_file(path, resolver)

    assert [incident.title for incident in incidents] == ["NotPetya", "Stuxnet"]
    assert incidents[0].types == (IncidentType.WIPER, IncidentType.SUPPLY_CHAIN)
    assert incidents[0].actor_ids == ("actor--sandworm",)


def test_a_single_mapping_is_one_incident(tmp_path, resolver):
    path = tmp_path / "stuxnet.json"
    path.write_text(json.dumps(STUXNET), encoding="utf-8")

    assert [incident.title for incident in read_incident_file(path, resolver)] == ["Stuxnet"]


def test_an_explicit_empty_list_holds_no_incidents(resolver):
    assert read_incident_text("incidents: []", resolver) == []


def test_errors_of_every_record_are_collected_with_their_place(resolver):
    text = json.dumps({"incidents": [NOTPETYA, {**STUXNET, "start": "2010-02-30"}, {"title": "x"}]})

    with pytest.raises(ImportRejected) as caught:
        read_incident_text(text, resolver, name="batch.json")

    assert caught.value.source == "batch.json"
    assert [(error.location, error.field) for error in caught.value.errors] == [
        ("batch.json: incidents[1]", "start"),
        ("batch.json: incidents[2]", "start"),
        ("batch.json: incidents[2]", "types"),
    ]


def test_the_same_id_twice_in_one_file_is_refused(resolver):
    same = "0b8a3c1e-4d1a-4c3b-9f0e-2a7d8c9b1e01"
    text = json.dumps([{**STUXNET, "id": same}, {**NOTPETYA, "id": same.upper()}])

    with pytest.raises(ImportRejected) as caught:
        read_incident_text(text, resolver, name="two.json")

    (error,) = caught.value.errors
    assert (error.field, error.value, error.location) == ("id", same, "two.json: incidents[1]")
    assert error.reason == "is used twice in this file (first at two.json: incidents[0])"


def test_malformed_json_names_line_and_column(tmp_path, resolver):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "title": "x",\n  "start" 2017\n}\n', encoding="utf-8")

    (error,) = rejected(path, resolver).errors

    assert (error.entity, error.field) == ("file", "broken.json")
    assert error.reason == "is not valid JSON: line 3 column 11: Expecting ':' delimiter"
    assert error.value == '"start" 2017'


def test_malformed_yaml_names_line_and_column(tmp_path, resolver):
    path = tmp_path / "broken.yaml"
    path.write_text("title: x\ntypes: [wiper\nstart: 2017\n", encoding="utf-8")

    (error,) = rejected(path, resolver).errors

    assert (error.entity, error.field) == ("file", "broken.yaml")
    assert error.reason.startswith("is not valid YAML: line 3 column")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("twice.yaml", "title: a\nstart: 2017\ntitle: b\n"),
        ("twice.json", '{"title": "a", "title": "b"}'),
    ],
)
def test_a_key_written_twice_is_refused_not_overwritten(name, text, resolver):
    with pytest.raises(ImportRejected) as caught:
        read_incident_text(text, resolver, name=name)

    (error,) = caught.value.errors
    assert "the key 'title' appears twice" in error.reason


def test_yaml_no_is_norway_not_false(resolver):
    text = "title: x\nstart: 2017\ntypes: [ddos]\nvictims: {countries: [NO, yes]}\n"

    with pytest.raises(ImportRejected) as caught:
        read_incident_text(text, resolver)

    # NO resolved to Norway; only "yes" (not a country, and not True) is wrong
    (error,) = caught.value.errors
    assert (error.field, error.value) == ("victims.countries[1]", "yes")


@pytest.mark.parametrize(
    ("name", "text", "field", "reason"),
    [
        ("empty.yaml", "", "empty.yaml", "holds no incidents"),
        ("scalar.yaml", "just words", "scalar.yaml", "must hold an incident, a list of"),
        ("extra.yaml", "incidents: []\nversion: 2\n", "version", "is not a known field"),
        ("bad.yaml", "incidents: {title: x}\n", "incidents", "must be a list"),
        ("notes.txt", "title: x", "notes.txt", "is not a .json, .yaml or .yml file"),
        ("deep.json", "[" * 100_000, "deep.json", "is nested too deeply"),
    ],
)
def test_files_that_hold_no_incidents_say_why(name, text, field, reason, resolver):
    with pytest.raises(ImportRejected) as caught:
        read_incident_text(text, resolver, name=name)

    (error,) = caught.value.errors
    assert (error.entity, error.field) == ("file", field)
    assert error.reason.startswith(reason)


def test_a_missing_file_is_refused_not_crashed(tmp_path, resolver):
    (error,) = rejected(tmp_path / "absent.yaml", resolver).errors

    assert error.reason.startswith("cannot be read: No such file")


def test_a_file_that_is_not_utf8_is_refused(tmp_path, resolver):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: Telefónica\n".encode("latin-1"))

    (error,) = rejected(path, resolver).errors

    assert error.reason == "is not UTF-8 text"


@pytest.mark.parametrize("name", ["bom.json", "bom.yaml"])
def test_a_byte_order_mark_in_text_is_ignored(name, resolver):
    text = "\ufeff" + json.dumps(STUXNET)

    assert read_incident_text(text, resolver, name=name)[0].title == "Stuxnet"


def test_a_null_incidents_list_is_shown_as_null(resolver):
    with pytest.raises(ImportRejected) as caught:
        read_incident_text("incidents:\n", resolver)

    (error,) = caught.value.errors
    assert (error.field, error.value, error.reason) == ("incidents", None, "must be a list")


def test_a_byte_order_mark_is_ignored(tmp_path, resolver):
    path = tmp_path / "bom.json"
    path.write_text("\ufeff" + json.dumps(STUXNET), encoding="utf-8")

    assert read_incident_file(path, resolver)[0].title == "Stuxnet"
