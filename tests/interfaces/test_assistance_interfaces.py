"""Requests for assistance and teams through `cdt requests` and `cdt teams`: an overdue 13(h)
request read back flagged and audited, a deployment on the incident's timeline, bad input
refused naming the field with nothing written."""

from __future__ import annotations

import json

import pytest

from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from tests_support import Cli
from web_support import TestClient

INCIDENT = "wannacry-2017"


def _written(toolbox: Toolbox) -> tuple[int, int, int]:
    return (
        len(toolbox.assistance.list(by=SYSTEM_USER)),
        len(toolbox.assistance.deployments(by=SYSTEM_USER)),
        len(toolbox.situation.timeline(INCIDENT, by=SYSTEM_USER)),
    )


def test_an_overdue_13h_request_is_listed_flagged_and_audited(cli: Cli, fresh_url: str) -> None:
    added = cli(
        fresh_url,
        "requests",
        "add",
        "--requester",
        "Estonia",
        "--channel",
        "norm-13h",
        "--addressee",
        "DE",
        "--incident",
        INCIDENT,
        "--asked",
        "Mitigate the command servers in your territory.",
        "--sent-at",
        "2026-01-05T10:00",
        "--deadline",
        "2026-01-06T10:00",
        "--json",
    )
    assert added.exit_code == 0, added.stderr
    request = json.loads(added.stdout)
    assert (request["requester"], request["addressee"], request["overdue"]) == ("EE", "DE", True)

    overdue = json.loads(cli(fresh_url, "requests", "list", "--overdue", "--json").stdout)
    assert [r["id"] for r in overdue["items"]] == [request["id"]]
    assert "OVERDUE" in cli(fresh_url, "requests", "list").stdout
    shown = json.loads(cli(fresh_url, "requests", "show", request["id"], "--json").stdout)
    assert shown["overdue"] and shown["offers"] == []
    audit = cli(fresh_url, "audit", "log", "--key", request["id"], "--json")
    assert audit.exit_code == 0, audit.stderr
    assert "assistance.request" in audit.stdout

    answered = cli(fresh_url, "requests", "answer", request["id"], "--text", "Done.", "--json")
    assert answered.exit_code == 0, answered.stderr
    assert json.loads(answered.stdout)["overdue"] is False
    again = cli(fresh_url, "requests", "answer", request["id"], "--text", "Again.")
    assert again.exit_code == 2 and "`status`" in again.stderr
    empty = json.loads(cli(fresh_url, "requests", "list", "--overdue", "--json").stdout)
    assert empty["total"] == 0


def test_a_deployment_reads_back_and_shows_on_the_timeline(cli: Cli, fresh_url: str) -> None:
    teams = json.loads(cli(fresh_url, "teams", "list", "--json").stdout)
    assert [t["id"] for t in teams["items"]] == ["pesco-crrt"]
    sent = cli(
        fresh_url,
        "teams",
        "deploy",
        "pesco-crrt",
        "--to",
        "Moldova",
        "--from",
        "2026-01-10",
        "--until",
        "2026-01-20",
        "--task",
        "vulnerability assessment",
        "--incident",
        INCIDENT,
        "--json",
    )
    assert sent.exit_code == 0, sent.stderr
    deployment = json.loads(sent.stdout)
    listed = json.loads(cli(fresh_url, "teams", "deployments", "--json").stdout)
    assert [d["id"] for d in listed["items"]] == [deployment["id"]]
    timeline = json.loads(cli(fresh_url, "situation", "timeline", INCIDENT, "--json").stdout)
    assert [e["kind"] for e in timeline["items"]] == ["team-deployed"]
    closed = cli(fresh_url, "teams", "close", deployment["id"], "--outcome", "Report delivered.")
    assert closed.exit_code == 0, closed.stderr
    shown = json.loads(cli(fresh_url, "teams", "show", "pesco-crrt", "--json").stdout)
    assert shown["deployments"][0]["outcome"] == "Report delivered."


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ("requests", "add", "--requester", "EE", "--channel", "norm-13h", "--asked", "x"),
            "`addressee`",
        ),
        (
            (
                "requests",
                "add",
                "--requester",
                "EE",
                "--channel",
                "pesco-crrt",
                "--asked",
                "x",
                "--incident",
                "atlantis-2026",
            ),
            "`incident`: 'atlantis-2026'",
        ),
        (
            (
                "requests",
                "add",
                "--requester",
                "EE",
                "--channel",
                "pesco-crrt",
                "--asked",
                "x",
                "--sent-at",
                "2026-01-05T10:00",
                "--deadline",
                "2026-01-04T10:00",
            ),
            "`deadline`",
        ),
        (
            (
                "teams",
                "deploy",
                "no-such-team",
                "--to",
                "MD",
                "--from",
                "2026-01-01",
                "--task",
                "x",
            ),
            "`team`: 'no-such-team'",
        ),
        (
            ("teams", "deploy", "pesco-crrt", "--to", "ZZ", "--from", "2026-01-01", "--task", "x"),
            "`location`: 'ZZ'",
        ),
        (
            (
                "teams",
                "deploy",
                "pesco-crrt",
                "--to",
                "MD",
                "--from",
                "2026-01-10",
                "--until",
                "2026-01-01",
                "--task",
                "x",
                "--incident",
                INCIDENT,
            ),
            "`ends`",
        ),
    ],
)
def test_bad_input_exits_2_naming_the_field_and_writes_nothing(
    cli: Cli,
    fresh_url: str,
    fresh_toolbox: Toolbox,
    arguments: tuple[str, ...],
    message: str,
) -> None:
    before = _written(fresh_toolbox)
    result = cli(fresh_url, *arguments)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert _written(fresh_toolbox) == before


