"""`cdt import misp` / `cdt export misp` through the command line, on both backends."""

from __future__ import annotations

import json
from pathlib import Path

from pymisp import MISPEvent

from misp_support import APT10_ID, CLOUD_HOPPER_UUID, cloud_hopper, event_document
from tests_support import Cli


def test_a_pymisp_event_imports_and_a_second_import_changes_nothing(
    cli: Cli, initialised_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "cloud-hopper.json"
    path.write_text(cloud_hopper().to_json(), encoding="utf-8")
    first = cli(initialised_url, "import", "misp", path, "--json")
    assert first.exit_code == 0, first.output
    [report] = json.loads(first.stdout)
    assert report["created"] == [CLOUD_HOPPER_UUID] and report["observables"] == 2
    shown = cli(initialised_url, "incidents", "show", CLOUD_HOPPER_UUID, "--json")
    assert APT10_ID in shown.stdout
    again = cli(initialised_url, "import", "misp", path)
    assert again.exit_code == 0
    assert "0 created, 0 updated, 1 unchanged" in again.stdout


def test_a_bad_event_is_refused_naming_the_field(
    cli: Cli, initialised_url: str, tmp_path: Path
) -> None:
    document = event_document(cloud_hopper())
    document["uuid"] = "6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a"
    document["info"] = "Refused event"
    document["Attribute"][1]["value"] = "not-an-address"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"Event": document}), encoding="utf-8")
    refused = cli(initialised_url, "import", "misp", path)
    assert refused.exit_code == 2
    assert "Event.Attribute[1].value" in refused.stderr
    assert "is not an IPv4 or IPv6 address" in refused.stderr
    assert "Refused event" not in cli(initialised_url, "incidents", "list").stdout
    skipped = cli(initialised_url, "import", "misp", path, "--skip-invalid", "--json")
    assert skipped.exit_code == 0, skipped.output
    [report] = json.loads(skipped.stdout)
    assert report["rejected_attributes"] == 1 and len(report["created"]) == 1


def test_export_as_events_and_as_a_feed(cli: Cli, initialised_url: str, tmp_path: Path) -> None:
    events = tmp_path / "events.json"
    result = cli(initialised_url, "export", "misp", "--victim-country", "UA", "-o", events)
    assert result.exit_code == 0, result.output
    response = json.loads(events.read_text())["response"]
    assert response and all(
        'misp-galaxy:country="ukraine"' in {tag["name"] for tag in item["Event"]["Tag"]}
        for item in response
    )
    feed = tmp_path / "feed"
    result = cli(initialised_url, "export", "misp", "--feed", feed, "--org", "EEAS")
    assert result.exit_code == 0, result.output
    assert "Exported" in result.stderr
    manifest = json.loads((feed / "manifest.json").read_text())
    for event_uuid in manifest:
        event = MISPEvent()
        event.load_file(str(feed / f"{event_uuid}.json"))
        assert event.orgc.name == "EEAS"
    both = cli(initialised_url, "export", "misp", "--feed", feed, "-o", events)
    assert both.exit_code == 2 and "cannot be combined with --output" in both.stderr
