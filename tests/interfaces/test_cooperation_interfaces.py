"""The CBM tracker and the points of contact through `cdt`, `/api/v1` and the pages: one
library behind each, bad input refused with exit status 2 or HTTP 422 naming field, value and
reason, and nothing written."""

from __future__ import annotations

import json

import pytest

from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from tests_support import Cli
from web_support import TestClient

RECORD = "/api/v1/cbm-tracker/states/{state}/measures/{measure}"


def _history(toolbox: Toolbox, state: str = "FR") -> int:
    return len(toolbox.cbms.history(state, by=SYSTEM_USER))


def test_a_record_through_the_api_reads_back_everywhere(
    api_writer: TestClient, fresh_toolbox: Toolbox, fresh_url: str, cli: Cli
) -> None:
    body = {"status": "implemented", "evidence": "OSCE CBM 8 list", "date": "2025-06-01"}
    response = api_writer.post(RECORD.format(state="FR", measure="osce-cbm-8"), json=body)
    assert response.status_code == 200, response.text
    assert response.json()["recorded_by"] == "api-analyst"
    state = api_writer.get("/api/v1/cbm-tracker/states/France").json()
    assert {"measure_id": "OSCE-CBM-8", "status": "implemented"} in state["measures"]
    matrix = api_writer.get("/api/v1/cbm-tracker/matrix?framework=osce").json()
    row = next(r for r in matrix["rows"] if r["state"] == "FR")
    assert row["statuses"][matrix["measure_ids"].index("OSCE-CBM-8")] == "implemented"
    result = cli(fresh_url, "cbms", "status", "FR", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["records"][0]["evidence"]["document"] == "OSCE CBM 8 list"
    exported = cli(fresh_url, "cbms", "export", "--framework", "osce")
    assert "FR,OSCE-CBM-8,osce,implemented,OSCE CBM 8 list,2025-06-01" in exported.stdout


@pytest.mark.parametrize(
    ("state", "measure", "body", "field", "value"),
    [
        ("Atlantis", "OSCE-CBM-8", {"status": "planned"}, "state", "Atlantis"),
        ("FR", "OSCE-CBM-99", {"status": "planned"}, "measure", "OSCE-CBM-99"),
        ("FR", "OSCE-CBM-8", {"status": "done"}, "status", "done"),
        (
            "FR",
            "OSCE-CBM-8",
            {"status": "planned", "evidence": "Note", "date": "01/06/2025"},
            "date",
            "01/06/2025",
        ),
    ],
)
def test_bad_input_answers_422_with_field_value_reason_and_writes_nothing(
    api_writer: TestClient,
    fresh_toolbox: Toolbox,
    state: str,
    measure: str,
    body: dict[str, str],
    field: str,
    value: str,
) -> None:
    response = api_writer.post(RECORD.format(state=state, measure=measure), json=body)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert (error["field"], error["value"]) == (field, value) and error["reason"]
    assert _history(fresh_toolbox) == 0


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("cbms", "record", "XX", "OSCE-CBM-8", "--status", "planned"), "`state`: 'XX'"),
        (("cbms", "record", "FR", "CBM-8", "--status", "planned"), "`measure`: 'CBM-8'"),
        (("cbms", "record", "FR", "OSCE-CBM-8", "--status", "ok"), "`status`: 'ok'"),
        (
            ("cbms", "record", "FR", "OSCE-CBM-8", "--status", "planned", "--evidence", "x",
             "--date", "2025-02-30"),
            "`date`: '2025-02-30'",
        ),
    ],
)  # fmt: skip
def test_bad_input_exits_2_naming_the_field_and_writes_nothing(
    cli: Cli, fresh_url: str, fresh_toolbox: Toolbox, arguments: tuple[str, ...], message: str
) -> None:
    result = cli(fresh_url, *arguments)
    assert result.exit_code == 2
    assert message in result.stderr
    assert _history(fresh_toolbox) == 0


