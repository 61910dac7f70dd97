"""`cdt pqc …` (issue 20, item 3): the acceptance CBOM imported and classified, bad input
ends with the file and the reason, exit status 2, and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests_support import Cli

DATA = Path(__file__).parents[1] / "data" / "pqc"
PLACE = (
    "--organisation",
    "Federal Foreign Office",
    "--member-state",
    "DE",
    "--sector",
    "government",
)


def _assets(cli: Cli, url: str, *options: str) -> list[dict[str, object]]:
    result = cli(url, "pqc", "assets", "--json", *options)
    assert result.exit_code == 0, result.output
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found


def test_the_acceptance_cbom_is_imported_and_classified(cli: Cli, migrated_url: str) -> None:
    done = cli(migrated_url, "pqc", "import", DATA / "acceptance.cdx.json", *PLACE)
    assert done.exit_code == 0, done.output
    assert "DE / Federal Foreign Office: 5 assets" in done.stdout
    statuses = {item["algorithm"]: item["status"] for item in _assets(cli, migrated_url)}
    assert statuses == {
        "RSA-2048": "vulnerable",
        "ECDSA P-256": "vulnerable",
        "AES-128-GCM": "weakened",
        "AES-256-GCM": "resistant",
        "ML-KEM-768": "resistant",
    }
    exposed = _assets(cli, migrated_url, "--hndl", "--member-state", "Germany")
    assert [item["algorithm"] for item in exposed] == ["RSA-2048"]
    vulnerable = _assets(cli, migrated_url, "--status", "vulnerable")
    assert {item["algorithm"] for item in vulnerable} == {"RSA-2048", "ECDSA P-256"}

    progress = cli(migrated_url, "pqc", "progress", "--json")
    assert progress.exit_code == 0, progress.output
    document = json.loads(progress.stdout)
    assert [item["due"] for item in document["milestones"]] == [
        "2026-12-31", "2030-12-31", "2035-12-31",
    ]  # fmt: skip
    [germany] = document["by_member_state"]
    assert (germany["key"], germany["total"], germany["resistant"], germany["hndl"]) == (
        "DE", 5, 2, 1,
    )  # fmt: skip
    assert document["quantum_horizon"]["year"] == 2030
    table = cli(migrated_url, "pqc", "progress")
    assert "Germany" in table.stdout and "Government and state institutions" in table.stdout


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        (
            "old.cdx.json",
            json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1}),
            "CBOM `specVersion`: '1.5' must be 1.6",
        ),
        ("broken.cdx.json", '{"bomFormat": ', "is not JSON"),
        ("rows.csv", "algorithm,criticality\nRSA,urgent\n", "'urgent' is not one of"),
    ],
)
def test_bad_input_names_the_file_exits_2_and_changes_nothing(
    cli: Cli, migrated_url: str, tmp_path: Path, name: str, content: str, reason: str
) -> None:
    assert cli(migrated_url, "pqc", "import", DATA / "acceptance.cdx.json", *PLACE).exit_code == 0
    before = _assets(cli, migrated_url)
    audit = cli(migrated_url, "audit", "log", "--json")
    assert audit.exit_code == 0, audit.output
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    refused = cli(migrated_url, "pqc", "import", bad, *PLACE)
    assert refused.exit_code == 2
    assert str(bad) in refused.stderr and reason in refused.stderr
    assert _assets(cli, migrated_url) == before
    assert cli(migrated_url, "audit", "log", "--json").stdout == audit.stdout


def test_an_unknown_filter_value_exits_2(cli: Cli, migrated_url: str) -> None:
    refused = cli(migrated_url, "pqc", "assets", "--status", "broken")
    assert refused.exit_code == 2
    assert "vulnerable, weakened, resistant, unclassified" in refused.stderr
