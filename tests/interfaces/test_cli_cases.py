"""`cdt cases`, `cdt users` and `cdt audit` end to end, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import update

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.store import Database
from cdtoolbox.store.governance_schema import audit_log
from cdtoolbox.toolbox import Settings, Toolbox
from tests_support import Cli


@pytest.fixture
def url(fresh_url: str) -> str:
    return fresh_url


def _ok(result: object) -> str:
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    return str(result.output)  # type: ignore[attr-defined]


def test_a_case_from_opening_to_implementation_through_the_cli(cli: Cli, url: str) -> None:
    _ok(cli(url, "users", "add", "ana", "--role", "analyst", "--name", "Ana Analyst"))
    _ok(cli(url, "users", "add", "apo", "--role", "approver"))
    _ok(cli(url, "users", "add", "fr", "--role", "delegate", "--state", "FR"))
    opened = json.loads(_ok(cli(url, "--user", "ana", "cases", "open", "wannacry-2017", "--json")))
    case_id = opened["id"]
    assert opened["state"] == "drafting" and opened["created_by"] == "ana"
    listing = next(m for m in opened["measures"] if m["instrument_id"] == "restrictive.listing")
    _ok(cli(url, "--user", "ana", "cases", "move", case_id[:8], "consultation"))

    recorded = _ok(
        cli(
            url,
            "--user",
            "fr",
            "cases",
            "position",
            case_id,
            "restrictive.listing",
            "--state",
            "FR",
            "--position",
            "oppose",
            "--comment",
            "evidence not shared yet",
        )
    )
    assert "FR: Oppose" in recorded and "blocked by FR" in recorded
    refused = cli(
        url,
        "--user",
        "fr",
        "cases",
        "position",
        case_id,
        listing["id"],
        "--state",
        "DE",
        "--position",
        "support",
    )
    assert (
        refused.exit_code == 1 and "only a delegate of DE records DE's position" in refused.output
    )

    shown = json.loads(_ok(cli(url, "cases", "show", case_id, "--json")))
    adoption = next(a for a in shown["adoption"] if a["measure_id"] == listing["id"])
    assert adoption["adoptable"] is False and adoption["blockers"] == ["FR"]
    assert len(adoption["awaiting"]) == 26

    not_approver = cli(url, "--user", "ana", "cases", "decide", case_id)
    assert not_approver.exit_code == 1 and "not allowed to record decisions" in not_approver.output
    # Asked first: the outcome, measure by measure, and what the silent Member States mean.
    declined = cli(url, "--user", "apo", "cases", "decide", case_id, input="n\n")
    assert declined.exit_code == 1 and "Nothing recorded." in declined.output
    assert f"{listing['id']} " in declined.output and "NOT adopted" in declined.output
    assert "no position yet from 26 Member States" in declined.output
    assert "silence blocks adoption" in declined.output
    assert "EE, EL, ES" in declined.output  # Greece as the EU writes it; the JSON keeps GR
    assert "Record this decision? [y/N]" in declined.output
    assert json.loads(_ok(cli(url, "cases", "show", case_id, "--json")))["state"] == "consultation"
    decided = json.loads(
        _ok(cli(url, "--user", "apo", "cases", "decide", case_id, "--yes", "--json"))
    )
    assert decided["state"] == "adopted"  # the HR-remit measures need no vote
    decisions = {m["instrument_id"]: m["decision"] for m in decided["measures"]}
    assert decisions["restrictive.listing"] == "not-adopted"
    adopted = next(m["id"] for m in decided["measures"] if m["decision"] == "adopted")
    _ok(
        cli(
            url,
            "--user",
            "ana",
            "cases",
            "implement",
            case_id,
            adopted,
            "--kind",
            "dialogue",
            "--date",
            "2017-12-01",
            "--summary",
            "Raised in the EU-DPRK political dialogue",
        )
    )
    assert json.loads(_ok(cli(url, "cases", "show", case_id, "--json")))["state"] == "implementing"

    wrong_move = cli(url, "--user", "ana", "cases", "move", case_id, "drafting")
    assert wrong_move.exit_code == 1 and "can move to: under-review" in wrong_move.output
    history = _ok(cli(url, "cases", "show", case_id))
    assert "ana opened the case (Drafting)." in history
    assert "ana moved the case from Drafting to Consultation of Member States." in history
    assert "apo recorded the decision (Decided: measures adopted): m" in history
    listed = json.loads(_ok(cli(url, "cases", "list", "--state", "implementing", "--json")))
    assert [item["id"] for item in listed["items"]] == [case_id]


def test_audit_verify_names_the_tampered_row(cli: Cli, url: str) -> None:
    _ok(cli(url, "users", "add", "ana", "--role", "analyst"))
    case_id = json.loads(
        _ok(cli(url, "--user", "ana", "cases", "open", "notpetya-2017", "--json"))
    )["id"]
    _ok(cli(url, "--user", "ana", "cases", "measure", "drop", case_id, "m1", "--why", "not now"))
    log = json.loads(_ok(cli(url, "audit", "log", "--json", "--limit", "10000")))
    assert [entry["action"] for entry in log[-3:]] == ["user.add", "case.open", "case.measure.drop"]
    assert f"audit trail intact: {len(log)} entries" in _ok(cli(url, "audit", "verify"))
    opened = log[-2]["seq"]

    database = Database(url)
    try:
        with database.connect(read_only=False) as connection:
            connection.execute(
                update(audit_log).where(audit_log.c.seq == opened).values(actor="someone-else")
            )
    finally:
        database.dispose()
    broken = cli(url, "audit", "verify")
    assert broken.exit_code == 1
    assert (
        f"BROKEN at entry {opened}: entry {opened} (case.open by someone-else" in broken.output
        and "changed after it was written" in broken.output
    )


def test_users_add_reads_the_password_from_stdin_and_lists_accounts(
    cli: Cli, url: str, knowledge: KnowledgeBase
) -> None:
    runner_input = "a long enough passphrase\n"
    result = cli._runner.invoke(
        __import__("cdtoolbox.interfaces.cli.app", fromlist=["app"]).app,
        ["--database-url", url, "users", "add", "vic", "--role", "viewer", "--password-stdin"],
        input=runner_input,
        obj={"knowledge": knowledge},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    listed = json.loads(_ok(cli(url, "users", "list", "--json")))
    assert listed["items"][0]["username"] == "vic" and "password" not in json.dumps(listed)
    token = _ok(cli(url, "users", "token", "vic", "--label", "reader"))
    secret = next(line for line in token.splitlines() if line.startswith("cdt_"))
    with Toolbox(Settings(url), knowledge=knowledge) as toolbox:
        assert toolbox.users.authenticate_token(secret).username == "vic"
        assert toolbox.users.authenticate("vic", runner_input.strip()).username == "vic"
    bad = cli(url, "users", "add", "xy", "--role", "delegate")
    assert bad.exit_code == 2 and "member_state" in bad.output
