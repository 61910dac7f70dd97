"""The Dashboard: totals, the timeline of incidents by type, the map of victim countries (the
world, and Europe at a larger scale), the most often suspected sponsor states and actors, and the
public responses by instrument and by year — for the period the reader chose.

The period is the incident list's own (``since``/``until``, the same form fields), and every
link to the list carries it, so a figure and the incidents behind it always agree.
The figures are written into the page twice: as tables (readable without JavaScript, and
printed) and as JSON that ``static/js/dashboard.js`` draws the chart and the map from.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cdtoolbox.errors import InvalidInput
from cdtoolbox.ingest.query_parameters import PERIOD_PARAMETERS
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep, is_anonymous
from cdtoolbox.interfaces.http.errors import problem_for
from cdtoolbox.interfaces.http.request_context import ToolboxDep, filter_values
from cdtoolbox.interfaces.web.extensions import WebExtensions, loaded_sections
from cdtoolbox.interfaces.web.templating import period_of, render
from cdtoolbox.knowledge.countries import CountryCatalogue
from cdtoolbox.model import IncidentFilter, IncidentType
from cdtoolbox.model.access import User
from cdtoolbox.model.case import CaseState
from cdtoolbox.model.statistics import Count, IncidentStatistics
from cdtoolbox.report.map_scale import NO_INCIDENT, MapClass, map_classes
from cdtoolbox.toolbox import Toolbox

__all__ = ["TYPE_COLOURS", "map_data", "open_cases", "router", "timeline_data", "year_period"]

router = APIRouter(route_class=AuthenticateFirst)

# Distinguishable for the common colour-vision deficiencies (after Okabe & Ito), each dark
# enough to read as text on white.
TYPE_COLOURS: dict[IncidentType, str] = {
    IncidentType.ESPIONAGE: "#0b4f9c",
    IncidentType.DATA_BREACH: "#3a8fc7",
    IncidentType.RANSOMWARE: "#d55e00",
    IncidentType.WIPER: "#8c1c13",
    IncidentType.SABOTAGE: "#c98a00",
    IncidentType.DDOS: "#00795a",
    IncidentType.DEFACEMENT: "#6b6b6b",
    IncidentType.ELECTION_INTERFERENCE: "#b8508f",
    IncidentType.HACK_AND_LEAK: "#6a3d9a",
    IncidentType.SUPPLY_CHAIN: "#7d6b00",
}

TOP = 10


def timeline_data(statistics: IncidentStatistics, period: IncidentFilter) -> dict[str, Any]:
    """Incidents per year and type, every year from the first to the last (gaps as 0), with
    the period each year's incidents are listed for."""
    years = statistics.years
    span = list(range(years[0], years[-1] + 1)) if years else []
    counts = {(row.year, row.type): row.incidents for row in statistics.by_year_and_type}
    present = {row.type for row in statistics.by_year_and_type}
    series = [
        {
            "type": kind.value,
            "label": kind.label,
            "colour": TYPE_COLOURS[kind],
            "counts": [counts.get((year, kind.value), 0) for year in span],
        }
        for kind in IncidentType
        if kind.value in present
    ]
    periods = [year_period(year, period) for year in span]
    return {"years": span, "series": series, "periods": periods}


def year_period(year: int, period: IncidentFilter) -> dict[str, str]:
    """The ``since``/``until`` that list one year's incidents within the chosen period.

    A year the period cuts (``since=2017-05``) is listed from the cut; a year the period does
    not reach at all (an incident active in the period but started before it) is listed over
    the period itself, the only span its incidents are known to share with the chart, with
    the period's open end left open.
    """
    first = max(date(year, 1, 1), period.since or date.min)
    last = min(date(year, 12, 31), period.until or date.max)
    if first > last:
        bounds = {"since": period.since, "until": period.until}
        return {name: bound.isoformat() for name, bound in bounds.items() if bound}
    return {
        "since": str(year) if first == date(year, 1, 1) else first.isoformat(),
        "until": str(year) if last == date(year, 12, 31) else last.isoformat(),
    }


def map_data(
    by_country: Sequence[Count], countries: CountryCatalogue, classes: Sequence[MapClass]
) -> list[dict[str, Any]]:
    """Victim countries with the ISO numeric code the map shapes (world-atlas) are keyed by,
    and the colour of their class.

    A country without a numeric code (Kosovo) stays in the table but cannot be drawn.
    """
    shaded = []
    for row in by_country:
        country = countries.find(row.key)
        shaded.append(
            {
                "code": row.key,
                "numeric": country.numeric if country else None,
                "name": country.name if country else row.key,
                "incidents": row.incidents,
                "colour": next((c.colour for c in classes if c.holds(row.incidents)), NO_INCIDENT),
            }
        )
    return shaded


def open_cases(toolbox: Toolbox, viewer: User) -> list[tuple[CaseState, int]]:
    """Cases by state, in the order of their life, closed ones left out."""
    counts = toolbox.cases.count_by_state(by=viewer)
    return [(state, counts.get(state, 0)) for state in CaseState if state is not CaseState.CLOSED]


@router.get("/")
def dashboard(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    extensions: WebExtensions = request.app.state.web_extensions
    context: dict[str, Any] = {
        "period": period_of(request),
        "sections": loaded_sections(extensions.dashboard_sections, toolbox, None, viewer),
        "open_cases": None if is_anonymous(viewer) else open_cases(toolbox, viewer),
    }
    try:
        # Only the period: the dashboard offers no other filter, and refuses one given to it
        # rather than show figures that silently ignore it.
        query = toolbox.incidents.filter_from(
            filter_values(request.query_params, besides=()), by=viewer, accepted=PERIOD_PARAMETERS
        )
    except InvalidInput as error:
        context.update(problem=problem_for(error))
        return render(request, "dashboard.html", context, status_code=422)
    statistics = toolbox.statistics.summary(query, top=TOP, by=viewer)
    classes = map_classes([row.incidents for row in statistics.by_victim_country])
    countries = map_data(statistics.by_victim_country, toolbox.knowledge.countries, classes)
    timeline = timeline_data(statistics, query)
    years = statistics.years
    context.update(
        problem=None,
        statistics=statistics,
        responses=toolbox.statistics.responses(since=query.since, until=query.until, by=viewer),
        timeline=timeline,
        countries=countries,
        map_classes=classes,
        no_incident=NO_INCIDENT,
        first_year=years[0] if years else None,
        last_year=years[-1] if years else None,
        chart_data={"timeline": timeline, "countries": countries, "period": context["period"]},
    )
    return render(request, "dashboard.html", context)
