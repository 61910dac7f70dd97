"""`/api/v1/actors`: threat actors, found by any of their names."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from cdtoolbox.interfaces.api.parameters import CursorQuery, errors
from cdtoolbox.interfaces.api.schemas import (
    ActorOut,
    ActorPageOut,
    IncidentPageOut,
    actor_out,
    actor_page_out,
    incident_page_out,
)
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.model import IncidentFilter

__all__ = ["router"]

router = APIRouter(tags=["actors"], route_class=AuthenticateFirst)

NamePath = Annotated[
    str, Path(description="Any name, alias, slug or MITRE id", examples=["fancy bear"])
]
SponsorQuery = Annotated[
    str | None,
    Query(description="Suspected sponsor state, ISO code or name", examples=["RU"]),
]


@router.get(
    "/actors",
    summary="List threat actors",
    description=(
        "Threat actors by name: the merged MISP threat-actor and MITRE intrusion-set galaxies "
        "plus actors added by imports. `sponsor` keeps those a state is suspected of "
        "sponsoring; `q` keeps those with a name or alias containing the text (then every "
        "match up to `limit` comes in one page, best matches first)."
    ),
    response_model=ActorPageOut,
    responses=errors(422),
)
def list_actors(
    toolbox: ToolboxDep,
    reader: ReaderDep,
    sponsor: SponsorQuery = None,
    q: Annotated[
        str | None, Query(description="Part of a name or alias", examples=["bear"])
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="Page size", examples=[100])] = 100,
    cursor: CursorQuery = None,
) -> ActorPageOut:
    if q and q.strip():
        found = toolbox.actors.search(q, by=reader, sponsor=sponsor)
        return actor_page_out(found[:limit], len(found), limit, None)
    page = toolbox.actors.list(by=reader, sponsor=sponsor, limit=limit, cursor=cursor)
    return actor_page_out(page.items, page.total, limit, page.next_cursor)


@router.get(
    "/actors/{name}",
    summary="Read a threat actor",
    description=(
        "One actor by any of its names: `APT28`, `fancy bear`, `Sofacy`, `G0007` and `apt-28` "
        "all find the same actor. A name two actors share is refused with 422 naming both."
    ),
    response_model=ActorOut,
    responses=errors(404, 422),
)
def get_actor(toolbox: ToolboxDep, reader: ReaderDep, name: NamePath) -> ActorOut:
    return actor_out(toolbox.actors.get(name, by=reader))


@router.get(
    "/actors/{name}/incidents",
    summary="Incidents of a threat actor",
    description="The incidents that name the actor, directly or in an attribution, newest first.",
    response_model=IncidentPageOut,
    responses=errors(401, 404, 422),
)
def actor_incidents(
    toolbox: ToolboxDep,
    reader: ReaderDep,
    name: NamePath,
    limit: Annotated[int, Query(ge=1, le=1000, description="Page size", examples=[100])] = 100,
    cursor: CursorQuery = None,
) -> IncidentPageOut:
    actor = toolbox.actors.get(name, by=reader)
    query = IncidentFilter(actor_ids=(actor.id,))
    page = toolbox.incidents.list(query, limit=limit, cursor=cursor, by=reader)
    names = toolbox.actors.names(
        {a for incident in page.items for a in incident.actor_ids}, by=reader
    )
    return incident_page_out(page, names, limit)
