"""The acknowledgement form of the board's "Alerts" section (``/alerts/{id}/acknowledge``):
one library call, then back to the board with a notice."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, SignedInDep, session_of
from cdtoolbox.interfaces.http.request_context import ToolboxDep

__all__ = ["router"]

router = APIRouter(route_class=AuthenticateFirst)


@router.post("/alerts/{alert_id}/acknowledge")
async def acknowledge(
    request: Request, alert_id: str, toolbox: ToolboxDep, by: SignedInDep
) -> Response:
    alert = await run_in_threadpool(lambda: toolbox.alerts.acknowledge(alert_id, by=by))
    session_of(request).leave_notice(f"Alert acknowledged: {alert.summary}")
    return RedirectResponse("/situation#alerts-title", status_code=303)
