"""`cdt export stix` / `cdt import stix` through the command line, on both backends."""

from __future__ import annotations

import json
from pathlib import Path

from stix2validator import ValidationOptions, validate_file

from tests_support import Cli


def test_export_validates_and_reimport_changes_nothing(
    cli: Cli, initialised_url: str, tmp_path: Path
) -> None:
    bundle = tmp_path / "dataset.json"
    result = cli(initialised_url, "export", "stix", "-o", bundle)
    assert result.exit_code == 0, result.output
    validation = validate_file(str(bundle), ValidationOptions(version="2.1"))
    assert validation.is_valid, [str(e) for r in validation.object_results for e in r.errors]
    assert sum(o["type"] == "incident" for o in json.loads(bundle.read_text())["objects"]) >= 30

    again = cli(initialised_url, "import", "stix", bundle, "--json")
    assert again.exit_code == 0, again.output
    [report] = json.loads(again.stdout)
    assert (report["created"], report["updated"], report["rejected"]) == (0, 0, 0)


def test_a_bundle_with_one_bad_object_imports_nothing(
    cli: Cli, initialised_url: str, tmp_path: Path
) -> None:
    good = {
        "type": "intrusion-set",
        "spec_version": "2.1",
        "id": "intrusion-set--0f3c7a55-5f2f-4c52-9b8e-1d4a9b0c7e21",
        "created": "2026-01-02T03:04:05.000Z",
        "modified": "2026-01-02T03:04:05.000Z",
        "name": "Partner cluster 7",
    }
    bad = {
        **good,
        "id": "intrusion-set--1a2b3c4d-0000-4000-8000-000000000001",
        "created": "yesterday",
    }
    path = tmp_path / "partner.json"
    path.write_text(
        json.dumps(
            {
                "type": "bundle",
                "id": "bundle--4d3c2b1a-0000-4000-8000-000000000002",
                "objects": [good, bad],
            }
        )
    )
    refused = cli(initialised_url, "import", "stix", path)
    assert refused.exit_code == 2
    assert "intrusion-set--1a2b3c4d-0000-4000-8000-000000000001" in refused.stderr
    assert "objects[1].created" in refused.stderr
    assert "Partner cluster 7" not in cli(initialised_url, "actors", "list").stdout

    skipped = cli(initialised_url, "import", "stix", path, "--skip-invalid", "--json")
    assert skipped.exit_code == 0, skipped.output
    [report] = json.loads(skipped.stdout)
    assert report["rejected"] == 1 and report["created"] == 1
    assert cli(initialised_url, "actors", "show", "partner cluster 7").exit_code == 0
