"""The capacity-building pages: the projects the reader may read, filtered by region and
theme, with the gaps table (States in need that no project serves in a theme); and the gaps
page, with the gaps drawn on a world map and per theme beside the same table."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from cdtoolbox.errors import InvalidInput
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep
from cdtoolbox.interfaces.http.errors import problem_for
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.interfaces.web.templating import render
from cdtoolbox.model.capacity import CapacityGap, CapacityTheme
from cdtoolbox.model.reference import Country

__all__ = ["router"]

router = APIRouter(route_class=AuthenticateFirst)
_FILTERS = ("region", "theme")


def _filters(request: Request) -> dict[str, str]:
    return {name: request.query_params.get(name, "").strip() for name in _FILTERS}


@router.get("/capacity")
def capacity_page(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    values = _filters(request)
    context: dict[str, object] = {
        "values": values,
        "regions": toolbox.capacity.regions(by=viewer),
        "themes": list(CapacityTheme),
        "problem": None,
    }
    filters = {name: value or None for name, value in values.items()}
    try:
        projects = toolbox.capacity.list(**filters, by=viewer)
        gaps = toolbox.capacity.gaps(**filters, by=viewer)
    except InvalidInput as error:
        context.update(problem=problem_for(error), projects=(), gaps=())
        return render(request, "cooperation/capacity.html", context, status_code=422)
    context.update(projects=projects, gaps=gaps)
    return render(request, "cooperation/capacity.html", context)


@router.get("/capacity/gaps")
def gaps_page(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    from cdtoolbox.report.gap_charts import (
        GAP_CLASSES,
        gap_class,
        gaps_by_theme_svg,
        gaps_map_svg,
    )

    values = _filters(request)
    context: dict[str, object] = {
        "values": values,
        "regions": toolbox.capacity.regions(by=viewer),
        "themes": list(CapacityTheme),
        "classes": GAP_CLASSES,
        "gap_class": gap_class,
        "problem": None,
    }
    try:
        gaps = toolbox.capacity.gaps(
            **{name: value or None for name, value in values.items()}, by=viewer
        )
    except InvalidInput as error:
        context.update(problem=problem_for(error), gaps=())
        return render(request, "cooperation/capacity_gaps.html", context, status_code=422)
    countries = toolbox.knowledge.countries
    context.update(
        gaps=gaps,
        names={gap.state: _name(countries.find(gap.state), gap.state) for gap in gaps},
        evidence=evidence,
        # Both SVGs are built from escaped text only (report.chart.svg_text).
        map=Markup(gaps_map_svg("Capacity-building gaps by State", gaps, countries, evidence)),
        chart=Markup(gaps_by_theme_svg("States with a gap, per theme", gaps)),
    )
    return render(request, "cooperation/capacity_gaps.html", context)


def evidence(gap: CapacityGap) -> str:
    """Where a gap comes from: the State's incidents, or its CBM record when it has none."""
    if gap.incidents:
        return f"/incidents?victim_country={quote(gap.state)}"
    return f"/cbms/states/{quote(gap.state)}"


def _name(country: Country | None, code: str) -> str:
    return country.name if country else code
