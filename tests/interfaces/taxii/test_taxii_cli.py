"""`cdt taxii collections` and `cdt taxii publish`."""

from __future__ import annotations

import json

from tests_support import Cli


def test_collections_lists_both_collections_with_their_rights(
    cli: Cli, initialised_url: str
) -> None:
    result = cli(initialised_url, "taxii", "collections", "--json")
    assert result.exit_code == 0, result.output
    collections = {c["alias"]: c for c in json.loads(result.output)}
    assert collections["repository"]["write_permission"] is None
    assert collections["repository"]["object_versions"] > 60  # `cdt init` published it
    assert collections["partner-exchange"]["write_permission"] == "import data"
    text = cli(initialised_url, "taxii", "collections")
    assert "repository — Cyber incident repository" in text.output
    assert "adding: read-only" in text.output


def test_publishing_an_unchanged_repository_changes_nothing(cli: Cli, initialised_url: str) -> None:
    result = cli(initialised_url, "taxii", "publish", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["added"] == report["withdrawn"] == 0
    assert report["unchanged"] == report["objects"] > 60
    text = cli(initialised_url, "taxii", "publish")
    assert f"Published {report['objects']} objects" in text.output
