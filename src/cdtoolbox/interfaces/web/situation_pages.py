"""The situation board (``/situation``) and the forms of an incident page's "Situation"
section: record an event, change the operational status, change the crisis level.

Each post is one library call. On success the browser is sent back to the incident's section
(so a reload does not post again) with a notice; when the library refuses, the incident page
is drawn again with the reason and what was typed (422), and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from cdtoolbox.errors import InvalidInput
from cdtoolbox.interfaces.http.authentication import (
    AuthenticateFirst,
    ReaderDep,
    SignedInDep,
    is_anonymous,
    session_of,
)
from cdtoolbox.interfaces.http.errors import problem_for
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.interfaces.web.csrf import CSRF_FIELD
from cdtoolbox.interfaces.web.incident_pages import incident_response
from cdtoolbox.interfaces.web.situation_stream import STREAM_PATH, board_revision
from cdtoolbox.interfaces.web.templating import render
from cdtoolbox.model.access import User
from cdtoolbox.model.situation import CrisisLevel, IncidentEvent, OperationalStatus
from cdtoolbox.toolbox import Toolbox

__all__ = ["router"]

router = APIRouter(route_class=AuthenticateFirst)

Form = dict[str, str]
_FILTERS = ("state", "sector", "status", "level")


@router.get("/situation")
def board_page(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    params = request.query_params
    values = {name: params.get(name, "").strip() for name in _FILTERS}
    context: dict[str, object] = {
        "values": values,
        "sectors": toolbox.knowledge.sectors.all(),
        "statuses": list(OperationalStatus),
        "levels": list(CrisisLevel),
        # Response cases are for signed-in users (docs/web.md): not named to visitors.
        "show_cases": not is_anonymous(viewer),
        "problem": None,
        "rows": (),
        "alerts": toolbox.alerts.list(by=viewer),
    }
    # Read before the board: a write in between moves it, and the stream then sends the board.
    revision = board_revision(toolbox)
    # Anonymous visitors are not followed: "changed since your last visit" is for accounts.
    since = None if is_anonymous(viewer) else toolbox.situation.visit_board(by=viewer)
    context["since"] = since
    try:
        rows = toolbox.situation.board(
            since=since,
            state=values["state"] or None,
            sector=values["sector"] or None,
            status=values["status"] or None,
            level=values["level"] or None,
            by=viewer,
        )
    except InvalidInput as error:
        context.update(problem=problem_for(error))
        return render(request, "situation/board.html", context, status_code=422)
    wanted = {name: value for name, value in values.items() if value}
    # The stream marks what changed since the same visit as the page did.
    marked = {"since": since.isoformat()} if since else {}
    context.update(
        rows=rows,
        revision=revision,
        stream_url=f"{STREAM_PATH}?{urlencode({**wanted, **marked, 'after': revision})}",
    )
    return render(request, "situation/board.html", context)


@router.post("/incidents/{key}/situation/events")
async def record_event(
    request: Request, key: str, toolbox: ToolboxDep, by: SignedInDep
) -> Response:
    def record(values: Form) -> IncidentEvent:
        return toolbox.situation.record_event(
            key,
            by=by,
            kind=values.get("kind", ""),
            summary=values.get("summary", ""),
            occurred_at=values.get("occurred_at") or None,
            body=values.get("body") or None,
            tlp=values.get("tlp") or None,
        )

    return await _save(request, key, toolbox, by, record, lambda _: "Event recorded.")


@router.post("/incidents/{key}/situation/status")
async def set_status(request: Request, key: str, toolbox: ToolboxDep, by: SignedInDep) -> Response:
    def record(values: Form) -> IncidentEvent:
        return toolbox.situation.set_status(
            key,
            values.get("status", ""),
            by=by,
            summary=values.get("summary") or None,
            occurred_at=values.get("occurred_at") or None,
            tlp=values.get("tlp") or None,
        )

    return await _save(request, key, toolbox, by, record, lambda _: "Status changed.")


@router.post("/incidents/{key}/situation/level")
async def change_level(
    request: Request, key: str, toolbox: ToolboxDep, by: SignedInDep
) -> Response:
    def record(values: Form) -> IncidentEvent:
        return toolbox.situation.change_level(
            key,
            values.get("level", ""),
            by=by,
            reason=values.get("reason", ""),
            summary=values.get("summary") or None,
            occurred_at=values.get("occurred_at") or None,
            body=values.get("body") or None,
            tlp=values.get("tlp") or None,
        )

    def said(event: IncidentEvent) -> str:
        level = event.level.label.lower() if event.level else ""
        return f"{(event.direction or 'change').capitalize()} to {level}."

    return await _save(request, key, toolbox, by, record, said)


async def _save(
    request: Request,
    key: str,
    toolbox: Toolbox,
    by: User,
    record: Callable[[Form], IncidentEvent],
    notice: Callable[[IncidentEvent], str],
) -> Response:
    form = await request.form()
    values = {
        name: value for name, value in form.items() if isinstance(value, str) and name != CSRF_FIELD
    }
    try:
        event = await run_in_threadpool(record, values)
    except InvalidInput as error:
        problem = problem_for(error)
        return await run_in_threadpool(
            lambda: incident_response(
                request,
                key,
                toolbox,
                by,
                situation_problem=problem,
                typed=values,
                status_code=422,
            )
        )
    session_of(request).leave_notice(notice(event))
    return RedirectResponse(f"/incidents/{key}#situation", status_code=303)
