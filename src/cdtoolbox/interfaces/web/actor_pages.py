"""The Actors pages: a searchable list and one actor's page with its incident timeline."""

from __future__ import annotations

from itertools import groupby

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cdtoolbox.errors import InvalidInput
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep
from cdtoolbox.interfaces.http.errors import problem_for
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.interfaces.web.extensions import WebExtensions, loaded_sections
from cdtoolbox.interfaces.web.templating import render
from cdtoolbox.model import IncidentFilter, IncidentSort, ThreatActor

__all__ = ["ACTORS_PER_PAGE", "router"]

router = APIRouter(route_class=AuthenticateFirst)

ACTORS_PER_PAGE = 100


def _page_number(text: str | None) -> int:
    if text is None or not text.strip():
        return 1
    # isdigit() alone also accepts digits int() refuses ("²") and digit strings long enough
    # for int() to refuse them; a page beyond the last is simply empty.
    if not (text.isascii() and text.isdigit() and len(text) <= 18) or int(text) < 1:
        raise InvalidInput("query", "page", text, "must be a page number from 1")
    return int(text)


@router.get("/actors")
def actor_list(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    params = request.query_params
    text = params.get("q", "").strip()
    sponsor = params.get("sponsor", "").strip()
    context: dict[str, object] = {
        "q": text,
        "sponsor": sponsor,
        "countries": toolbox.knowledge.countries.all(),
        "per_page": ACTORS_PER_PAGE,
    }
    try:
        number = _page_number(params.get("page"))
        found: list[ThreatActor] = toolbox.actors.search(text, by=viewer, sponsor=sponsor or None)
    except InvalidInput as error:
        context.update(problem=problem_for(error), actors=[], total=0, number=1, pages=1)
        return render(request, "actors/list.html", context, status_code=422)
    pages = max(1, -(-len(found) // ACTORS_PER_PAGE))
    start = (number - 1) * ACTORS_PER_PAGE
    context.update(
        problem=None,
        actors=found[start : start + ACTORS_PER_PAGE],
        total=len(found),
        number=number,
        pages=pages,
    )
    return render(request, "actors/list.html", context)


@router.get("/actors/{name}")
def actor_page(request: Request, name: str, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    actor = toolbox.actors.get(name, by=viewer)
    page = toolbox.incidents.list(
        IncidentFilter(actor_ids=(actor.id,)),
        sort=IncidentSort.START_ASC,
        limit=1000,
        by=viewer,
    )
    timeline = [
        (year, list(items))
        for year, items in groupby(
            page.items, key=lambda incident: incident.start.value.year if incident.start else None
        )
    ]
    extensions: WebExtensions = request.app.state.web_extensions
    return render(
        request,
        "actors/detail.html",
        {
            "actor": actor,
            "timeline": timeline,
            "incident_total": page.total,
            "sections": loaded_sections(extensions.actor_sections, toolbox, actor, viewer),
        },
    )
