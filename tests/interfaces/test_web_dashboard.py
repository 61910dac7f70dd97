"""The dashboard over the initialised store: one period shared with the incident list, its
figures computed for that period, the map's colour classes and legend, and the public
responses by instrument and by year."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from itertools import pairwise
from urllib.parse import parse_qs, urlsplit

import pytest

from cdtoolbox.interfaces.http.authentication import ANONYMOUS
from cdtoolbox.interfaces.web.dashboard import year_period
from cdtoolbox.model import IncidentFilter
from cdtoolbox.report.map_scale import MAP_SCALE, NO_INCIDENT, map_classes
from cdtoolbox.toolbox import Toolbox
from web_support import TestClient

_LIST_LINK = re.compile(r'href="(/incidents\?[^"]*)"')


def list_links(html: str) -> list[dict[str, list[str]]]:
    return [parse_qs(urlsplit(unescape(href)).query) for href in _LIST_LINK.findall(html)]


def results_total(html: str) -> int:
    found = re.search(r'<h2 id="results-title">([\d,]+) incident', html)
    assert found, "no result count on the incident list"
    return int(found.group(1).replace(",", ""))


def dashboard_total(html: str) -> int:
    found = re.search(r"<dt>Incidents recorded</dt><dd><a href=\"[^\"]*\">([\d,]+)</a>", html)
    assert found, "no total on the dashboard"
    return int(found.group(1).replace(",", ""))


def test_the_dashboard_counts_the_period_the_list_lists(client: TestClient) -> None:
    everything = client.get("/").text
    period = client.get("/", params={"since": "2017", "until": "2018"})
    assert period.status_code == 200
    listed = client.get("/incidents", params={"since": "2017", "until": "2018"}).text
    assert dashboard_total(period.text) == results_total(listed) < dashboard_total(everything)
    # The form shows the period, with the list's own fields.
    assert 'id="f-since" name="since" value="2017"' in period.text
    assert 'id="f-until" name="until" value="2018"' in period.text
    assert 'id="f-since" name="since" value="2017"' in listed


def test_every_link_to_the_list_keeps_the_period(client: TestClient) -> None:
    html = client.get("/", params={"since": "2017-05", "until": "2018"}).text
    links = [query for query in list_links(html) if query]  # the menu's /incidents aside
    assert len(links) > 10  # totals, timeline table, countries, sponsors
    for query in links:
        assert "since" in query and "until" in query, query
        # A link narrows the period to a year at most, never widens it.
        assert query["since"][0] >= "2017-05" and query["until"][0] <= "2018-12-31"
    # The map's script is handed the same period for the links it draws.
    assert '"period": {"since": "2017-05", "until": "2018"}' in html


def test_the_list_links_to_the_dashboard_of_its_period(client: TestClient) -> None:
    html = client.get("/incidents", params={"since": "2020", "type": "wiper"}).text
    assert 'href="/?since=2020">Dashboard of this period</a>' in html
    assert 'href="/?since=2020#victim-map-title">Map</a>' in html


@pytest.mark.parametrize(
    ("params", "wrong"),
    [
        ({"since": "2019", "until": "2017"}, "is before since"),
        ({"since": "last year"}, "since"),
        ({"type": "wiper"}, "is not a known filter"),
    ],
)
def test_a_wrong_period_is_refused_not_ignored(
    client: TestClient, params: dict[str, str], wrong: str
) -> None:
    response = client.get("/", params=params)
    assert response.status_code == 422
    assert wrong in unescape(response.text)
    assert "dashboard-data" not in response.text  # no figures for a question not asked


def test_the_responses_are_the_librarys_for_the_period(
    client: TestClient, app_toolbox: Toolbox
) -> None:
    html = unescape(client.get("/", params={"since": "2020", "until": "2020"}).text)
    responses = app_toolbox.statistics.responses(
        since=date(2020, 1, 1), until=date(2020, 12, 31), by=ANONYMOUS
    )
    assert responses.eu and responses.listed
    assert f"{responses.eu} EU responses" in html
    assert f"{responses.listed} persons and entities listed" in html
    for row in responses.by_instrument:
        assert row.label in html
    for row in responses.by_year:
        assert (
            f'<tr><th scope="row">{row.year}</th><td class="num">{row.eu}</td>'
            f'<td class="num">{row.national}</td><td class="num">{row.listed}</td></tr>'
        ) in html


def test_the_map_legend_gives_each_class_and_its_countries(client: TestClient) -> None:
    html = unescape(client.get("/").text)
    items = re.findall(
        r'map-legend__swatch" style="background: (#[0-9a-f]{6})"></span>([\d\u2013]+) '
        r'<span class="muted">\((\d+)\)</span>',
        html,
    )
    assert len(items) >= 3
    assert all(colour in MAP_SCALE for colour, _, _ in items)
    countries = len(re.findall(r'<tr><th scope="row"><a href="/incidents\?victim_country=', html))
    assert sum(int(n) for _, _, n in items) == countries  # every country in one class
    assert f"background: {NO_INCIDENT}" in html and "none recorded" in html


def test_map_classes_are_distinct_steps_of_one_scale() -> None:
    assert map_classes([]) == map_classes([0]) == ()
    # Up to five numbers: one class each, spread from the lightest to the darkest colour.
    few = map_classes([1, 1, 4])
    assert [(c.label, c.colour, c.countries) for c in few] == [
        ("1", MAP_SCALE[0], 2),
        ("4", MAP_SCALE[-1], 1),
    ]
    # More: geometric classes, covering 1 to the most without gaps or overlaps.
    skewed = map_classes([1, 1, 1, 2, 3, 5, 8, 13, 20, 41])
    assert [(c.low, c.high) for c in skewed] == [(1, 3), (4, 5), (6, 10), (11, 20), (21, 41)]
    assert [c.countries for c in skewed] == [5, 1, 1, 2, 1]
    assert all(b.low == a.high + 1 for a, b in pairwise(skewed))
    assert len(set(MAP_SCALE)) == len(MAP_SCALE) and NO_INCIDENT not in MAP_SCALE


def test_a_years_link_is_cut_to_the_period() -> None:
    period = IncidentFilter(since=date(2017, 5, 1), until=date(2018, 12, 31))
    assert year_period(2017, period) == {"since": "2017-05-01", "until": "2017"}
    assert year_period(2018, period) == {"since": "2018", "until": "2018"}
    # Started before the period, active in it: listed over the period itself.
    assert year_period(2015, period) == {"since": "2017-05-01", "until": "2018-12-31"}
    assert year_period(2015, IncidentFilter()) == {"since": "2015", "until": "2015"}
    # A period open at one end keeps it open: never a range that ends before it starts.
    since_2020 = IncidentFilter(since=date(2020, 1, 1))
    assert year_period(2019, since_2020) == {"since": "2020-01-01"}
    assert year_period(2021, IncidentFilter(until=date(2020, 6, 30))) == {"until": "2020-06-30"}
