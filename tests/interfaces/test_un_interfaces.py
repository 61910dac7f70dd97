"""The UN process register through `cdt un`, `/api/v1/un` and the pages: one library behind
each, bad input refused with exit status 2 or HTTP 422 naming field, value and reason, and
nothing written."""

from __future__ import annotations

import json

import pytest

from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from tests_support import Cli
from web_support import TestClient

SESSION = "oewg-2021-2025-8"
DOCUMENT = "a-ac-292-2024-crp-1"


def _written(toolbox: Toolbox) -> tuple[int, int, int]:
    un = toolbox.un_process
    positions = sum(
        len(p.positions)
        for document in un.documents(by=SYSTEM_USER)
        for p in un.positions(document.id, by=SYSTEM_USER).paragraphs
    )
    return len(un.documents(by=SYSTEM_USER)), positions, len(un.statements(by=SYSTEM_USER))


def _draft(toolbox: Toolbox) -> None:
    toolbox.un_process.add_document(
        SESSION,
        kind="apr-draft",
        title="REV1 draft Annual Progress Report",
        dated="2024-07-01",
        symbol="A/AC.292/2024/CRP.1",
        by=SYSTEM_USER,
    )
    toolbox.un_process.add_paragraph(
        DOCUMENT,
        "12",
        text="States expressed concern about ransomware.",
        pillar="threats",
        by=SYSTEM_USER,
    )


def test_a_document_recorded_through_the_cli_and_the_api_reads_back_everywhere(
    cli: Cli, fresh_url: str, api_writer: TestClient
) -> None:
    added = cli(
        fresh_url,
        "un",
        "document",
        "add",
        SESSION,
        "--kind",
        "apr-draft",
        "--title",
        "REV1 draft",
        "--date",
        "2024-07-01",
        "--symbol",
        "A/AC.292/2024/CRP.1",
    )
    assert added.exit_code == 0, added.stderr
    body = {"number": "12", "text": "Ransomware.", "pillar": "threats"}
    paragraph = api_writer.post(f"/api/v1/un/documents/{DOCUMENT}/paragraphs", json=body)
    assert paragraph.status_code == 200, paragraph.text
    stance = {
        "paragraph": "12",
        "party": "EU",
        "stance": "support-with-amendments",
        "wording": "add 'commercial intrusion'",
    }
    position = api_writer.post(f"/api/v1/un/documents/{DOCUMENT}/positions", json=stance)
    assert position.status_code == 200, position.text
    assert position.json()["recorded_by"] == "api-analyst"
    recorded = cli(
        fresh_url,
        "un",
        "position",
        "record",
        DOCUMENT,
        "12",
        "Germany",
        "--stance",
        "oppose",
        "--date",
        "2024-07-09",
    )
    assert recorded.exit_code == 0, recorded.stderr
    shown = json.loads(cli(fresh_url, "un", "positions", DOCUMENT, "--json").stdout)
    assert [p["party"] for p in shown["paragraphs"][0]["positions"]] == ["EU", "DE"]
    read = api_writer.get(f"/api/v1/un/documents/{DOCUMENT}").json()
    assert read["paragraphs"] == shown["paragraphs"]
    statement = {
        "session": SESSION,
        "party": "EU",
        "date": "2024-07-08",
        "title": "Threats",
        "url": "https://eeas.europa.eu/x",
        "aligned": ["UA"],
    }
    assert api_writer.post("/api/v1/un/statements", json=statement).status_code == 200
    session = json.loads(cli(fresh_url, "un", "session", SESSION, "--json").stdout)
    assert [d["id"] for d in session["documents"]] == [DOCUMENT]
    assert session["statements"][0]["aligned"] == ["UA"]
    assert api_writer.get(f"/api/v1/un/sessions/{SESSION}").json() == session
    pillars = json.loads(cli(fresh_url, "un", "pillars", "--json").stdout)["items"]
    assert pillars == api_writer.get("/api/v1/un/pillars").json()["items"]
    assert [p["id"] for p in pillars][-1] == "rid" and len(pillars) == 6
    processes = api_writer.get("/api/v1/un/processes").json()["items"]
    assert processes[-1]["id"] == "global-mechanism" and processes[-1]["confirmed"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            (
                "un",
                "document",
                "add",
                "oewg-99",
                "--kind",
                "other",
                "--title",
                "T",
                "--date",
                "2024-07-01",
            ),
            "`session`: 'oewg-99'",
        ),
        (("un", "paragraph", "add", DOCUMENT, "12", "--text", "Again"), "`number`: '12'"),
        (
            ("un", "position", "record", DOCUMENT, "12", "US", "--stance", "support"),
            "`party`: 'US'",
        ),
        (
            ("un", "position", "record", DOCUMENT, "12", "EU", "--stance", "abstain"),
            "`stance`: 'abstain'",
        ),
        (
            ("un", "position", "record", "a-79-1", "12", "EU", "--stance", "support"),
            "`document`: 'a-79-1'",
        ),
        (
            (
                "un",
                "statement",
                "add",
                SESSION,
                "--party",
                "EU",
                "--date",
                "2024-07-15",
                "--title",
                "T",
            ),
            "outside the session",
        ),
        (
            (
                "un",
                "statement",
                "add",
                SESSION,
                "--party",
                "EU",
                "--date",
                "8 July 2024",
                "--title",
                "T",
            ),
            "`date`: '8 July 2024'",
        ),
    ],
)
def test_bad_input_exits_2_naming_the_field_and_writes_nothing(
    cli: Cli, fresh_url: str, fresh_toolbox: Toolbox, arguments: tuple[str, ...], message: str
) -> None:
    _draft(fresh_toolbox)
    before = _written(fresh_toolbox)
    result = cli(fresh_url, *arguments)
    assert result.exit_code == 2, result.stderr
    assert message in result.stderr
    assert _written(fresh_toolbox) == before


