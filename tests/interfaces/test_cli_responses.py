"""`cdt statements draft` and `cdt responses`: a stored statement drafted into a response,
confirmed with corrections from the command line, then listed among the incident's public
responses (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

from tests_support import Cli

VIASAT = Path(__file__).parent.parent / "data" / "statements" / "train" / "viasat-2022-en.txt"


def test_a_statement_is_drafted_confirmed_and_listed(cli: Cli, fresh_url: str) -> None:
    added = cli(fresh_url, "statements", "add", VIASAT, "--json")
    assert added.exit_code == 0, added.output
    statement = json.loads(added.stdout)["items"][0]["id"]

    drafted = cli(fresh_url, "statements", "draft", statement, "--json")
    assert drafted.exit_code == 0, drafted.output
    draft = json.loads(drafted.stdout)
    assert (draft["state"], draft["instrument"], draft["state_named"]) == (
        "draft",
        "stability.hr_declaration",
        "RU",
    )
    assert draft["incidents"] == ["viasat-ka-sat-2022"] and draft["statement"] == statement
    listed = cli(fresh_url, "responses", "list", "--incident", "viasat-ka-sat-2022", "--json")
    assert draft["id"] not in {item["id"] for item in json.loads(listed.stdout)["items"]}

    # Corrections belong to --confirm; a wrong one exits with 2 and confirms nothing.
    assert cli(fresh_url, "statements", "draft", statement, "--date", "2022-05-11").exit_code == 2
    wrong = cli(fresh_url, "statements", "draft", statement, "--confirm", "--incident", "nope-1")
    assert wrong.exit_code == 2 and "nope-1" in wrong.output

    confirmed = cli(
        fresh_url,
        "statements",
        "draft",
        statement,
        "--confirm",
        "--date",
        "2022-05-11",
        "--wording",
        "Conducted by the Russian Federation.",
        "--json",
    )
    assert confirmed.exit_code == 0, confirmed.output
    record = json.loads(confirmed.stdout)
    assert (record["state"], record["date"], record["wording"]) == (
        "confirmed",
        "2022-05-11",
        "Conducted by the Russian Federation.",
    )
    listed = cli(fresh_url, "responses", "list", "--incident", "viasat-ka-sat-2022", "--json")
    ids = [item["id"] for item in json.loads(listed.stdout)["items"]]
    assert ids[-1] == record["id"] and ids[0] == "2022-05-10-hr-declaration-viasat"
    shown = cli(fresh_url, "responses", "show", record["id"])
    assert shown.exit_code == 0 and "Conducted by the Russian Federation." in shown.output
