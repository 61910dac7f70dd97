"""The requests board (``/requests``), one request's page and the teams with their
deployments (``/teams``). Each page is one or two library calls; a filter the library refuses
is shown with its reason (422)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cdtoolbox.errors import InvalidInput
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep
from cdtoolbox.interfaces.http.errors import problem_for
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.interfaces.web.templating import render
from cdtoolbox.model.assistance import Channel, RequestStatus, is_overdue

__all__ = ["router"]

router = APIRouter(route_class=AuthenticateFirst)

_FILTERS = ("status", "channel", "addressee", "incident", "state")


@router.get("/requests")
def requests_page(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    params = request.query_params
    values = {name: params.get(name, "").strip() for name in _FILTERS}
    overdue_only = params.get("overdue", "") == "1"
    context: dict[str, object] = {
        "values": values,
        "overdue_only": overdue_only,
        "statuses": list(RequestStatus),
        "channels": list(Channel),
        "problem": None,
        "rows": (),
    }
    try:
        found = toolbox.assistance.list(
            by=viewer,
            status=values["status"] or None,
            overdue=overdue_only,
            channel=values["channel"] or None,
            addressee=values["addressee"] or None,
            incident=values["incident"] or None,
            state=values["state"] or None,
        )
    except InvalidInput as error:
        context.update(problem=problem_for(error))
        return render(request, "assistance/requests.html", context, status_code=422)
    now = toolbox.clock.now()
    context.update(rows=[(r, is_overdue(r, now)) for r in found])
    return render(request, "assistance/requests.html", context)


@router.get("/requests/{request_id}")
def request_page(
    request: Request, request_id: str, toolbox: ToolboxDep, viewer: ReaderDep
) -> Response:
    found = toolbox.assistance.get(request_id, by=viewer)
    context = {
        "item": found,
        "overdue": is_overdue(found, toolbox.clock.now()),
        "offers": toolbox.assistance.offers(by=viewer, request=found.id),
        "channel": toolbox.knowledge.assistance.channel(found.channel),
    }
    return render(request, "assistance/request.html", context)


@router.get("/teams")
def teams_page(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    teams = toolbox.assistance.teams(by=viewer)
    deployments = toolbox.assistance.deployments(by=viewer)
    names = {team.id: team.name for team in teams}
    return render(
        request,
        "assistance/teams.html",
        {"teams": teams, "deployments": deployments, "names": names},
    )