@pytest.mark.parametrize(
    ("path", "body", "field", "value"),
    [
        (
            "/api/v1/un/documents",
            {"session": SESSION, "kind": "memo", "title": "T", "date": "2024-07-01"},
            "kind",
            "memo",
        ),
        (
            "/api/v1/un/documents",
            {"session": SESSION, "kind": "other", "title": "T", "date": "2024-07-32"},
            "date",
            "2024-07-32",
        ),
        (
            f"/api/v1/un/documents/{DOCUMENT}/positions",
            {"paragraph": "12", "party": "CH", "stance": "support"},
            "party",
            "CH",
        ),
        (
            f"/api/v1/un/documents/{DOCUMENT}/positions",
            {"paragraph": "12", "party": "EU", "stance": "maybe"},
            "stance",
            "maybe",
        ),
        (
            "/api/v1/un/statements",
            {"session": SESSION, "party": "EU", "date": "2024-07-13", "title": "T"},
            "date",
            "2024-07-13",
        ),
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
    _draft(fresh_toolbox)
    before = _written(fresh_toolbox)
    response = api_writer.post(path, json=body)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert (error["field"], error["value"]) == (field, value) and error["reason"]
    assert _written(fresh_toolbox) == before


def test_the_pages_show_the_processes_and_a_document_with_its_positions(
    fresh_toolbox: Toolbox, fresh_client: TestClient
) -> None:
    _draft(fresh_toolbox)
    un = fresh_toolbox.un_process
    un.record_position(DOCUMENT, "12", "FR", stance="reserve", by=SYSTEM_USER)
    un.record_position(
        DOCUMENT,
        "12",
        "EU",
        stance="support-with-amendments",
        wording="add 'ransomware'",
        by=SYSTEM_USER,
    )
    un.record_position(DOCUMENT, "12", "AT", stance="oppose", tlp="amber", by=SYSTEM_USER)
    restricted = un.add_document(
        SESSION, kind="other", title="Non-paper", dated="2024-07-02", tlp="amber", by=SYSTEM_USER
    )
    un.add_statement(
        SESSION,
        party="EU",
        dated="2024-07-08",
        title="EU statement on threats",
        url="https://eeas.europa.eu/x",
        pillar="threats",
        by=SYSTEM_USER,
    )
    index = fresh_client.get("/un")
    assert index.status_code == 200
    assert "European Union" in index.text and "(Existing and potential threats)" in index.text
    assert "1 statement" in index.text
    assert "Global Mechanism" in index.text and "A/RES/75/240" in index.text
    assert "not confirmed" in index.text  # the PoA resolution numbers, the 2nd session's dates
    assert f'href="/un/documents/{DOCUMENT}"' in index.text
    assert restricted.id not in index.text
    page = fresh_client.get(f"/un/documents/{DOCUMENT}")
    assert page.status_code == 200
    text = page.text
    assert "Paragraph 12" in text and "Existing and potential threats" in text
    assert "draft Annual Progress Report of" in text and "reservation" in text
    assert text.index("European Union") < text.index("France")
    assert "add &#39;ransomware&#39;" in text
    assert "Austria" not in text  # TLP:AMBER, above an anonymous reader's clearance
    assert fresh_client.get(f"/un/documents/{restricted.id}").status_code == 404
