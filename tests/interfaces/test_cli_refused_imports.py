"""Records as they come: an unknown start is accepted, and a refused import lists every error
as JSON on stdout with --json (`incidents add`, `import-csv`, `import stix`, `import misp`)."""

from __future__ import annotations

import json
from pathlib import Path

from misp_support import cloud_hopper, event_document
from tests_support import Cli

ERRORS = 25  # more than the 20 the text message lists


def _refusal(result: object) -> dict[str, object]:
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    document = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert document["error"] == "ImportRejected" and document["exit_code"] == 2
    assert "import refused" in result.stderr  # type: ignore[attr-defined]
    return document  # type: ignore[no-any-return]


def test_a_refused_incident_file_lists_every_error_as_json(
    cli: Cli, fresh_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "bad.yaml"
    documents = [{"title": f"Bad {n}", "start": 2020, "types": ["ransom"]} for n in range(ERRORS)]
    path.write_text(json.dumps({"incidents": documents}), encoding="utf-8")
    refused = _refusal(cli(fresh_url, "incidents", "add", "--file", path, "--json"))
    errors = refused["errors"]
    assert isinstance(errors, list) and len(errors) == ERRORS
    assert {error["field"] for error in errors} == {"types[0]"}
    assert all(error["location"].startswith("bad.yaml: incidents[") for error in errors)
    text = cli(fresh_url, "incidents", "add", "--file", path)
    assert text.stdout == "" and "… and 5 more" in text.stderr
    assert "--json to list every error" in text.stderr


def test_a_refused_csv_lists_every_error_as_json(cli: Cli, fresh_url: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    rows = "".join(f"Undated {n},,espionage\n" for n in range(ERRORS))
    path.write_text("title,start,types\n" + rows, encoding="utf-8")
    refused = _refusal(cli(fresh_url, "incidents", "import-csv", path, "--json"))
    errors = refused["errors"]
    assert isinstance(errors, list) and len(errors) == ERRORS
    assert all(error["field"] == "start" for error in errors)
    assert all("unless `disclosed` is given" in error["reason"] for error in errors)


def test_refused_stix_and_misp_imports_print_their_errors_as_json(
    cli: Cli, fresh_url: str, tmp_path: Path
) -> None:
    bundle = tmp_path / "bad-bundle.json"
    objects = [{"type": "incident", "spec_version": "2.1"} for _ in range(3)]
    bundle.write_text(
        json.dumps({"type": "bundle", "id": "bundle--" + "0" * 36, "objects": objects}),
        encoding="utf-8",
    )
    stix = _refusal(cli(fresh_url, "import", "stix", bundle, "--json"))
    assert stix["errors"]
    document = event_document(cloud_hopper())
    document["Attribute"][1]["value"] = "not-an-address"
    event = tmp_path / "bad-event.json"
    event.write_text(json.dumps({"Event": document}), encoding="utf-8")
    misp = _refusal(cli(fresh_url, "import", "misp", event, "--json"))
    [error] = misp["errors"]  # type: ignore[misc]
    assert error["field"].endswith("Attribute[1].value")


def test_an_incident_with_an_unknown_start_is_stored_sorted_and_assessed(
    cli: Cli, fresh_url: str
) -> None:
    added = cli(
        fresh_url,
        "incidents",
        "add",
        "--title",
        "Spyware on journalists' phones",
        "--disclosed",
        "2021-07",
        "--type",
        "espionage",
        "--victim-country",
        "HU",
        "--json",
    )
    assert added.exit_code == 0, added.output
    [incident_id] = json.loads(added.stdout)["created"]
    for order in ("start", "-start"):
        listing = cli(fresh_url, "incidents", "list", "--sort", order, "--limit", "500", "--json")
        assert listing.exit_code == 0, listing.output
        assert incident_id in {item["id"] for item in json.loads(listing.stdout)["items"]}
    shown = json.loads(cli(fresh_url, "incidents", "show", incident_id, "--json").stdout)
    slug = shown["slug"]
    assert shown["start"] is None and shown["disclosed"] == "2021-07"
    assessed = cli(fresh_url, "assess", slug, "--json")
    assert assessed.exit_code == 0, assessed.output
    assert json.loads(assessed.stdout)["severity"]["level"] != "unknown"
