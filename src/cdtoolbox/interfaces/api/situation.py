"""`/api/v1/situation…`: the event log of incidents, their status and crisis level, and the
situation board. Reads are open to every reader (events above their clearance left out and
not counted); recording needs an account with the right to edit incidents, and goes to the
audit trail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from cdtoolbox.interfaces.api.parameters import errors
from cdtoolbox.interfaces.api.reference_schemas import EntryList
from cdtoolbox.interfaces.api.situation_schemas import (
    BoardRowOut,
    EventIn,
    EventOut,
    LevelIn,
    StatusIn,
    TimelineOut,
    event_out,
    row_out,
)
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep, SignedInDep
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.model.situation import CrisisLevel

__all__ = ["router"]

router = APIRouter(tags=["situation"], route_class=AuthenticateFirst)

_INCIDENT = Path(description="The incident's id or slug", examples=["wannacry-2017"])
_REFUSED = (
    "An unknown incident, kind, status, level or body, a time later than now, a level change "
    "without a reason or to the level already held, or a marking above your clearance is "
    "refused with 422 naming the field; nothing is written."
)


@router.get(
    "/situation/board",
    summary="The situation board",
    description=(
        "The incidents with an event you may read, the latest updated first: status, crisis "
        "level, first seen, last updated, Member States and sectors affected, severity, "
        "attribution and open response cases. An event above your clearance is not counted. "
        "`state`, `sector` (with its sub-sectors), `status` and `level` narrow the board; an "
        "unknown value is refused with 422. Rows updated after `since` (an ISO 8601 time, "
        "UTC unless it says otherwise) are marked `changed`. The page `/situation` keeps "
        "each account's previous visit and marks from it; the API keeps none."
    ),
    response_model=EntryList[BoardRowOut],
    responses=errors(422),
)
def board(
    toolbox: ToolboxDep,
    by: ReaderDep,
    state: Annotated[
        str | None, Query(description="A Member State affected", examples=["FR"])
    ] = None,
    sector: Annotated[str | None, Query(description="A victim sector", examples=["health"])] = None,
    status: Annotated[
        str | None, Query(description="An operational status", examples=["confirmed"])
    ] = None,
    level: Annotated[
        str | None, Query(description="A crisis level", examples=["operational"])
    ] = None,
    since: Annotated[
        str | None,
        Query(
            description="Mark the rows updated after this time `changed`",
            examples=["2026-11-24T08:00:00+00:00"],
        ),
    ] = None,
) -> EntryList[BoardRowOut]:
    rows = toolbox.situation.board(
        state=state, sector=sector, status=status, level=level, since=since, by=by
    )
    items = [row_out(row) for row in rows]
    return EntryList(items=items, total=len(items))


@router.get(
    "/situation/incidents/{key}",
    summary="An incident's timeline",
    description=(
        "The incident's events you may read, oldest first, with its status and crisis level as "
        "they tell them. An incident above your clearance answers 404, as one never stored."
    ),
    response_model=TimelineOut,
    responses=errors(404, 422),
)
def timeline(toolbox: ToolboxDep, by: ReaderDep, key: Annotated[str, _INCIDENT]) -> TimelineOut:
    events = toolbox.situation.timeline(key, by=by)
    standing = toolbox.situation.standing(key, by=by)
    return TimelineOut(
        status=standing.status.value if standing and standing.status else None,
        level=(standing.level if standing else CrisisLevel.NONE).value,
        items=[event_out(e) for e in events],
        total=len(events),
    )


@router.post(
    "/situation/incidents/{key}/events",
    summary="Record an event on an incident",
    description="Log a detection, notification, meeting, measure, deployment or other event. "
    + _REFUSED,
    status_code=201,
    response_model=EventOut,
    responses=errors(401, 403, 422),
)
def record_event(
    toolbox: ToolboxDep, by: SignedInDep, key: Annotated[str, _INCIDENT], body: EventIn
) -> EventOut:
    return event_out(
        toolbox.situation.record_event(
            key,
            by=by,
            kind=body.kind,
            summary=body.summary,
            body=body.body,
            occurred_at=body.occurred_at,
            tlp=body.tlp,
            classification=body.classification,
        )
    )


@router.post(
    "/situation/incidents/{key}/status",
    summary="Change an incident's operational status",
    description="Log a change to suspected, confirmed, contained or recovered. " + _REFUSED,
    status_code=201,
    response_model=EventOut,
    responses=errors(401, 403, 422),
)
def set_status(
    toolbox: ToolboxDep, by: SignedInDep, key: Annotated[str, _INCIDENT], body: StatusIn
) -> EventOut:
    return event_out(toolbox.situation.set_status(key, by=by, **body.model_dump()))


@router.post(
    "/situation/incidents/{key}/level",
    summary="Escalate or de-escalate an incident",
    description="Log a change of crisis level, with its reason; the answer names it an "
    "escalation or a de-escalation. " + _REFUSED,
    status_code=201,
    response_model=EventOut,
    responses=errors(401, 403, 422),
)
def change_level(
    toolbox: ToolboxDep, by: SignedInDep, key: Annotated[str, _INCIDENT], body: LevelIn
) -> EventOut:
    return event_out(toolbox.situation.change_level(key, by=by, **body.model_dump()))
