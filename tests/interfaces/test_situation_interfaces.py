"""The situation log and board through `cdt situation`, `/api/v1/situation…` and the pages: one
escalation read back everywhere, bad input refused naming the field with nothing written,
and the forms of an incident page's "Situation" section."""

from __future__ import annotations

import json

import pytest

from account_support import form_token
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from tests_support import Cli
from web_support import TestClient

INCIDENT = "wannacry-2017"


def _events(toolbox: Toolbox) -> int:
    return len(toolbox.situation.timeline(INCIDENT, by=SYSTEM_USER))


def test_an_escalation_recorded_by_the_cli_reads_back_on_the_board_and_timeline(
    cli: Cli, fresh_url: str
) -> None:
    escalated = cli(
        fresh_url,
        "situation",
        "level",
        INCIDENT,
        "operational",
        "--reason",
        "Hospitals in three Member States",
        "--body",
        "eu-cyclone",
        "--at",
        "2026-11-24T08:00",
        "--json",
    )
    assert escalated.exit_code == 0, escalated.stderr
    event = json.loads(escalated.stdout)
    assert (event["direction"], event["previous_level"], event["level"]) == (
        "escalation",
        "none",
        "operational",
    )
    assert cli(fresh_url, "situation", "status", INCIDENT, "contained").exit_code == 0
    noted = cli(
        fresh_url, "situation", "event", INCIDENT, "--kind", "meeting-held", "--summary", "Met."
    )
    assert noted.exit_code == 0, noted.stderr

    board = json.loads(
        cli(fresh_url, "situation", "board", "--level", "operational", "--json").stdout
    )
    (row,) = board["items"]
    assert (row["slug"], row["status"], row["level"]) == (INCIDENT, "contained", "operational")
    assert {"DE", "FR"} <= set(row["member_states"]) and "GB" not in row["member_states"]
    assert row["first_seen"] == "2017-05-12"
    timeline = json.loads(cli(fresh_url, "situation", "timeline", INCIDENT, "--json").stdout)
    assert [e["kind"] for e in timeline["items"]] == [
        "level-changed",
        "status-changed",
        "meeting-held",
    ]
    assert (timeline["status"], timeline["level"]) == ("contained", "operational")
    table = cli(fresh_url, "situation", "timeline", INCIDENT)
    assert "escalation: none → operational" in table.stdout
    assert (
        cli(fresh_url, "situation", "board", "--status", "recovered", "--json").stdout.count(
            INCIDENT
        )
        == 0
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("level", INCIDENT, "none", "--reason", "x"), "`level`: 'none' is already"),
        (("level", INCIDENT, "technical", "--reason", " "), "`reason`"),
        (("status", INCIDENT, "over"), "`status`: 'over'"),
        (("status", "atlantis-2026", "confirmed"), "`incident`: 'atlantis-2026'"),
        (
            ("event", INCIDENT, "--kind", "other", "--summary", "x", "--at", "2999-01-01"),
            "`occurred_at`",
        ),
        (("event", INCIDENT, "--kind", "rumour", "--summary", "x"), "`kind`: 'rumour'"),
        (("board", "--level", "high"), "`level`: 'high'"),
    ],
)
def test_bad_input_exits_2_naming_the_field_and_writes_nothing(
    cli: Cli,
    fresh_url: str,
    fresh_toolbox: Toolbox,
    arguments: tuple[str, ...],
    message: str,
) -> None:
    before = _events(fresh_toolbox)
    result = cli(fresh_url, "situation", *arguments)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert _events(fresh_toolbox) == before


