"""Later features join the pages through WebExtensions, without template changes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.interfaces.web import ExportFormat, NavItem, PageSection, WebExtensions
from cdtoolbox.model import IncidentType
from cdtoolbox.toolbox import Settings, Toolbox
from web_support import TestClient


@pytest.fixture(scope="module")
def extended_client(
    tmp_path_factory: pytest.TempPathFactory, knowledge: object
) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("ext")
    url = f"sqlite:///{folder / 'cdt.sqlite3'}"
    (folder / "templates").mkdir()
    (folder / "templates" / "grade.html").write_text(
        "<p class=test-grade>{{ data.grade }} for {{ subject.slug }}</p>", encoding="utf-8"
    )
    with Toolbox(Settings(url), knowledge=knowledge) as toolbox:  # type: ignore[arg-type]
        toolbox.init()
        web = WebExtensions(template_directories=[folder / "templates"])
        web.navigation.append(NavItem("Cases", "/cases"))
        web.incident_exports.append(ExportFormat("STIX", "/incidents/export.stix", "x"))
        web.incident_sections.append(
            PageSection(
                "grade",
                "Grade",
                "grade.html",
                lambda tb, incident, reader: (
                    {"grade": "severe"} if IncidentType.RANSOMWARE in incident.types else None
                ),
            )
        )
        with TestClient(create_app(toolbox, web=web), raise_server_exceptions=False) as client:
            yield client


def test_a_section_appears_when_its_loader_has_something(extended_client: TestClient) -> None:
    html = extended_client.get("/incidents/wannacry-2017").text
    # On the incident page, extra sections fold below the decision brief.
    assert '<details class="panel fold" id="grade">' in html
    assert '<h2 id="grade-title">Grade</h2>' in html
    assert "<p class=test-grade>severe for wannacry-2017</p>" in html


def test_a_section_is_left_out_when_its_loader_returns_none(extended_client: TestClient) -> None:
    html = extended_client.get("/incidents/stuxnet-2010").text
    assert 'id="grade"' not in html


def test_the_assessment_is_a_default_section(extended_client: TestClient) -> None:
    html = extended_client.get("/incidents/notpetya-2017").text
    assert '<h2 id="assessment-title">Assessment</h2>' in html
    assert "UN norms engaged" in html and "Response options" in html
    # The level of response with the rule that decided it, and the severity range.
    assert "Level of response: <strong>EU restrictive measures</strong>" in html
    assert "(rule: Everything a listing needs is established)" in html
    assert "Most likely" in html


def test_navigation_and_exports_grow(extended_client: TestClient) -> None:
    html = extended_client.get("/incidents").text
    assert '<a href="/cases">Cases</a>' in html
    assert 'href="/incidents/export.stix"' in html