def test_a_communication_check_through_the_cli_and_the_api(
    cli: Cli, fresh_url: str, api_writer: TestClient
) -> None:
    opened = cli(fresh_url, "pocs", "check-round", "open", "eu-csirts-network", "2026 Q4")
    assert opened.exit_code == 0, opened.stderr
    again = api_writer.post(
        "/api/v1/poc-check-rounds", json={"network": "eu-csirts-network", "title": "2026 Q4"}
    )
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "title"
    twice = cli(fresh_url, "pocs", "check-round", "open", "eu-csirts-network", "2026 Q4")
    assert twice.exit_code == 2 and "`title`: '2026 Q4'" in twice.stderr
    round_id = "eu-csirts-network-2026-q4"
    early = cli(
        fresh_url, "pocs", "check-round", "ack", round_id, "at-cert-at", "--at", "2026-11-02T10:00"
    )
    assert early.exit_code == 2 and "before the check was sent" in early.stderr
    for step, at in (("sent", "2026-11-02T09:00"), ("ack", "2026-11-02T09:45")):
        done = cli(fresh_url, "pocs", "check-round", step, round_id, "at-cert-at", "--at", at)
        assert done.exit_code == 0, done.stderr
    step = {"poc_id": "be-cert-be", "at": "2026-11-02T09:00:00+00:00"}
    assert api_writer.post(f"/api/v1/poc-check-rounds/{round_id}/sent", json=step).is_success
    late = {"poc_id": "be-cert-be", "at": "2026-11-02T08:00:00+00:00"}
    refused = api_writer.post(f"/api/v1/poc-check-rounds/{round_id}/acknowledgements", json=late)
    assert refused.status_code == 422
    report = json.loads(cli(fresh_url, "pocs", "check-round", "report", round_id, "--json").stdout)
    assert report["overall"] == {
        "sent": 2,
        "acknowledged": 1,
        "response_rate": 0.5,
        "median_seconds": 2700.0,
        "p95_seconds": 2700.0,
    }
    assert (
        api_writer.get(f"/api/v1/poc-check-rounds/{round_id}").json()["overall"]
        == (report["overall"])
    )


def test_the_pages_show_the_matrix_a_state_the_directory_and_a_round(
    fresh_toolbox: Toolbox, fresh_client: TestClient
) -> None:
    fresh_toolbox.cbms.record("DE", "OSCE-CBM-3", status="partial", by=SYSTEM_USER)
    matrix = fresh_client.get("/cbms/matrix?framework=osce&region=Europe")
    assert matrix.status_code == 200
    assert "cbm-status--partial" in matrix.text and "Not reported" in matrix.text
    assert "United States" not in matrix.text
    assert fresh_client.get("/cbms/matrix?framework=nato").status_code == 422
    germany = fresh_client.get("/cbms/states/DE")
    assert germany.status_code == 200 and "OSCE-CBM-3" in germany.text
    assert "unconfirmed" in germany.text  # the UN's global CBMs are paraphrases
    check = fresh_toolbox.pocs.open_round("eu-csirts-network", "Pages", by=SYSTEM_USER)
    directory = fresh_client.get("/pocs?stale=1")
    assert "CERT.at" in directory.text and "not verified within a year" in directory.text
    # The EU has a contact (CERT-EU) but no country code, hence no tracker page to link to.
    everyone = fresh_client.get("/pocs").text
    assert "CERT-EU" in everyone and 'href="/cbms/states/EU"' not in everyone
    page = fresh_client.get(f"/pocs/rounds/{check.id}")
    assert page.status_code == 200 and "Response rate" in page.text
    csv = fresh_client.get("/cbms/export.csv")
    assert csv.headers["content-type"].startswith("text/csv")
    assert "DE,OSCE-CBM-3,osce,partial" in csv.text


def test_the_reference_page_lists_all_four_frameworks(client: TestClient) -> None:
    page = client.get("/cbms").text
    for name in ("OSCE", "ASEAN Regional Forum", "OAS/CICTE", "UN OEWG"):
        assert name in page
    assert "UN-CBM-1" in page and "unconfirmed" in page
