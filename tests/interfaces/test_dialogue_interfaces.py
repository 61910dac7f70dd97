"""The dialogues register through `cdt`, `/api/v1` and the pages, and the assessment's
escalation risk and channels in `cdt assess` and on the incident page: one library behind
each, bad input refused with exit status 2 or HTTP 422 naming field, value and reason, and
nothing written."""

from __future__ import annotations

import json

import pytest

from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from tests_support import Cli
from web_support import TestClient

UK = "eu-gb-cyber-dialogue"


def _version(toolbox: Toolbox, dialogue_id: str = UK) -> int:
    return toolbox.dialogues.get(dialogue_id, by=SYSTEM_USER).version


def test_a_round_through_the_api_reads_back_in_the_cli_and_on_the_page(
    api_writer: TestClient,
    fresh_toolbox: Toolbox,
    fresh_url: str,
    cli: Cli,
    fresh_client: TestClient,
) -> None:
    body = {"held_on": "2026-11-20", "number": 4, "place": "London", "tlp": "amber"}
    response = api_writer.post(f"/api/v1/dialogues/{UK}/rounds", json=body)
    assert response.status_code == 201, response.text
    assert response.json()["rounds"][-1]["recorded_by"] == "api-analyst"
    shown = json.loads(cli(fresh_url, "dialogues", "show", UK, "--json").stdout)
    assert [r["number"] for r in shown["rounds"]] == [1, 2, 3, 4]
    listed = api_writer.get("/api/v1/dialogues?partner=United Kingdom").json()
    assert [d["id"] for d in listed["items"]] == [UK]
    # An anonymous reader (TLP:CLEAR) sees the three public rounds and a count of the fourth.
    page = fresh_client.get(f"/dialogues/{UK}")
    assert page.status_code == 200 and "3rd round, Brussels" in page.text
    assert "London, 2026-11-20" not in page.text and "1 round above your clearance" in page.text
    register = fresh_client.get("/dialogues?kind=bilateral")
    assert register.status_code == 200 and "EU-China cyber dialogue" in register.text
    assert "not confirmed" in register.text
    assert "North Atlantic Treaty Organization" not in register.text


@pytest.mark.parametrize(
    ("path", "body", "field", "value"),
    [
        (f"/api/v1/dialogues/{UK}/rounds", {"held_on": "2025-12-09"}, "held_on", "2025-12-09"),
        (f"/api/v1/dialogues/{UK}/rounds", {"held_on": "09/12/2026"}, "held_on", "09/12/2026"),
        (f"/api/v1/dialogues/{UK}", {"status": "frozen"}, "status", "frozen"),
        (f"/api/v1/dialogues/{UK}", {"next_meeting": "2025-01-01"}, "next_meeting", "2025-01-01"),
    ],
)
def test_bad_input_answers_422_with_field_value_reason_and_writes_nothing(
    api_writer: TestClient,
    fresh_toolbox: Toolbox,
    path: str,
    body: dict[str, str],
    field: str,
    value: str,
) -> None:
    send = api_writer.post if path.endswith("rounds") else api_writer.patch
    response = send(path, json=body)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert (error["field"], error["value"]) == (field, value) and error["reason"]
    assert _version(fresh_toolbox) == 1


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("dialogues", "list", "--partner", "Atlantis"), "`partner`: 'Atlantis'"),
        (("dialogues", "update", UK, "--status", "frozen"), "`status`: 'frozen'"),
        (("dialogues", "update", UK, "--next-meeting", "2025-01-01"), "`next_meeting`"),
        (("dialogues", "add-round", UK, "--held-on", "2025-12-09"), "`held_on`: '2025-12-09'"),
        (("dialogues", "add-round", UK, "--held-on", "2026-02-30"), "`held_on`: '2026-02-30'"),
    ],
)
def test_bad_input_exits_2_naming_the_field_and_writes_nothing(
    cli: Cli, fresh_url: str, fresh_toolbox: Toolbox, arguments: tuple[str, ...], message: str
) -> None:
    result = cli(fresh_url, *arguments)
    assert result.exit_code == 2
    assert message in result.stderr
    assert _version(fresh_toolbox) == 1


def test_cdt_assess_shows_the_escalation_risk_and_the_channels(cli: Cli, fresh_url: str) -> None:
    result = cli(fresh_url, "assess", "viasat-ka-sat-2022")
    assert result.exit_code == 0, result.stderr
    assert "6. Escalation risk: HIGH" in result.stdout
    assert "the dialogue channel is unavailable" in result.stdout
    document = json.loads(cli(fresh_url, "assess", "viasat-ka-sat-2022", "--json").stdout)
    assert document["escalation"]["level"] == "high"
    assert document["cooperation"]["handles"][0]["reference"] == "OSCE-CBM-3"


def test_the_incident_page_shows_the_escalation_risk_and_the_channels(
    fresh_client: TestClient,
) -> None:
    page = fresh_client.get("/incidents/microsoft-exchange-2021")
    assert page.status_code == 200
    assert 'id="escalation"' in page.text and 'id="channels"' in page.text
    assert 'href="/dialogues/eu-cn-cyber-dialogue"' in page.text


def test_a_partnership_added_through_the_api_lists_in_the_cli(
    api_writer: TestClient, fresh_url: str, cli: Cli
) -> None:
    body = {
        "partner": "eu-cyber-direct",
        "partner_name": "EU Cyber Direct",
        "kind": "academia",
        "title": "EU Cyber Direct research exchanges",
    }
    response = api_writer.post("/api/v1/dialogues", json=body)
    assert response.status_code == 201, response.text
    again = api_writer.post("/api/v1/dialogues", json=body)
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "title"
    listed = cli(fresh_url, "dialogues", "list", "--kind", "academia", "--json")
    assert [d["partner_name"] for d in json.loads(listed.stdout)["items"]] == ["EU Cyber Direct"]
    refused = cli(fresh_url, "dialogues", "add", "Atlantis", "--title", "EU-Atlantis")
    assert refused.exit_code == 2 and "`partner`: 'Atlantis'" in refused.stderr
