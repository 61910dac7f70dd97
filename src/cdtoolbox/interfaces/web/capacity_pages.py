"""The capacity-building page: the projects the reader may read, filtered by region and
theme, and the gaps table (States in need that no project serves in a theme)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cdtoolbox.errors import InvalidInput
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep
from cdtoolbox.interfaces.http.errors import problem_for
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.interfaces.web.templating import render
from cdtoolbox.model.capacity import CapacityTheme

__all__ = ["router"]

router = APIRouter(route_class=AuthenticateFirst)


@router.get("/capacity")
def capacity_page(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    params = request.query_params
    values = {name: params.get(name, "").strip() for name in ("region", "theme")}
    context: dict[str, object] = {
        "values": values,
        "regions": toolbox.capacity.regions(by=viewer),
        "themes": list(CapacityTheme),
        "problem": None,
    }
    filters = {"region": values["region"] or None, "theme": values["theme"] or None}
    try:
        projects = toolbox.capacity.list(**filters, by=viewer)
        gaps = toolbox.capacity.gaps(**filters, by=viewer)
    except InvalidInput as error:
        context.update(problem=problem_for(error), projects=(), gaps=())
        return render(request, "cooperation/capacity.html", context, status_code=422)
    context.update(projects=projects, gaps=gaps)
    return render(request, "cooperation/capacity.html", context)
