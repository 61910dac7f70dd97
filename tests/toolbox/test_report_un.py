"""The draft UN contribution through the Toolbox: by the six OEWG pillars; every figure equals
one counted independently from the store (incidents, the norms and the law the assessments
find, the CBM implementation records); an incident above the reader's clearance changes
nothing they see; the same store gives the same bytes; the JSON layout is documented."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from cdtoolbox.assess import LawStatus, NormStatus
from cdtoolbox.errors import InvalidInput
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import Incident, IncidentFilter, Tlp
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.report import UN_SCHEMA, ReportFormat, UnContribution, render_report
from cdtoolbox.toolbox import Settings, Toolbox
from toolbox_support import CHEAP_PASSWORDS


@pytest.fixture(scope="module")
def box(initialised_url: str, knowledge: KnowledgeBase) -> Iterator[Toolbox]:
    with Toolbox(
        Settings(initialised_url), knowledge=knowledge, passwords=CHEAP_PASSWORDS
    ) as toolbox:
        yield toolbox


def _incidents(box: Toolbox, since: date, until: date, by: User) -> list[Incident]:
    page = box.incidents.list(IncidentFilter(since=since, until=until), limit=1000, by=by)
    assert page.next_cursor is None
    return list(page.items)


def _breakdown(report: UnContribution, section: str, breakdown: str) -> dict[str, int]:
    (found,) = (
        b for s in report.sections if s.id == section for b in s.breakdowns if b.id == breakdown
    )
    return {row.key: row.count for row in found.rows}


def _figure(report: UnContribution, key: str) -> int:
    return next(f.count for f in report.key_figures if f.key == key)


@pytest.mark.parametrize("year", [2017, 2020])
def test_every_figure_is_the_count_of_the_store(box: Toolbox, year: int) -> None:
    since, until = date(year, 1, 1), date(year, 12, 31)
    report = box.reports.un_contribution(str(year), by=SYSTEM_USER)
    incidents = _incidents(box, since, until, SYSTEM_USER)
    assert (report.schema, report.since, report.until) == (
        UN_SCHEMA,
        since.isoformat(),
        until.isoformat(),
    )
    assert report.status.startswith("Draft contribution")
    assert _figure(report, "incidents") == len(incidents) > 0
    types = Counter(kind.value for i in incidents for kind in i.types)
    sectors = Counter(sector for i in incidents for sector in i.victim_sectors)
    for breakdown, counted in (("by-type", types), ("by-sector", sectors)):
        shown = _breakdown(report, "threats", breakdown)
        assert shown == {key: counted[key] for key in shown}, breakdown
        assert len(shown) == min(len(counted), 15), breakdown

    assessments = [box.assessments.assess_incident(i, by=SYSTEM_USER) for i in incidents]
    engaged = Counter(
        f.norm_id for a in assessments for f in a.norms if f.status is NormStatus.ENGAGED
    )
    possibly = Counter(
        f.norm_id for a in assessments for f in a.norms if f.status is NormStatus.POSSIBLY_ENGAGED
    )
    law = Counter(
        f.principle_id for a in assessments for f in a.law if f.status is LawStatus.POSSIBLE
    )
    assert _breakdown(report, "norms", "norms-engaged") == dict(engaged)
    assert _breakdown(report, "norms", "norms-possibly-engaged") == dict(possibly)
    assert _breakdown(report, "international-law", "law-possible") == dict(law)
    assert _figure(report, "norms-engaged") == len(engaged)
    assert _figure(report, "law-principles") == len(law)
    assert _figure(report, "cbm-records") == len(box.cbms.reported(since, until, by=SYSTEM_USER))


def test_the_six_pillars_each_from_the_register_that_keeps_it(box: Toolbox) -> None:
    report = box.reports.un_contribution("2020", by=SYSTEM_USER)
    assert [s.id for s in report.sections] == [
        "threats",
        "norms",
        "international-law",
        "cbms",
        "capacity-building",
        "institutional-dialogue",
    ]
    # Every register the pillars need is kept now: none is said not to be.
    assert [s.id for s in report.sections if s.not_recorded] == []
    markdown = render_report(report, ReportFormat.MARKDOWN).decode()
    assert "not recorded in this system" not in markdown
    assert report.status in " ".join(markdown.split())


@pytest.mark.parametrize("year", [2016, 2020, 2024])
def test_capacity_building_counts_the_projects_running_in_the_period(
    box: Toolbox, year: int
) -> None:
    since, until = date(year, 1, 1), date(year, 12, 31)
    report = box.reports.un_contribution(str(year), by=SYSTEM_USER)
    running = [
        project
        for project in box.capacity.list(by=SYSTEM_USER)
        if (project.starts_on or project.ends_on)
        and (project.starts_on is None or project.starts_on <= until)
        and (project.ends_on is None or project.ends_on >= since)
    ]
    assert _figure(report, "capacity-projects") == len(running)
    themes = Counter(theme.value for project in running for theme in project.themes)
    assert _breakdown(report, "capacity-building", "capacity-by-theme") == dict(themes)
    partners = Counter(code for project in running for code in project.partner_countries)
    shown = _breakdown(report, "capacity-building", "capacity-by-partner")
    assert shown == {code: partners[code] for code in shown}
    (section,) = (s for s in report.sections if s.id == "capacity-building")
    text = " ".join(paragraph.text for paragraph in section.paragraphs)
    for project in running[:8]:
        assert project.title in text


def test_institutional_dialogue_is_the_un_register_and_the_dialogues_of_the_period(
    box: Toolbox,
) -> None:
    since, until = date(2024, 1, 1), date(2024, 12, 31)
    report = box.reports.un_contribution("2024", by=SYSTEM_USER)
    (section,) = (s for s in report.sections if s.id == "institutional-dialogue")
    text = " ".join(paragraph.text for paragraph in section.paragraphs)
    sessions = [
        session
        for session in box.un_process.sessions(by=SYSTEM_USER)
        if session.confirmed
        and session.starts is not None
        and session.starts <= until
        and (session.ends or session.starts) >= since
    ]
    assert sessions, "the bundled UN process holds sessions of 2024"
    for session in sessions:
        assert session.title in text
    rounds = [
        (dialogue, held)
        for dialogue in box.dialogues.list(by=SYSTEM_USER)
        for held in dialogue.rounds
        if held.confirmed and since <= held.held_on <= until
    ]
    assert _figure(report, "dialogue-rounds") == len(rounds)
    for dialogue, held in rounds:
        assert f"{dialogue.title}: {held.label}" in text
    statements = [
        statement
        for statement in box.un_process.statements(by=SYSTEM_USER)
        if since <= statement.dated <= until
    ]
    assert _figure(report, "un-statements") == len(statements)


def test_an_incident_above_the_readers_clearance_changes_nothing_they_see(box: Toolbox) -> None:
    green = box.users.add(
        by=SYSTEM_USER,
        username="un-green",
        display_name="UN Green",
        role=Role.VIEWER,
        clearance=Tlp.GREEN,
    )
    before = {
        kind: render_report(box.reports.un_contribution("2021", by=green), kind)
        for kind in (ReportFormat.JSON, ReportFormat.HTML)
    }
    system_before = box.reports.un_contribution("2021", by=SYSTEM_USER)
    box.incidents.add(
        [
            {
                "title": "A partner's amber wiper against a hospital",
                "start": "2021-06-01",
                "types": ["wiper"],
                "victims": {"countries": ["MT"], "sectors": ["health"]},
                "tlp": "amber",
            }
        ],
        by=SYSTEM_USER,
    )
    for kind, document in before.items():
        assert render_report(box.reports.un_contribution("2021", by=green), kind) == document
    seen = box.reports.un_contribution("2021", by=SYSTEM_USER)
    assert _figure(seen, "incidents") == _figure(system_before, "incidents") + 1
    assert (seen.tlp_label, json.loads(before[ReportFormat.JSON])["tlp_label"]) == (
        "TLP:AMBER",
        "TLP:CLEAR",
    )


def test_the_same_store_gives_the_same_json_html_and_markdown(box: Toolbox) -> None:
    for kind in (ReportFormat.JSON, ReportFormat.HTML, ReportFormat.MARKDOWN):
        first = render_report(box.reports.un_contribution("2019", "2020-06", by=SYSTEM_USER), kind)
        again = render_report(box.reports.un_contribution("2019", "2020-06", by=SYSTEM_USER), kind)
        assert first == again


@pytest.mark.parametrize(
    ("since", "until", "field", "reason"),
    [
        ("2021", "2020", "until", "ends before the period starts (2021-01-01)"),
        ("0001", None, "since", "is before 1900"),
    ],
)
def test_a_bad_period_is_refused(
    box: Toolbox, since: str, until: str | None, field: str, reason: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        box.reports.un_contribution(since, until, by=SYSTEM_USER)
    assert refused.value.field == field and reason in str(refused.value)


def test_docs_reports_describe_every_key_of_the_json_un_contribution(box: Toolbox) -> None:
    """docs/reports.md promises readers the JSON layout: a key added without a row fails."""
    document = json.loads(
        render_report(box.reports.un_contribution("2020", by=SYSTEM_USER), ReportFormat.JSON)
    )
    docs = (Path(__file__).resolve().parents[2] / "docs" / "reports.md").read_text("utf-8")
    assert f"`schema`: `{UN_SCHEMA}`" in docs
    keys = {
        *document,
        *(figure["key"] for figure in document["key_figures"]),
        *(s["id"] for s in document["sections"]),
        *(b["id"] for s in document["sections"] for b in s["breakdowns"]),
    }
    for key in keys:
        assert f"`{key}`" in docs, key


def test_the_norm_and_law_findings_alone_are_those_of_the_whole_assessment(box: Toolbox) -> None:
    # The contribution counts them without the precedents and options; they must not differ.
    for incident in _incidents(box, date(2015, 1, 1), date(2020, 12, 31), SYSTEM_USER):
        assessment = box.assessments.assess_incident(incident, by=SYSTEM_USER)
        assert box.assessments.norms_and_law(incident, by=SYSTEM_USER) == (
            assessment.norms,
            assessment.law,
        ), incident.slug
