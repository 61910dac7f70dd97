"""The threat landscape through the Toolbox: the most frequent actors, sectors, countries and
sponsors equal counts of the store; "what is new" and the change against the previous period
on a small store built here; an incident above the reader's clearance changes nothing they
see; the same store gives the same bytes; the JSON layout is documented."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import Incident, IncidentFilter, Tlp
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.report import LANDSCAPE_SCHEMA, Landscape, ReportFormat, render_report
from cdtoolbox.toolbox import Settings, Toolbox
from toolbox_support import CHEAP_PASSWORDS


@pytest.fixture(scope="module")
def box(initialised_url: str, knowledge: KnowledgeBase) -> Iterator[Toolbox]:
    with Toolbox(
        Settings(initialised_url), knowledge=knowledge, passwords=CHEAP_PASSWORDS
    ) as toolbox:
        yield toolbox


def _breakdown(report: Landscape, breakdown: str) -> dict[str, int]:
    (found,) = (b for s in report.sections for b in s.breakdowns if b.id == breakdown)
    return {row.key: row.count for row in found.rows}


def _figure(report: Landscape, key: str) -> int:
    return next(f.count for f in report.key_figures if f.key == key)


def test_the_most_frequent_are_the_counts_of_the_store(box: Toolbox) -> None:
    report = box.reports.landscape("2017", by=SYSTEM_USER)
    page = box.incidents.list(
        IncidentFilter(since=date(2017, 1, 1), until=date(2017, 12, 31)), limit=1000, by=SYSTEM_USER
    )
    incidents = page.items
    assert report.schema == LANDSCAPE_SCHEMA
    assert _figure(report, "incidents") == len(incidents) > 0
    actors = Counter(actor for i in incidents for actor in i.actor_ids)
    sectors = Counter(sector for i in incidents for sector in i.victim_sectors)
    countries = Counter(code for i in incidents for code in i.victim_countries)
    for breakdown, counted in (
        ("top-actors", actors),
        ("top-sectors", sectors),
        ("top-countries", countries),
    ):
        shown = _breakdown(report, breakdown)
        assert shown == {key: counted[key] for key in shown}, breakdown
        assert len(shown) == min(len(counted), 15), breakdown
    # 2016 is a leap year: the previous period of a whole year is the whole year before.
    assert (report.previous_since, report.previous_until) == ("2016-01-01", "2016-12-31")
    previous = box.incidents.list(
        IncidentFilter(since=date(2016, 1, 1), until=date(2016, 12, 31)), limit=1000, by=SYSTEM_USER
    )
    assert _figure(report, "previous-incidents") == len(previous.items)


def _incident(title: str, start: str, **fields: Any) -> dict[str, Any]:
    return {
        "title": title,
        "start": start,
        "sources": [{"title": "Report", "url": "https://example.org/report"}],
        **fields,
    }


def test_what_is_new_and_the_change_on_a_small_store(toolbox: Toolbox) -> None:
    toolbox.init()  # the reference actors; the bundled incidents all end long before 2040
    toolbox.incidents.add(
        [
            _incident(
                "Espionage against a ministry",
                "2040-03-01",
                types=["espionage"],
                victims={"countries": ["DE"], "sectors": ["public-administration"]},
                actors=["APT28"],
            ),
            _incident(
                "Espionage against a grid operator",
                "2041-02-01",
                types=["espionage"],
                victims={"countries": ["DE"], "sectors": ["energy"]},
                actors=["APT28"],
            ),
            _incident(
                "Ransomware against a hospital",
                "2041-05-01",
                types=["ransomware"],
                victims={"countries": ["TV"], "sectors": ["health"]},
                actors=["Lazarus Group"],
            ),
        ],
        by=SYSTEM_USER,
    )
    report = toolbox.reports.landscape("2041", by=SYSTEM_USER)
    # Counted here from the incidents themselves: what 2041 names that nothing before it did.
    earlier = toolbox.incidents.list(
        IncidentFilter(until=date(2040, 12, 31)), limit=1000, by=SYSTEM_USER
    )
    assert earlier.next_cursor is None
    period = toolbox.incidents.list(
        IncidentFilter(since=date(2041, 1, 1), until=date(2041, 12, 31)), limit=1000, by=SYSTEM_USER
    )
    assert len(period.items) == 2

    def new(values: Callable[[Incident], Iterable[str]]) -> dict[str, int]:
        before = {value for i in earlier.items for value in values(i)}
        counted = Counter(value for i in period.items for value in values(i))
        return {value: count for value, count in counted.items() if value not in before}

    assert _breakdown(report, "new-types") == new(lambda i: (kind.value for kind in i.types))
    assert _breakdown(report, "new-sectors") == new(lambda i: i.victim_sectors)
    assert _breakdown(report, "new-countries") == new(lambda i: i.victim_countries)
    assert _breakdown(report, "new-actors") == new(lambda i: i.actor_ids)
    # Tuvalu is named by no bundled incident, nor by the one of 2040: it is new in 2041;
    # Germany, named in 2040, is not.
    assert _breakdown(report, "new-countries")["TV"] == 1
    assert "DE" not in _breakdown(report, "new-countries")
    assert _figure(report, "first-seen") == sum(
        len(b.rows) for s in report.sections if s.id == "new" for b in s.breakdowns
    )
    changes = {(row.dimension, row.key): (row.previous, row.current) for row in report.changes}
    assert changes[("total", "incidents")] == (1, 2)
    assert changes[("type", "espionage")] == (1, 1)
    assert changes[("type", "ransomware")] == (0, 1)


def test_an_incident_above_the_readers_clearance_changes_nothing_they_see(box: Toolbox) -> None:
    green = box.users.add(
        by=SYSTEM_USER,
        username="landscape-green",
        display_name="Landscape Green",
        role=Role.VIEWER,
        clearance=Tlp.GREEN,
    )
    before = {
        kind: render_report(box.reports.landscape("2022", by=green), kind)
        for kind in (ReportFormat.JSON, ReportFormat.HTML)
    }
    box.incidents.add(
        [
            _incident(
                "A partner's amber defacement",
                "2022-06-01",
                types=["defacement"],
                victims={"countries": ["MT"], "sectors": ["health"]},
                tlp="amber",
            )
        ],
        by=SYSTEM_USER,
    )
    for kind, document in before.items():
        assert render_report(box.reports.landscape("2022", by=green), kind) == document
    seen = box.reports.landscape("2022", by=SYSTEM_USER)
    assert seen.tlp_label == "TLP:AMBER"
    assert _breakdown(seen, "top-countries")["MT"] >= 1


def test_the_same_store_gives_the_same_json_html_and_markdown(box: Toolbox) -> None:
    for kind in (ReportFormat.JSON, ReportFormat.HTML, ReportFormat.MARKDOWN):
        first = render_report(box.reports.landscape("2019-07", "2020-06", by=SYSTEM_USER), kind)
        again = render_report(box.reports.landscape("2019-07", "2020-06", by=SYSTEM_USER), kind)
        assert first == again


def test_docs_reports_describe_every_key_of_the_json_landscape(box: Toolbox) -> None:
    """docs/reports.md promises readers the JSON layout: a key added without a row fails."""
    document = json.loads(
        render_report(box.reports.landscape("2020", by=SYSTEM_USER), ReportFormat.JSON)
    )
    docs = (Path(__file__).resolve().parents[2] / "docs" / "reports.md").read_text("utf-8")
    assert f"`schema`: `{LANDSCAPE_SCHEMA}`" in docs
    keys = {
        *document,
        *document["changes"][0],
        *(figure["key"] for figure in document["key_figures"]),
        *(s["id"] for s in document["sections"]),
        *(b["id"] for s in document["sections"] for b in s["breakdowns"]),
    }
    for key in keys:
        assert f"`{key}`" in docs, key
