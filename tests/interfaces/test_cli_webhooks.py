"""`cdt webhooks`: a target outside CDT_WEBHOOK_ALLOW is refused with exit 2 naming the field,
and nothing is written; an administrator adds one inside it; others may not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from account_support import add_user
from cdtoolbox.model.access import Role
from cdtoolbox.toolbox import Toolbox
from tests_support import Cli


def test_only_an_allowed_target_is_added_by_an_administrator(
    cli: Cli,
    fresh_url: str,
    fresh_toolbox: Toolbox,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CDT_WEBHOOK_ALLOW", "https://soc.example.eu/hooks/")
    add_user(fresh_toolbox, "ana", Role.ANALYST)
    secret = tmp_path / "secret"
    secret.write_text("x" * 40, encoding="utf-8")
    outside = cli(
        fresh_url, "webhooks", "add", "https://evil.example.com/hooks/", "--secret-file", secret
    )
    assert outside.exit_code == 2 and "url" in outside.stderr
    assert "allow-list" in outside.stderr
    refused = cli(
        fresh_url, "--user", "ana", "webhooks", "add", "https://soc.example.eu/hooks/a",
        "--secret-file", secret,
    )  # fmt: skip
    assert refused.exit_code == 1 and "manage webhook targets" in refused.stderr
    assert json.loads(cli(fresh_url, "webhooks", "list", "--json").stdout)["total"] == 0
    added = cli(
        fresh_url, "webhooks", "add", "https://soc.example.eu/hooks/a", "--secret-file", secret,
        "--json",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    listed = json.loads(cli(fresh_url, "webhooks", "list", "--json").stdout)
    assert [t["url"] for t in listed["items"]] == ["https://soc.example.eu/hooks/a"]
    assert "x" * 40 not in cli(fresh_url, "webhooks", "list", "--json").stdout