def test_an_overdue_13h_request_shows_flagged_on_the_requests_board_and_the_situation_board(
    fresh_analyst: TestClient, fresh_toolbox: Toolbox
) -> None:
    """Acceptance (issue 18): an overdue 13(h) request appears on the board and in the audit
    trail."""
    late = fresh_toolbox.assistance.request(
        by=SYSTEM_USER,
        requester="EE",
        channel="norm-13h",
        addressee="DE",
        incident=INCIDENT,
        asked="Mitigate the command servers in your territory.",
        sent_at="2026-01-05T10:00",
        deadline="2026-01-06T10:00",
    )
    answered = fresh_toolbox.assistance.request(
        by=SYSTEM_USER, requester="FR", channel="art-42-7-teu", asked="Aid and assistance."
    )
    fresh_toolbox.assistance.withdraw(answered.id, by=SYSTEM_USER)

    board = fresh_analyst.get("/requests")
    assert board.status_code == 200
    rows = board.text.split("<tbody>")[1]
    # Open and overdue first, flagged in words and in style.
    assert rows.index("Mitigate the command servers") < rows.index("Aid and assistance")
    assert 'class="overdue-row"' in rows and "Overdue" in rows
    only = fresh_analyst.get("/requests?overdue=1").text
    assert "Mitigate the command servers" in only and "Aid and assistance" not in only
    assert fresh_analyst.get("/requests?channel=article-5").status_code == 422

    page = fresh_analyst.get(f"/requests/{late.id}")
    assert page.status_code == 200 and "Open, past its deadline" in page.text
    assert "A/70/174" in page.text  # the basis with its source

    situation = fresh_analyst.get("/situation").text
    assert "1 open" in situation and "(1 overdue)" in situation
    trail = fresh_toolbox.audit.entries(by=SYSTEM_USER, key=late.id)
    assert [entry.action for entry in trail] == ["assistance.request"]

    teams = fresh_analyst.get("/teams")
    assert teams.status_code == 200 and "PESCO Cyber Rapid Response Teams" in teams.text
    assert fresh_analyst.get("/requests/no-such-request").status_code == 404


def test_the_api_records_reads_back_and_refuses_with_422_naming_the_field(
    api_writer: TestClient, fresh_client: TestClient, fresh_toolbox: Toolbox
) -> None:
    added = api_writer.post(
        "/api/v1/assistance/requests",
        json={
            "requester": "EE",
            "channel": "norm-13h",
            "addressee": "DE",
            "incident": INCIDENT,
            "asked": "Mitigate.",
            "sent_at": "2026-01-05T10:00:00Z",
            "deadline": "2026-01-06T10:00:00Z",
        },
    )
    assert added.status_code == 201, added.text
    request = added.json()
    assert request["overdue"] and request["recorded_by"] == "api-analyst"
    listed = fresh_client.get("/api/v1/assistance/requests?overdue=true").json()
    assert [r["id"] for r in listed["items"]] == [request["id"]]
    offered = api_writer.post(
        "/api/v1/assistance/offers",
        json={"offered_by": "SE", "what": "Responders.", "request": request["id"]},
    )
    assert offered.status_code == 201, offered.text
    one = fresh_client.get(f"/api/v1/assistance/requests/{request['id']}").json()
    assert [o["offered_by"] for o in one["offers"]] == ["SE"]
    answered = api_writer.post(
        f"/api/v1/assistance/requests/{request['id']}/answer", json={"text": "Done."}
    )
    assert answered.status_code == 200 and answered.json()["status"] == "answered"
    board = fresh_client.get("/api/v1/situation/board").json()
    (row,) = board["items"]
    assert (row["open_requests"], row["overdue_requests"]) == (0, 0)

    sent = api_writer.post(
        "/api/v1/assistance/teams/pesco-crrt/deployments",
        json={"location": "MD", "starts": "2026-01-10", "tasks": ["triage"]},
    )
    assert sent.status_code == 201, sent.text
    teams = fresh_client.get("/api/v1/assistance/teams").json()
    assert teams["items"][0]["id"] == "pesco-crrt" and teams["items"][0]["response_hours"] == 72

    before = _written(fresh_toolbox)
    for path, body, field in (
        (
            "/api/v1/assistance/requests",
            {"requester": "EE", "channel": "x", "asked": "a"},
            "channel",
        ),
        (
            "/api/v1/assistance/requests",
            {"requester": "EE", "channel": "pesco-crrt", "asked": "a", "incident": "atlantis"},
            "incident",
        ),
        (
            "/api/v1/assistance/teams/no-such-team/deployments",
            {"location": "MD", "starts": "2026-01-10", "tasks": ["x"]},
            "team",
        ),
        (
            "/api/v1/assistance/teams/pesco-crrt/deployments",
            {"location": "MD", "starts": "2026-01-10", "ends": "2026-01-01", "tasks": ["x"]},
            "ends",
        ),
    ):
        refused = api_writer.post(path, json=body)
        assert refused.status_code == 422, refused.text
        assert [e["field"] for e in refused.json()["errors"]] == [field]
    assert _written(fresh_toolbox) == before
