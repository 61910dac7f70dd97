"""Numbers beyond what a field or a column holds are refused as input, never a 500.

Issue 11, finding 3: impact figures are range-checked when written; a figure an older version
stored anyway reads as unknown instead of failing every list; versions, sequence numbers and
limits beyond 64 bits are refused naming the parameter by the API and the command line.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from cdtoolbox.errors import ImportRejected, InvalidInput
from cdtoolbox.model import MAX_IMPACT_FIGURE, Impact
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from tests_support import Cli
from web_support import TestClient

HUGE = 10**30
DOCUMENT: dict[str, Any] = {"title": "Bounded", "start": "2020", "types": ["ransomware"]}


def _only_error(response: Any) -> dict[str, Any]:
    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    return dict(error)


def _bounded(client: TestClient) -> list[dict[str, Any]]:
    """The incidents this module added, read through the list (the bundled set is there too)."""
    listed = client.get("/api/v1/incidents", params={"limit": 1000})
    assert listed.status_code == 200, listed.text
    return [item for item in listed.json()["items"] if item["title"] == DOCUMENT["title"]]


@pytest.mark.parametrize(
    ("figure", "value"),
    [
        ("records_exposed", HUGE),
        ("people_affected", MAX_IMPACT_FIGURE + 1),
        ("financial_loss_usd", 1e300),
        ("outage_hours", -1),
    ],
)
def test_an_impact_figure_out_of_range_is_refused_naming_it(
    api_writer: TestClient, figure: str, value: float
) -> None:
    document = {**DOCUMENT, "impact": {figure: value}}
    error = _only_error(api_writer.post("/api/v1/incidents", json=document))
    assert error["field"] == f"impact.{figure}"
    assert _bounded(api_writer) == []


def test_the_largest_figure_is_stored_and_read_back(api_writer: TestClient) -> None:
    document = {**DOCUMENT, "impact": {"records_exposed": MAX_IMPACT_FIGURE}}
    assert api_writer.post("/api/v1/incidents", json=document).status_code == 201
    [item] = _bounded(api_writer)
    assert item["impact"]["records_exposed"] == MAX_IMPACT_FIGURE


def test_a_huge_figure_stored_by_an_older_version_reads_as_unknown(
    fresh_toolbox: Toolbox, api_writer: TestClient
) -> None:
    [incident] = fresh_toolbox.incidents.add([DOCUMENT], by=SYSTEM_USER).created
    older = replace(incident, impact=Impact(records_exposed=HUGE, systems_affected=12))
    with fresh_toolbox.database.transaction() as store:  # as a version without bounds wrote it
        store.incidents.update(older, expected_version=incident.version)

    [item] = _bounded(api_writer)
    assert item["impact"]["records_exposed"] is None
    assert item["impact"]["systems_affected"] == 12
    assert api_writer.get("/incidents/export.stix").status_code == 200


def test_csv_import_refuses_a_figure_beyond_the_bound(
    fresh_toolbox: Toolbox, tmp_path: Any
) -> None:
    sheet = tmp_path / "incidents.csv"
    sheet.write_text(f"title,start,types,records_exposed\nBig,2020,ransomware,{'9' * 40}\n")
    with pytest.raises(ImportRejected) as rejected:
        fresh_toolbox.incidents.import_csv(sheet, by=SYSTEM_USER)
    [error] = rejected.value.errors
    assert error.field == "records_exposed" and "too large" in error.reason


@pytest.mark.parametrize(
    ("headers", "body", "field"),
    [
        ({"If-Match": f'"{2**64}"'}, {}, "expected_version"),
        ({"If-Match": f'"{HUGE}"'}, {}, "If-Match"),
        ({"If-Match": f'"{"9" * 5000}"'}, {}, "If-Match"),
        ({}, {"expected_version": HUGE}, "expected_version"),
        ({}, {"expected_version": 2**63 - 1}, "expected_version"),
    ],
)
def test_a_version_beyond_64_bits_is_refused_naming_it(
    api_writer: TestClient, headers: dict[str, str], body: dict[str, Any], field: str
) -> None:
    created = api_writer.post("/api/v1/incidents", json=DOCUMENT).json()
    response = api_writer.patch(
        f"/api/v1/incidents/{created['slug']}",
        json={"changes": {"summary": "edited"}, **body},
        headers=headers,
    )
    assert _only_error(response)["field"] == field


@pytest.mark.parametrize(
    ("query", "field"), [(f"after_seq={HUGE}", "after_seq"), (f"after_seq={2**63}", "after_seq")]
)
def test_an_audit_position_beyond_64_bits_is_refused(
    api_writer: TestClient, query: str, field: str
) -> None:
    assert _only_error(api_writer.get(f"/api/v1/audit?{query}"))["field"] == field


def test_the_library_refuses_an_audit_limit_beyond_64_bits(fresh_toolbox: Toolbox) -> None:
    with pytest.raises(InvalidInput) as refused:
        fresh_toolbox.audit.entries(by=SYSTEM_USER, limit=HUGE)
    assert refused.value.field == "limit"


def test_the_command_line_refuses_huge_numbers_with_exit_2(cli: Cli, fresh_url: str) -> None:
    added = cli(
        fresh_url,
        "incidents",
        "add",
        "--title",
        "Bounded",
        "--start",
        "2020",
        "--type",
        "ransomware",
    )
    assert added.exit_code == 0, added.output
    edited = cli(
        fresh_url,
        "incidents",
        "edit",
        "bounded-2020",
        "--summary",
        "x",
        "--expected-version",
        str(HUGE),
    )
    assert edited.exit_code == 2 and "expected_version" in edited.output
    audit = cli(fresh_url, "audit", "log", "--after", str(HUGE))
    assert audit.exit_code == 2 and "after_seq" in audit.output


@pytest.mark.parametrize("page", ["²", "9" * 5000])
def test_odd_page_numbers_on_the_actors_page_are_refused(client: TestClient, page: str) -> None:
    assert client.get("/actors", params={"page": page}).status_code == 422


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"title": "Bad \\ud800", "start": "2020", "types": ["ransomware"]}', "title"),
        ('{"title": "Bad", "start": "2020", "types": ["ransomware"], "x\\ud800": 1}', "x\\ud800"),
    ],
)
def test_a_lone_surrogate_in_a_request_body_is_refused(
    api_writer: TestClient, body: str, field: str
) -> None:
    response = api_writer.post(
        "/api/v1/incidents", content=body, headers={"Content-Type": "application/json"}
    )
    error = _only_error(response)
    assert error["field"] == field
    assert _bounded(api_writer) == []
