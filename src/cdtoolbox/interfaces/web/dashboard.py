"""The Dashboard: totals, the timeline of incidents by type, the world map of victim countries
and the most often suspected sponsor states and actors — from one aggregate query.

The figures are written into the page twice: as tables (readable without JavaScript, and
printed) and as JSON that ``static/js/dashboard.js`` draws the chart and the map from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep, is_anonymous
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.interfaces.web.extensions import WebExtensions, loaded_sections
from cdtoolbox.interfaces.web.templating import render
from cdtoolbox.knowledge.countries import CountryCatalogue
from cdtoolbox.model import IncidentType
from cdtoolbox.model.access import User
from cdtoolbox.model.case import CaseState
from cdtoolbox.model.statistics import Count, IncidentStatistics
from cdtoolbox.toolbox import Toolbox

__all__ = ["TYPE_COLOURS", "map_data", "open_cases", "router", "timeline_data"]

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


def timeline_data(statistics: IncidentStatistics) -> dict[str, Any]:
    """Incidents per year and type, every year from the first to the last (gaps as 0)."""
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
    return {"years": span, "series": series}


def map_data(by_country: Sequence[Count], countries: CountryCatalogue) -> list[dict[str, Any]]:
    """Victim countries with the ISO numeric code the map shapes (world-atlas) are keyed by.

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
            }
        )
    return shaded


def open_cases(toolbox: Toolbox, viewer: User) -> list[tuple[CaseState, int]]:
    """Cases by state, in the order of their life, closed ones left out."""
    counts = toolbox.cases.count_by_state(by=viewer)
    return [(state, counts.get(state, 0)) for state in CaseState if state is not CaseState.CLOSED]


@router.get("/")
def dashboard(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    statistics = toolbox.statistics.summary(top=TOP, by=viewer)
    countries = map_data(statistics.by_victim_country, toolbox.knowledge.countries)
    timeline = timeline_data(statistics)
    extensions: WebExtensions = request.app.state.web_extensions
    years = statistics.years
    return render(
        request,
        "dashboard.html",
        {
            "statistics": statistics,
            "timeline": timeline,
            "countries": countries,
            "first_year": years[0] if years else None,
            "last_year": years[-1] if years else None,
            "chart_data": {"timeline": timeline, "countries": countries},
            "sections": loaded_sections(extensions.dashboard_sections, toolbox, None, viewer),
            "open_cases": None if is_anonymous(viewer) else open_cases(toolbox, viewer),
        },
    )
