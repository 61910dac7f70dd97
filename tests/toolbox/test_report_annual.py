"""The annual report through the Toolbox: every figure equals one counted independently from
the store; an incident above the reader's clearance changes nothing they see; trends and the
five-year change of data breaches; registers not kept are said so; the same store gives the
same bytes; a period that ends before it starts is refused."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from cdtoolbox.errors import InvalidInput
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import Incident, IncidentFilter, IncidentType, Tlp
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.report import ANNUAL_SCHEMA, AnnualReport, ReportFormat, render_report
from cdtoolbox.toolbox import Settings, Toolbox
from toolbox_support import CHEAP_PASSWORDS


@pytest.fixture(scope="module")
def box(initialised_url: str, knowledge: KnowledgeBase) -> Iterator[Toolbox]:
    with Toolbox(
        Settings(initialised_url), knowledge=knowledge, passwords=CHEAP_PASSWORDS
    ) as toolbox:
        yield toolbox


@pytest.fixture(scope="module")
def green(box: Toolbox) -> User:
    return box.users.add(
        by=SYSTEM_USER,
        username="annual-green",
        display_name="Annual Green",
        role=Role.VIEWER,
        clearance=Tlp.GREEN,
    )


def _incidents(box: Toolbox, since: date, until: date, by: User) -> list[Incident]:
    page = box.incidents.list(IncidentFilter(since=since, until=until), limit=1000, by=by)
    assert page.next_cursor is None
    return list(page.items)


def _breakdown(report: AnnualReport, section: str, breakdown: str) -> dict[str, int]:
    (found,) = (
        b for s in report.sections if s.id == section for b in s.breakdowns if b.id == breakdown
    )
    return {row.key: row.count for row in found.rows}


def _figure(report: AnnualReport, key: str) -> int:
    return next(f.count for f in report.key_figures if f.key == key)


@pytest.mark.parametrize("year", [2017, 2020])
def test_every_figure_is_the_count_of_the_store(box: Toolbox, year: int) -> None:
    since, until = date(year, 1, 1), date(year, 12, 31)
    report = box.reports.annual(str(year), by=SYSTEM_USER)
    incidents = _incidents(box, since, until, SYSTEM_USER)
    assert (report.schema, report.title, report.since, report.until) == (
        ANNUAL_SCHEMA,
        f"Annual report {year}",
        since.isoformat(),
        until.isoformat(),
    )
    assert _figure(report, "incidents") == len(incidents) > 0
    # Dated by the latest change of what it counts, period and trend years alike.
    window = _incidents(box, date(year - 4, 1, 1), until, SYSTEM_USER)
    assert report.as_of == max(i.updated_at for i in window if i.updated_at).date().isoformat()
    types = Counter(kind.value for i in incidents for kind in i.types)
    sectors = Counter(sector for i in incidents for sector in i.victim_sectors)
    countries = Counter(code for i in incidents for code in i.victim_countries)
    for section, breakdown, counted in (
        ("detect", "by-type", types),
        ("detect", "by-sector", sectors),
        ("detect", "by-victim-country", countries),
    ):
        shown = _breakdown(report, section, breakdown)
        assert shown == {key: counted[key] for key in shown}, breakdown
        assert len(shown) == min(len(counted), 15), breakdown

    listings = box.sanctions.list(since=str(year), until=str(year), by=SYSTEM_USER)
    assert _figure(report, "listed") == len(listings)
    delisted = [
        item
        for item in box.sanctions.list(by=SYSTEM_USER)
        if item.delisting and since <= item.delisting.delisted_on <= until
    ]
    assert _figure(report, "delisted") == len(delisted)
    responses = box.statistics.responses(since=since, until=until, by=SYSTEM_USER)
    assert (_figure(report, "eu-responses"), _figure(report, "national-responses")) == (
        responses.eu,
        responses.national,
    )


def test_trends_count_five_years_by_type_and_the_change_in_data_breaches(box: Toolbox) -> None:
    report = box.reports.annual("2020", by=SYSTEM_USER)
    trends = report.trends
    assert trends.years == (2016, 2017, 2018, 2019, 2020)
    started = Counter(
        (i.start.earliest.year, kind.value)
        for i in _incidents(box, date(2016, 1, 1), date(2020, 12, 31), SYSTEM_USER)
        if i.start is not None
        for kind in i.types
    )
    for row in trends.rows:
        assert row.counts == tuple(started[(year, row.type)] for year in trends.years)
    breaches = tuple(started[(year, IncidentType.DATA_BREACH.value)] for year in trends.years)
    assert trends.data_breaches == breaches
    assert f"{breaches[0]:,} in 2016" in trends.data_breach_change
    assert trends.partial_year is None


def test_registers_this_system_does_not_keep_are_said_not_recorded(box: Toolbox) -> None:
    report = box.reports.annual("2020", by=SYSTEM_USER)
    missing = {name for section in report.sections for name in section.not_recorded}
    # CBM implementation, communication checks (see test_report_annual_cooperation.py) and
    # capacity-building projects have registers now; deployments do not.
    assert {"Rapid-response team deployments"} == missing
    (prevent,) = (section for section in report.sections if section.id == "prevent")
    assert {b.id for b in prevent.breakdowns} >= {"capacity-by-theme", "capacity-by-partner"}
    assert "capacity-building projects recorded in this system ran in the period" in " ".join(
        paragraph.text for paragraph in prevent.paragraphs
    )
    assert [s.title for s in report.sections] == ["Prevent", "Detect", "Respond", "Deter"]
    headings = [h.heading for h in report.contribution_template]
    assert headings[1:5] == ["2. Prevent", "3. Detect", "4. Respond", "5. Deter"]


def test_an_incident_above_the_readers_clearance_changes_nothing_they_see(
    box: Toolbox, green: User
) -> None:
    before = {
        kind: render_report(box.reports.annual("2021", by=green), kind)
        for kind in (ReportFormat.JSON, ReportFormat.HTML)
    }
    system_before = box.reports.annual("2021", by=SYSTEM_USER)
    box.incidents.add(
        [
            {
                "title": "A partner's amber data breach",
                "start": "2021-06-01",
                "types": ["data-breach"],
                "victims": {"countries": ["MT"], "sectors": ["health"]},
                "tlp": "amber",
            }
        ],
        by=SYSTEM_USER,
    )
    for kind, document in before.items():
        assert render_report(box.reports.annual("2021", by=green), kind) == document
    seen = box.reports.annual("2021", by=SYSTEM_USER)
    assert _figure(seen, "incidents") == _figure(system_before, "incidents") + 1
    assert _breakdown(seen, "detect", "by-victim-country")["MT"] >= 1
    assert (seen.tlp_label, json.loads(before[ReportFormat.JSON])["tlp_label"]) == (
        "TLP:AMBER",
        "TLP:CLEAR",
    )


def test_the_same_store_gives_the_same_json_and_html(box: Toolbox) -> None:
    for kind in (ReportFormat.JSON, ReportFormat.HTML, ReportFormat.MARKDOWN):
        first = render_report(box.reports.annual("2019", "2020-06", by=SYSTEM_USER), kind)
        again = render_report(box.reports.annual("2019", "2020-06", by=SYSTEM_USER), kind)
        assert first == again
    report = box.reports.annual("2019", "2020-06", by=SYSTEM_USER)
    assert (report.title, report.period) == (
        "Report for 1 January 2019 to 30 June 2020",
        "1 January 2019 to 30 June 2020",
    )
    assert report.trends.partial_year == "2020 is counted to 30 June 2020."


@pytest.mark.parametrize(
    ("since", "until", "field", "reason"),
    [
        ("2021", "2020", "until", "ends before the period starts (2021-01-01)"),
        ("2021-02-30", None, "since", "day is out of range for month"),
        ("2021", "next year", "until", "is not a date"),
    ],
)
def test_a_bad_period_is_refused(
    box: Toolbox, since: str, until: str | None, field: str, reason: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        box.reports.annual(since, until, by=SYSTEM_USER)
    assert refused.value.field == field and reason in str(refused.value)


def test_docs_reports_describe_every_key_of_the_json_annual_report(box: Toolbox) -> None:
    """docs/reports.md promises readers the JSON layout: a key added without a row fails."""
    document = json.loads(
        render_report(box.reports.annual("2020", by=SYSTEM_USER), ReportFormat.JSON)
    )
    docs = (Path(__file__).resolve().parents[2] / "docs" / "reports.md").read_text("utf-8")
    assert f"`schema`: `{ANNUAL_SCHEMA}`" in docs
    detect = next(s for s in document["sections"] if s["id"] == "detect")
    keys = {
        *document,
        *document["key_figures"][0],
        *(figure["key"] for figure in document["key_figures"]),
        *detect,
        *detect["paragraphs"][0],
        *detect["breakdowns"][0],
        *detect["breakdowns"][0]["rows"][0],
        *document["trends"],
        *document["trends"]["rows"][0],
        *document["contribution_template"][0],
        *(b["id"] for s in document["sections"] for b in s["breakdowns"]),
    }
    for key in keys:
        assert f"`{key}`" in docs, key


def test_the_victim_countries_are_mapped_with_every_country_counted(box: Toolbox) -> None:
    report = box.reports.annual("2017", by=SYSTEM_USER)
    [countries] = [b for s in report.sections for b in s.breakdowns if b.id == "by-victim-country"]
    counted = _breakdown(report, "detect", "by-victim-country")
    # The map holds every country, the table only the first fifteen.
    assert {area.code: area.count for area in countries.map} == counted
    assert {area.code for area in countries.map if area.numeric is None} <= {"XK"}
    html = render_report(report, ReportFormat.HTML).decode("utf-8")
    assert html.count('class="report-chart report-map"') == 1
    assert "Incidents by victim country: map" in html
