"""`/api/v1/assistance/…`: requests for assistance and offers, teams and deployments. Reads
are open to every reader (records above their clearance, or about an incident they may not
read, left out); recording needs an analyst's account and goes to the audit trail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from cdtoolbox.interfaces.api.assistance_schemas import (
    AnswerIn,
    DeploymentClose,
    DeploymentIn,
    DeploymentOut,
    OfferIn,
    OfferOut,
    RequestIn,
    RequestOut,
    TeamIn,
    TeamOut,
    deployment_out,
    offer_out,
    request_out,
    team_out,
)
from cdtoolbox.interfaces.api.parameters import errors
from cdtoolbox.interfaces.api.reference_schemas import EntryList
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep, SignedInDep
from cdtoolbox.interfaces.http.request_context import ToolboxDep

__all__ = ["router"]

router = APIRouter(tags=["assistance"], route_class=AuthenticateFirst)

_REQUEST = Path(description="The request's id", examples=["5b6c2a8e-3f0d-4c57-a0c4-0d1e2f3a4b5c"])
_REFUSED = (
    " Bad input (an unknown incident, team or State, a deadline before the request was sent, "
    "a deployment that ends before it starts, a marking above your clearance) is refused "
    "with 422 naming the field; nothing is written."
)


@router.get(
    "/assistance/requests",
    summary="Requests for assistance",
    description=(
        "The requests you may read: open ones first, the overdue first among them, then the "
        "others by when they were sent. `status`, `overdue`, `channel`, `addressee`, "
        "`incident` and `state` (sent or asked) narrow the list; an unknown value is refused "
        "with 422."
    ),
    response_model=EntryList[RequestOut],
    responses=errors(404, 422),
)
def list_requests(
    toolbox: ToolboxDep,
    by: ReaderDep,
    status: Annotated[
        str | None, Query(description="open, answered or withdrawn", examples=["open"])
    ] = None,
    overdue: Annotated[
        bool, Query(description="Only open requests past their deadline", examples=[True])
    ] = False,
    channel: Annotated[str | None, Query(description="A channel", examples=["norm-13h"])] = None,
    addressee: Annotated[
        str | None, Query(description="The State asked under norm 13(h)", examples=["DE"])
    ] = None,
    incident: Annotated[
        str | None, Query(description="The incident's id or slug", examples=["wannacry-2017"])
    ] = None,
    state: Annotated[
        str | None, Query(description="A State that sent or was asked", examples=["EE"])
    ] = None,
) -> EntryList[RequestOut]:
    found = toolbox.assistance.list(
        by=by,
        status=status,
        overdue=overdue,
        channel=channel,
        addressee=addressee,
        incident=incident,
        state=state,
    )
    now = toolbox.clock.now()
    items = [request_out(r, now) for r in found]
    return EntryList(items=items, total=len(items))


@router.get(
    "/assistance/requests/{request_id}",
    summary="One request for assistance",
    description=(
        "The request, whether it is overdue now, and the offers made for it. A request above "
        "your clearance, or about an incident you may not read, answers 404."
    ),
    response_model=RequestOut,
    responses=errors(404, 422),
)
def get_request(
    toolbox: ToolboxDep, by: ReaderDep, request_id: Annotated[str, _REQUEST]
) -> RequestOut:
    found = toolbox.assistance.get(request_id, by=by)
    offers = toolbox.assistance.offers(by=by, request=found.id)
    return request_out(found, toolbox.clock.now(), offers)


@router.post(
    "/assistance/requests",
    summary="Record a request for assistance",
    description="Record a request sent through one channel; about an incident, it also goes "
    "on the incident's timeline." + _REFUSED,
    status_code=201,
    response_model=RequestOut,
    responses=errors(401, 403, 422),
)
def add_request(toolbox: ToolboxDep, by: SignedInDep, body: RequestIn) -> RequestOut:
    found = toolbox.assistance.request(
        by=by,
        requester=body.requester,
        channel=body.channel,
        asked=body.asked,
        addressee=body.addressee,
        incident=body.incident,
        sent_at=body.sent_at,
        deadline=body.deadline,
        tlp=body.tlp,
        classification=body.classification,
    )
    return request_out(found, toolbox.clock.now())


@router.post(
    "/assistance/requests/{request_id}/answer",
    summary="Record the answer to a request",
    description="Only an open request is answered." + _REFUSED,
    response_model=RequestOut,
    responses=errors(401, 403, 404, 409, 422),
)
def answer_request(
    toolbox: ToolboxDep, by: SignedInDep, request_id: Annotated[str, _REQUEST], body: AnswerIn
) -> RequestOut:
    found = toolbox.assistance.answer(
        request_id, by=by, text=body.text, answered_by=body.answered_by, at=body.at
    )
    return request_out(found, toolbox.clock.now())


@router.post(
    "/assistance/requests/{request_id}/withdraw",
    summary="Withdraw a request",
    description="Only an open request is withdrawn; otherwise 422 naming `status`.",
    response_model=RequestOut,
    responses=errors(401, 403, 404, 409, 422),
)
def withdraw_request(
    toolbox: ToolboxDep, by: SignedInDep, request_id: Annotated[str, _REQUEST]
) -> RequestOut:
    return request_out(toolbox.assistance.withdraw(request_id, by=by), toolbox.clock.now())


@router.post(
    "/assistance/offers",
    summary="Record an offer of assistance",
    description="An offer for a request (then to its requester) or to a State." + _REFUSED,
    status_code=201,
    response_model=OfferOut,
    responses=errors(401, 403, 422),
)
def add_offer(toolbox: ToolboxDep, by: SignedInDep, body: OfferIn) -> OfferOut:
    return offer_out(
        toolbox.assistance.offer(
            by=by,
            offered_by=body.offered_by,
            what=body.what,
            request=body.request,
            to_state=body.to_state,
            tlp=body.tlp,
            classification=body.classification,
        )
    )


@router.get(
    "/assistance/teams",
    summary="Teams",
    description="The bundled teams (the PESCO CRRT, with its sources), then the recorded ones "
    "you may read.",
    response_model=EntryList[TeamOut],
)
def list_teams(toolbox: ToolboxDep, by: ReaderDep) -> EntryList[TeamOut]:
    items = [team_out(t) for t in toolbox.assistance.teams(by=by)]
    return EntryList(items=items, total=len(items))


@router.post(
    "/assistance/teams",
    summary="Record a team",
    description="A team with its participating and observer States (never both), skills and "
    "availability windows." + _REFUSED,
    status_code=201,
    response_model=TeamOut,
    responses=errors(401, 403, 422),
)
def add_team(toolbox: ToolboxDep, by: SignedInDep, body: TeamIn) -> TeamOut:
    return team_out(
        toolbox.assistance.add_team(
            by=by,
            name=body.name,
            kind=body.kind,
            lead=body.lead,
            participants=body.participants,
            observers=body.observers,
            skills=body.skills,
            availability=[(w.starts, w.ends) for w in body.availability],
            tlp=body.tlp,
            classification=body.classification,
        )
    )


@router.get(
    "/assistance/deployments",
    summary="Deployments",
    description="The deployments you may read, the latest started first; `team`, `incident` "
    "and `state` narrow the list.",
    response_model=EntryList[DeploymentOut],
    responses=errors(404, 422),
)
def list_deployments(
    toolbox: ToolboxDep,
    by: ReaderDep,
    team: Annotated[str | None, Query(description="A team's id", examples=["pesco-crrt"])] = None,
    incident: Annotated[
        str | None, Query(description="The incident's id or slug", examples=["wannacry-2017"])
    ] = None,
    state: Annotated[str | None, Query(description="Where: a State", examples=["MD"])] = None,
) -> EntryList[DeploymentOut]:
    found = toolbox.assistance.deployments(by=by, team=team, incident=incident, state=state)
    items = [deployment_out(d) for d in found]
    return EntryList(items=items, total=len(items))


@router.post(
    "/assistance/teams/{team_id}/deployments",
    summary="Record a deployment",
    description="A team sent somewhere; about an incident, it also goes on the incident's "
    "timeline as team-deployed." + _REFUSED,
    status_code=201,
    response_model=DeploymentOut,
    responses=errors(401, 403, 422),
)
def deploy(
    toolbox: ToolboxDep,
    by: SignedInDep,
    team_id: Annotated[str, Path(description="The team's id", examples=["pesco-crrt"])],
    body: DeploymentIn,
) -> DeploymentOut:
    return deployment_out(
        toolbox.assistance.deploy(
            team_id,
            by=by,
            location=body.location,
            starts=body.starts,
            ends=body.ends,
            tasks=body.tasks,
            incident=body.incident,
            tlp=body.tlp,
            classification=body.classification,
        )
    )


@router.post(
    "/assistance/deployments/{deployment_id}/close",
    summary="Close a deployment",
    description="Record its outcome (required) and lessons." + _REFUSED,
    response_model=DeploymentOut,
    responses=errors(401, 403, 404, 409, 422),
)
def close_deployment(
    toolbox: ToolboxDep,
    by: SignedInDep,
    deployment_id: Annotated[
        str,
        Path(description="The deployment's id", examples=["7d1e0f2a-9b3c-4d5e-8f60-718293a4b5c6"]),
    ],
    body: DeploymentClose,
) -> DeploymentOut:
    return deployment_out(
        toolbox.assistance.close_deployment(
            deployment_id, by=by, outcome=body.outcome, lessons=body.lessons, ends=body.ends
        )
    )
