"""The Reports page: the form, each report downloaded as the library renders it for the reader
(media type, file name), wrong values shown beside their fields (422), and an incident or a
case the reader may not read answered as one that does not exist (404)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cdtoolbox.interfaces.http.authentication import ANONYMOUS
from cdtoolbox.model import Tlp
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.report import ReportFormat, render_report
from cdtoolbox.toolbox import Toolbox
from web_support import TestClient


@pytest.fixture(scope="module")
def restricted(app_toolbox: Toolbox) -> Iterator[str]:
    incident = app_toolbox.incidents.add(
        [
            {
                "title": "A partner's amber report",
                "start": "2020-04-01",
                "types": ["espionage"],
                "victims": {"countries": ["MT"], "sectors": ["health"]},
                "tlp": "amber",
            }
        ],
        by=SYSTEM_USER,
    ).created[0]
    yield incident.slug


def test_the_page_offers_every_report_and_format(client: TestClient) -> None:
    page = client.get("/reports")
    assert page.status_code == 200
    for value in ("brief", "case", "annual", "un", "landscape", "pdf", "html", "md", "json"):
        assert f'value="{value}"' in page.text, value
    assert '<a href="/reports"' in page.text or 'href="/reports"' in page.text  # navigation


@pytest.mark.parametrize(
    ("query", "method", "arguments", "name"),
    [
        ("report=un&since=2020&format=json", "un_contribution", ("2020", None), "un-2020.json"),
        (
            "report=landscape&since=2019&until=2020&format=md",
            "landscape",
            ("2019", "2020"),
            "landscape-2019_2020.md",
        ),
        ("report=annual&since=2020&format=html", "annual", ("2020", None), "annual-2020.html"),
    ],
)
def test_a_report_of_a_period_is_the_librarys_document_for_the_reader(
    client: TestClient,
    app_toolbox: Toolbox,
    restricted: str,
    query: str,
    method: str,
    arguments: tuple[str, str | None],
    name: str,
) -> None:
    response = client.get(f"/reports?{query}")
    assert response.status_code == 200
    kind = ReportFormat(name.rsplit(".", 1)[1])
    assert response.headers["content-type"].startswith(kind.media_type.split(";")[0])
    assert response.headers["content-disposition"] == f'attachment; filename="{name}"'
    # Made for the anonymous reader: the amber incident of 2020 is not in it.
    report = getattr(app_toolbox.reports, method)(*arguments, by=ANONYMOUS)
    assert response.content == render_report(report, kind)
    assert report.tlp != Tlp.AMBER.value


def test_the_brief_of_an_incident_is_a_pdf_download(client: TestClient) -> None:
    response = client.get("/reports?report=brief&incident=notpetya-2017")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="notpetya-2017-brief.pdf"' in response.headers["content-disposition"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("report=un&since=2021&until=2020", "until", "ends before the period starts"),
        ("report=landscape&since=2020&format=docx", "format", "“docx” is not one of html"),
        ("report=annual", "since", "is required for this report"),
        ("report=memo&since=2020", "report", "“memo” is not one of brief, case"),
    ],
)
def test_a_wrong_value_is_shown_beside_its_field(
    client: TestClient, query: str, field: str, message: str
) -> None:
    response = client.get(f"/reports?{query}")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    error = response.text.split(f'id="r-{field}-error">', 1)[1].split("</p>", 1)[0]
    assert message in error.replace("&#34;", '"').replace("&#39;", "'")


def test_an_incident_above_the_readers_clearance_reads_as_a_missing_one(
    client: TestClient, restricted: str
) -> None:
    hidden = client.get(f"/reports?report=brief&incident={restricted}&format=md")
    missing = client.get("/reports?report=brief&incident=no-such-incident&format=md")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.text.replace(restricted, "KEY") == missing.text.replace("no-such-incident", "KEY")
    assert "names no incident you may read" in hidden.text
