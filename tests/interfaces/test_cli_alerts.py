"""`cdt alerts`: the check (for cron) raises nothing twice, the list shows what the reader may
read, an analyst acknowledges; a viewer may neither check nor acknowledge."""

from __future__ import annotations

import json

from account_support import add_user
from cdtoolbox.model.access import Role
from cdtoolbox.toolbox import Toolbox
from tests_support import Cli


def test_check_list_and_acknowledge(cli: Cli, fresh_url: str, fresh_toolbox: Toolbox) -> None:
    add_user(fresh_toolbox, "ana", Role.ANALYST)
    add_user(fresh_toolbox, "vic", Role.VIEWER)
    checked = cli(fresh_url, "alerts", "check", "--json")
    assert checked.exit_code == 0, checked.stderr
    first = json.loads(checked.stdout)
    again = json.loads(cli(fresh_url, "alerts", "check", "--json").stdout)
    assert again["raised"] == []
    known = {a["id"] for a in first["raised"] + first["seen_again"]}
    assert {a["id"] for a in again["seen_again"]} == known and known

    listed = json.loads(cli(fresh_url, "--user", "ana", "alerts", "list", "--json").stdout)
    assert {a["id"] for a in listed["items"]} <= known
    alert = listed["items"][0]
    refused = cli(fresh_url, "--user", "vic", "alerts", "acknowledge", alert["id"])
    assert refused.exit_code == 1 and "edit incidents" in refused.stderr
    assert cli(fresh_url, "--user", "vic", "alerts", "check").exit_code == 1
    done = cli(fresh_url, "--user", "ana", "alerts", "acknowledge", alert["id"], "--json")
    assert json.loads(done.stdout)["acknowledged_by"] == "ana", done.stderr
    twice = cli(fresh_url, "--user", "ana", "alerts", "acknowledge", alert["id"])
    assert twice.exit_code == 2 and "was acknowledged by ana" in twice.stderr
    still_open = json.loads(cli(fresh_url, "alerts", "list", "--json").stdout)
    assert alert["id"] not in {a["id"] for a in still_open["items"]}
    closed = json.loads(cli(fresh_url, "alerts", "list", "--acknowledged", "--json").stdout)
    assert [a["id"] for a in closed["items"]] == [alert["id"]]
