"""A partner country's profile through `cdt capacity partner`, `GET /api/v1/capacity/partners/
{country}` and the page `/capacity/partners/{country}`: one profile, the same projects,
budget years and incidents everywhere; an unknown country refused (exit 2, 422); what lies
above the reader's clearance left out."""

from __future__ import annotations

import json

from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from tests_support import Cli
from web_support import TestClient


def test_one_profile_through_library_cli_api_and_page(
    cli: Cli, fresh_url: str, fresh_toolbox: Toolbox, fresh_client: TestClient
) -> None:
    profile = fresh_toolbox.capacity.partner_profile("UA", by=SYSTEM_USER)
    projects = [p.id for p in profile.projects]
    suffered = [i.incident.slug for i in profile.suffered]
    years = [[y.year, y.eur] for y in profile.budget.years]
    assert projects and suffered and years, "the bundled data profile Ukraine"

    result = cli(fresh_url, "capacity", "partner", "Ukraine", "--json")
    assert result.exit_code == 0, result.stderr
    printed = json.loads(result.stdout)
    response = fresh_client.get("/api/v1/capacity/partners/UA")
    assert response.status_code == 200, response.text
    answered = response.json()
    for document in (printed, answered):
        assert document["country"] == "UA" and not document["empty"]
        assert [p["id"] for p in document["projects"]] == projects
        assert [i["slug"] for i in document["incidents_suffered"]["items"]] == suffered
        assert [[y["year"], y["eur"]] for y in document["budget"]["years"]] == years
        assert document["incidents_suffered"]["highest_severity"] == (
            profile.highest_suffered.value if profile.highest_suffered else None
        )
        assert sum(document["cbm"]["statuses"].values()) == document["cbm"]["measures"]

    page = fresh_client.get("/capacity/partners/UA")
    assert page.status_code == 200
    assert all(f'href="/incidents/{slug}"' in page.text for slug in suffered)
    assert "<svg" in page.text and "budget per year (EUR)" in page.text
    table = cli(fresh_url, "capacity", "partner", "UA")
    assert table.exit_code == 0 and f"Budget {years[0][0]}:" in table.stdout


def test_the_register_and_the_cbm_page_link_to_the_profile(fresh_client: TestClient) -> None:
    assert 'href="/capacity/partners/RS"' in fresh_client.get("/capacity").text
    assert 'href="/capacity/partners/UA"' in fresh_client.get("/cbms/states/UA").text


def test_an_unknown_country_is_refused_everywhere(
    cli: Cli, fresh_url: str, fresh_client: TestClient
) -> None:
    result = cli(fresh_url, "capacity", "partner", "Atlantis")
    assert result.exit_code == 2 and "`country`: 'Atlantis'" in result.stderr
    response = fresh_client.get("/api/v1/capacity/partners/Atlantis")
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert (error["entity"], error["field"]) == ("partner profile", "country")
    assert fresh_client.get("/capacity/partners/Atlantis").status_code == 422


def test_a_profile_leaves_out_what_the_reader_may_not_read(
    fresh_toolbox: Toolbox, fresh_client: TestClient, api_writer: TestClient
) -> None:
    fresh_toolbox.capacity.add(
        by=SYSTEM_USER,
        title="Iceland restricted",
        funder="European Union",
        themes=["skills"],
        partner_countries=["IS"],
        sources=["https://example.org/is"],
        tlp="amber",
    )
    anonymous = fresh_client.get("/api/v1/capacity/partners/IS").json()
    assert anonymous["projects"] == [] and anonymous["empty"]
    assert "Iceland restricted" not in fresh_client.get("/capacity/partners/IS").text
    cleared = api_writer.get("/api/v1/capacity/partners/IS").json()
    assert [p["id"] for p in cleared["projects"]] == ["iceland-restricted"]
    assert cleared["budget"]["unbudgeted"] == ["iceland-restricted"]