def test_the_api_records_and_reads_back_and_refuses_with_422_naming_the_field(
    api_writer: TestClient, fresh_client: TestClient, fresh_toolbox: Toolbox
) -> None:
    path = f"/api/v1/situation/incidents/{INCIDENT}"
    up = api_writer.post(
        f"{path}/level", json={"level": "technical", "reason": "CSIRTs Network convened."}
    )
    assert up.status_code == 201, up.text
    assert up.json()["direction"] == "escalation" and up.json()["recorded_by"] == "api-analyst"
    assert api_writer.post(f"{path}/status", json={"status": "confirmed"}).status_code == 201
    noted = api_writer.post(f"{path}/events", json={"kind": "notified", "summary": "Notified."})
    assert noted.status_code == 201, noted.text
    read = fresh_client.get(path).json()
    assert (read["status"], read["level"], read["total"]) == ("confirmed", "technical", 3)
    board = fresh_client.get("/api/v1/situation/board?state=FR").json()
    assert [r["slug"] for r in board["items"]] == [INCIDENT]
    assert fresh_client.get("/api/v1/situation/board?state=PL").json()["total"] == 0
    # A victim outside the EU is not a Member State the board can be narrowed to.
    assert fresh_client.get("/api/v1/situation/board?state=US").status_code == 422

    before = _events(fresh_toolbox)
    for body, field in (
        ({"level": "technical", "reason": "Again."}, "level"),
        ({"level": "operational", "reason": ""}, "reason"),
        ({"level": "operational", "reason": "x", "occurred_at": "2999-01-01"}, "occurred_at"),
        ({"level": "operational", "reason": "x", "tlp": "red"}, "tlp"),
    ):
        refused = api_writer.post(f"{path}/level", json=body)
        assert refused.status_code == 422, refused.text
        assert [e["field"] for e in refused.json()["errors"]] == [field]
    unknown = api_writer.post(
        "/api/v1/situation/incidents/atlantis/status", json={"status": "confirmed"}
    )
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "incident"
    assert _events(fresh_toolbox) == before
    assert fresh_client.get("/api/v1/situation/board?level=high").status_code == 422
    assert fresh_client.get("/api/v1/situation/incidents/atlantis").status_code == 404


def test_an_analyst_escalates_on_the_incident_page_and_the_board_shows_it(
    fresh_analyst: TestClient, fresh_toolbox: Toolbox
) -> None:
    page = f"/incidents/{INCIDENT}"
    before = fresh_analyst.get(page)
    assert 'id="situation"' in before.text and "Change the crisis level" in before.text
    posted = fresh_analyst.post(
        f"{page}/situation/level",
        data={
            "level": "strategic-political",
            "reason": "IPCR activated",
            "body": "council-ipcr",
            "csrf_token": form_token(fresh_analyst, page),
        },
        follow_redirects=False,
    )
    assert posted.status_code == 303 and posted.headers["location"].endswith("#situation")
    after = fresh_analyst.get(page).text
    assert "Escalation to strategic/political" in after and "IPCR activated" in after
    # The bodies convened at the level, and the one the escalation named.
    assert after.count("Council (IPCR arrangements)") >= 2
    assert "(Council (IPCR arrangements))" in after
    board = fresh_analyst.get("/situation?level=strategic-political")
    assert board.status_code == 200 and f'href="/incidents/{INCIDENT}#situation"' in board.text

    refused = fresh_analyst.post(
        f"{page}/situation/level",
        data={
            "level": "strategic-political",
            "reason": "Again",
            "csrf_token": form_token(fresh_analyst, page),
        },
    )
    assert refused.status_code == 422
    assert "already the incident" in refused.text and 'value="Again"' in refused.text
    assert _events(fresh_toolbox) == 1
    assert fresh_analyst.get("/situation?status=over").status_code == 422


def test_visitors_read_the_board_without_forms_or_cases(
    fresh_client: TestClient, fresh_toolbox: Toolbox
) -> None:
    fresh_toolbox.situation.set_status(INCIDENT, "confirmed", by=SYSTEM_USER)
    fresh_toolbox.cases.open([INCIDENT], by=SYSTEM_USER, title="Visible to members only")
    board = fresh_client.get("/situation")
    assert board.status_code == 200 and "WannaCry" in board.text
    assert "Open cases" not in board.text and "Visible to members only" not in board.text
    page = fresh_client.get(f"/incidents/{INCIDENT}").text
    assert "Confirmed" in page and "Change the crisis level" not in page
