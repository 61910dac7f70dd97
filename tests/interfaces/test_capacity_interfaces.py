"""The capacity-building register through `cdt capacity`: the bundled projects after init,
a project added and read back, the gaps query, and bad input refused with exit status 2
naming the field and writing nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from account_support import form_token, sign_in
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.model.vocabulary import SeverityLevel
from cdtoolbox.toolbox import Settings, Toolbox
from tests_support import Cli, add_user
from web_support import TestClient


def test_init_loads_the_bundled_projects_which_list_and_show(cli: Cli, fresh_url: str) -> None:
    listed = json.loads(
        cli(fresh_url, "capacity", "list", "--region", "western-balkans", "--json").stdout
    )
    ids = {item["id"] for item in listed["items"]}
    assert {"iproceeds-2", "cybersee"} <= ids and listed["total"] == len(ids)
    shown = cli(fresh_url, "capacity", "show", "iproceeds-2")
    assert shown.exit_code == 0, shown.stderr
    assert "4,945,000" in shown.stdout and "E-evidence" in shown.stdout
    table = cli(fresh_url, "capacity", "list", "--theme", "cyber-diplomacy")
    assert table.exit_code == 0 and "eu-cyber-direct" in table.stdout


def test_a_project_added_reads_back_and_closes_its_gap(
    cli: Cli, fresh_url: str, fresh_toolbox: Toolbox
) -> None:
    def skills_gaps() -> list[str]:
        result = cli(fresh_url, "capacity", "gaps", "--theme", "skills", "--json")
        assert result.exit_code == 0, result.stderr
        return [item["state"] for item in json.loads(result.stdout)["items"]]

    before = skills_gaps()
    assert before, "the bundled incidents leave States without a skills project"
    state = before[0]
    added = cli(
        fresh_url,
        "capacity",
        "add",
        "--title",
        "Cyber skills academy",
        "--funder",
        "European Union",
        "--theme",
        "skills",
        "--partner",
        state,
        "--budget",
        "250000",
        "--starts-on",
        "2026-01-01",
        "--status",
        "ongoing",
        "--source",
        "https://example.org/academy",
        "--json",
    )
    assert added.exit_code == 0, added.stderr
    assert json.loads(added.stdout)["partner_countries"] == [state]
    assert state not in skills_gaps()
    gaps = cli(fresh_url, "capacity", "gaps", "--region", "eastern-partnership", "--json")
    assert gaps.exit_code == 0, gaps.stderr
    items = json.loads(gaps.stdout)["items"]
    assert items, "the bundled incidents leave an Eastern Partnership State uncovered"
    for gap in items:
        assert gap["incidents"] > 0 and gap["worst"] in {level.value for level in SeverityLevel}
        assert gap["reason"].startswith(f"{gap['incidents']} incident")
    table = cli(fresh_url, "capacity", "gaps", "--region", "eastern-partnership")
    assert table.exit_code == 0 and "Highest severity" in table.stdout


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--budget", "-5"), "`budget_eur`: -5"),
        (("--starts-on", "2026-05-01", "--ends-on", "2026-01-01"), "`ends_on`: '2026-01-01'"),
        (("--theme", "gardening"), "`themes`: 'gardening'"),
        (("--partner", "Atlantis"), "`partner_countries`: 'Atlantis'"),
        (("--region", "narnia"), "`region`: 'narnia'"),
    ],
)
def test_bad_input_exits_2_naming_the_field_and_writes_nothing(
    cli: Cli, fresh_url: str, fresh_toolbox: Toolbox, arguments: tuple[str, ...], message: str
) -> None:
    before = len(fresh_toolbox.capacity.list(by=SYSTEM_USER))
    base = ("--title", "Bad project", "--funder", "EU", "--source", "https://example.org/x")
    theme = () if "--theme" in arguments else ("--theme", "skills")
    partner = () if {"--partner", "--region"} & set(arguments) else ("--partner", "GE")
    result = cli(fresh_url, "capacity", "add", *base, *theme, *partner, *arguments)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert len(fresh_toolbox.capacity.list(by=SYSTEM_USER)) == before


def test_the_gaps_query_refuses_an_unknown_region_or_theme(cli: Cli, fresh_url: str) -> None:
    assert cli(fresh_url, "capacity", "gaps", "--region", "narnia").exit_code == 2
    result = cli(fresh_url, "capacity", "gaps", "--theme", "gardening")
    assert result.exit_code == 2 and "`theme`: 'gardening'" in result.stderr


def test_cdt_capacity_export_then_import_round_trips(
    cli: Cli, fresh_url: str, tmp_path: Path
) -> None:
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    with Toolbox(Settings(empty)) as toolbox:
        toolbox.database.migrate()
    exported = tmp_path / "activities.xml"
    result = cli(
        fresh_url,
        "capacity",
        "export",
        "--reporting-org",
        "XI-EXAMPLE",
        "--reporting-name",
        "Example",
        "--output",
        str(exported),
    )
    assert result.exit_code == 0, result.stderr
    assert "Left out: esiwa-plus (no start date), glacy-e (no start date)." in result.stderr
    imported = cli(empty, "capacity", "import", str(exported))
    assert imported.exit_code == 0, imported.stderr
    assert "Imported 14 projects" in imported.stdout
    again = tmp_path / "again.xml"
    cli(
        empty,
        "capacity",
        "export",
        "--reporting-org",
        "XI-EXAMPLE",
        "--reporting-name",
        "Example",
        "--output",
        str(again),
    )
    assert again.read_bytes() == exported.read_bytes()


def test_a_hostile_or_oversized_iati_file_exits_2_writing_nothing(
    cli: Cli, fresh_url: str, fresh_toolbox: Toolbox, tmp_path: Path
) -> None:
    before = len(fresh_toolbox.capacity.list(by=SYSTEM_USER))
    huge = tmp_path / "huge.xml"
    with huge.open("wb") as file:
        file.truncate(100 * 1024 * 1024)  # sparse: 100 MB on paper, nothing on disk
    result = cli(fresh_url, "capacity", "import", str(huge))
    assert result.exit_code == 2 and "`size`: 104857600" in result.stderr
    external = tmp_path / "external.xml"
    external.write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        "<iati-activities version='2.03'><iati-activity>&e;</iati-activity></iati-activities>"
    )
    result = cli(fresh_url, "capacity", "import", str(external))
    assert result.exit_code == 2 and "`DOCTYPE`" in result.stderr
    assert "root:" not in result.stderr + result.stdout
    assert len(fresh_toolbox.capacity.list(by=SYSTEM_USER)) == before


def test_a_project_posted_to_the_api_reads_back_on_the_page_and_in_the_gaps(
    api_writer: TestClient, fresh_client: TestClient
) -> None:
    body = {
        "title": "Cyber skills for Serbia",
        "funder": "European Union",
        "themes": ["skills"],
        "partner_countries": ["Serbia"],
        "budget_eur": 250000,
        "starts_on": "2026-01-01",
        "sources": ["https://example.org/rs"],
    }
    response = api_writer.post("/api/v1/capacity/projects", json=body)
    assert response.status_code == 201, response.text
    assert response.json()["recorded_by"] == "api-analyst"
    read = api_writer.get("/api/v1/capacity/projects/cyber-skills-for-serbia").json()
    assert read["partner_countries"] == ["RS"] and read["budget_eur"] == 250000
    listed = api_writer.get("/api/v1/capacity/projects?region=western-balkans&theme=skills")
    assert [p["id"] for p in listed.json()["items"]] == ["cyber-skills-for-serbia"]
    gaps = api_writer.get("/api/v1/capacity/gaps?theme=skills").json()["items"]
    assert "RS" not in {g["state"] for g in gaps}
    page = fresh_client.get("/capacity?region=western-balkans")
    assert page.status_code == 200
    assert "Cyber skills for Serbia" in page.text and 'id="gaps"' in page.text
    assert fresh_client.get("/capacity?region=narnia").status_code == 422


@pytest.mark.parametrize(
    ("change", "field", "value"),
    [
        ({"budget_eur": -1}, "budget_eur", -1),
        ({"starts_on": "2026-05-01", "ends_on": "2026-01-01"}, "ends_on", "2026-01-01"),
        ({"partner_countries": ["Atlantis"]}, "partner_countries", "Atlantis"),
        ({"region": "narnia"}, "region", "narnia"),
    ],
)
def test_bad_input_answers_422_naming_the_field_and_writes_nothing(
    api_writer: TestClient,
    fresh_toolbox: Toolbox,
    change: dict[str, object],
    field: str,
    value: object,
) -> None:
    before = len(fresh_toolbox.capacity.list(by=SYSTEM_USER))
    body = {
        "title": "Bad project",
        "funder": "EU",
        "themes": ["skills"],
        "partner_countries": ["GE"],
        "sources": ["https://example.org/x"],
        **change,
    }
    response = api_writer.post("/api/v1/capacity/projects", json=body)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert (error["field"], error["value"]) == (field, value)
    assert len(fresh_toolbox.capacity.list(by=SYSTEM_USER)) == before


def test_the_gaps_page_draws_the_map_and_chart_beside_the_table(
    fresh_client: TestClient, fresh_toolbox: Toolbox
) -> None:
    gaps = fresh_toolbox.capacity.gaps(region="eastern-partnership", by=SYSTEM_USER)
    assert gaps, "the bundled incidents leave an Eastern Partnership State uncovered"
    page = fresh_client.get("/capacity/gaps?region=eastern-partnership")
    assert page.status_code == 200, page.text[:300]
    # The table holds every gap, gravest first, with the reason in words.
    rows = page.text.split('id="gaps"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert rows.count("<tr") == len(gaps)
    assert gaps[0].reason in rows and rows.index(gaps[0].reason) < rows.index("</tr>")
    # The map links each State to the incidents behind its gravest gap, with a tooltip.
    worst = gaps[0]
    assert f'<a href="/incidents?victim_country={worst.state}"' in page.text
    assert 'class="report-chart report-map"' in page.text and "<title>" in page.text
    assert "States with a gap, per theme" in page.text
    assert fresh_client.get(f"/incidents?victim_country={worst.state}").status_code == 200
    assert fresh_client.get("/capacity/gaps?region=narnia").status_code == 422
    assert fresh_client.get("/capacity/gaps?theme=gardening").status_code == 422
    none = fresh_client.get("/capacity/gaps?region=eastern-partnership&theme=national-strategy")
    assert none.status_code == 200


def test_the_gaps_page_shows_a_reader_only_what_their_clearance_covers(
    fresh_client: TestClient, fresh_toolbox: Toolbox
) -> None:
    fresh_toolbox.incidents.add(
        [
            {
                "title": "Amber intrusion in Peru",
                "start": "2024-03",
                "types": ["espionage"],
                "summary": "An intrusion into a ministry.",
                "victims": {"countries": ["PE"], "sectors": ["government"]},
                "sources": [{"title": "Report", "url": "https://example.org/report"}],
                "tlp": "amber",
            }
        ],
        source="tests",
        by=SYSTEM_USER,
    )
    assert "PE" in {g.state for g in fresh_toolbox.capacity.gaps(by=SYSTEM_USER)}
    page = fresh_client.get("/capacity/gaps")  # anonymous: TLP:CLEAR only
    assert page.status_code == 200
    assert "victim_country=PE" not in page.text and "Peru" not in page.text


def test_cdt_capacity_import_reads_a_handwritten_file_with_dac_sectors(
    cli: Cli, fresh_url: str
) -> None:
    handwritten = Path(__file__).parents[1] / "data" / "iati" / "handwritten-activity.xml"
    result = cli(fresh_url, "capacity", "import", str(handwritten))
    assert result.exit_code == 0, result.stderr
    assert "Imported 2 projects" in result.stdout
    assert "Warning: cyb-002 has no theme" in result.stderr
    shown = cli(fresh_url, "capacity", "show", "cyb-001", "--json")
    assert json.loads(shown.stdout)["themes"] == [
        "cybercrime-law",
        "e-evidence",
        "national-strategy",
    ]


def test_cdt_capacity_import_reads_an_activity_after_the_published_2_03_example(
    cli: Cli, fresh_url: str, tmp_path: Path
) -> None:
    example = Path(__file__).parents[1] / "data" / "iati" / "example-2.03-activity.xml"
    bad = tmp_path / "bad.xml"
    bad.write_bytes(example.read_bytes().replace(b'vocabulary="2" code="111"', b'code="111"', 1))
    result = cli(fresh_url, "capacity", "import", str(bad))
    # Without a vocabulary, a sector is in the DAC 5-digit list, where 111 is no code.
    assert result.exit_code == 2
    assert "AA-AAA-123456789-CYB-LAC-01" in result.stderr and "sector/@code" in result.stderr
    assert "IATI Sector codelist" in result.stderr
    result = cli(fresh_url, "capacity", "import", str(example))
    assert result.exit_code == 0, result.stderr
    assert "Imported 1 project" in result.stdout
    assert "Warning: cyb-lac-01 has no theme" in result.stderr
    shown = json.loads(cli(fresh_url, "capacity", "show", "cyb-lac-01", "--json").stdout)
    assert shown["region"] == "latin-america-caribbean" and shown["themes"] == []
    assert "Recipient region 489 (South America, regional; OECD DAC)." in shown["note"]


def _upload_iati(client: TestClient, name: str, content: bytes) -> tuple[int, str]:
    response = client.post(
        "/capacity/import",
        files={"file": (name, content, "application/xml")},
        data={"csrf_token": form_token(client, "/capacity/import")},
    )
    return response.status_code, response.text


def test_an_iati_file_uploaded_on_the_page_imports_and_a_bad_one_writes_nothing(
    fresh_analyst: TestClient, fresh_toolbox: Toolbox
) -> None:
    handwritten = Path(__file__).parents[1] / "data" / "iati" / "handwritten-activity.xml"
    before = len(fresh_toolbox.capacity.list(by=SYSTEM_USER))
    bad = handwritten.read_bytes().replace(b'code="GE" percentage="40"', b'code="QQ"', 1)
    bad = bad.replace(b'code="15210"', b'code="99999"', 1)
    status, page = _upload_iati(fresh_analyst, "bad.xml", bad)
    assert status == 422 and "Nothing was imported" in page
    # The reader stops at an activity's first problem: the sector code, naming its codelist.
    assert "AA-AAA-123456789-CYB-001" in page and "sector/@code" in page
    assert "99999" in page and "IATI Sector codelist" in page
    assert len(fresh_toolbox.capacity.list(by=SYSTEM_USER)) == before
    status, page = _upload_iati(fresh_analyst, "handwritten-activity.xml", handwritten.read_bytes())
    assert status == 200, page[:500]
    assert "2 projects imported from handwritten-activity.xml" in page
    assert "Cyber resilience and cybercrime justice for Moldova and Georgia" in page
    assert "No theme:" in page
    assert len(fresh_toolbox.capacity.list(by=SYSTEM_USER)) == before + 2
    listed = fresh_analyst.get("/capacity").text
    assert "cyb-001" in listed and 'href="/capacity/import"' in listed


def test_the_iati_upload_is_for_analysts_with_a_form_token(
    fresh_client: TestClient, fresh_toolbox: Toolbox
) -> None:
    page = fresh_client.get("/capacity/import", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    token = form_token(fresh_client)
    files = {"file": ("a.xml", b"<iati-activities/>", "application/xml")}
    response = fresh_client.post("/capacity/import", files=files, data={"csrf_token": token})
    assert response.status_code == 401
    assert 'href="/capacity/import"' not in fresh_client.get("/capacity").text
    add_user(fresh_toolbox, "analyst", Role.ANALYST)
    sign_in(fresh_client, "analyst")
    response = fresh_client.post(
        "/capacity/import", files={"file": ("a.xml", b"<iati-activities/>", "application/xml")}
    )
    assert response.status_code == 403  # no form token
    status, page = _upload_iati(fresh_client, "empty.xml", b"")
    assert status == 422 and "not well-formed" in page
