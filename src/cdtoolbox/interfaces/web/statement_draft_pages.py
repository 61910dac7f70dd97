"""The review form of a statement's draft response (``/statements/{id}/draft``): the draft
response and, where the statement describes an incident the store does not hold, the draft
incident, with the fields an analyst corrects; posting it confirms the draft.

Each view is one library call; the library decides who may draft and confirm (the right to
record incidents) and checks what is typed.
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from cdtoolbox.errors import CdtError, Conflict, ImportRejected, InvalidInput
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, SignedInDep, session_of
from cdtoolbox.interfaces.http.errors import problem_for
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.interfaces.web.templating import render
from cdtoolbox.model.access import User
from cdtoolbox.model.response_record import DraftCorrections
from cdtoolbox.model.vocabulary import IncidentType
from cdtoolbox.toolbox import Toolbox

__all__ = ["router"]

router = APIRouter(route_class=AuthenticateFirst)

# The form's inputs, named as the corrections they make (errors are shown beside them).
_INPUTS = (
    "instrument",
    "date",
    "incidents",
    "wording",
    "state_named",
    "incident_title",
    "incident_types",
)


@router.get("/statements/{statement_id}/draft")
def draft_page(
    request: Request, statement_id: str, toolbox: ToolboxDep, by: SignedInDep
) -> Response:
    return _page(request, statement_id, toolbox, by)


@router.post("/statements/{statement_id}/draft")
async def confirm_draft(
    request: Request, statement_id: str, toolbox: ToolboxDep, by: SignedInDep
) -> Response:
    form = await request.form()
    typed = {name: [str(v) for v in form.getlist(name)] for name in (*_INPUTS, "version")}
    first = {name: values[0] if values else "" for name, values in typed.items()}
    incidents = [s.strip() for s in first["incidents"].replace(",", " ").split() if s.strip()]
    corrections = DraftCorrections(
        instrument=first["instrument"] or None,
        date=first["date"] or None,
        # Left empty: the draft's own (its incidents, or its draft incident, recorded).
        incidents=tuple(incidents) if incidents else None,
        wording=first["wording"],
        state_named=first["state_named"],
        incident_title=first["incident_title"] or None,
        incident_types=tuple(typed["incident_types"]),
    )
    version = int(first["version"]) if first["version"].isdigit() else None
    try:
        confirmed = await run_in_threadpool(
            lambda: toolbox.responses.confirm(
                statement_id, corrections, by=by, expected_version=version
            )
        )
    except (InvalidInput, ImportRejected, Conflict) as error:
        refused: CdtError = error
        return await run_in_threadpool(
            lambda: _page(request, statement_id, toolbox, by, error=refused, typed=typed)
        )
    session_of(request).leave_notice(f"Response confirmed: {confirmed.response.measure}.")
    target = confirmed.response.incidents[0] if confirmed.response.incidents else None
    return RedirectResponse(
        f"/incidents/{target}#responses" if target else f"/statements/{statement_id}/draft",
        status_code=303,
    )


def _page(
    request: Request,
    statement_id: str,
    toolbox: Toolbox,
    by: User,
    *,
    error: CdtError | None = None,
    typed: Mapping[str, list[str]] | None = None,
) -> Response:
    draft = toolbox.responses.draft(statement_id, by=by)
    statement = toolbox.statements.get(statement_id, by=by)
    return render(
        request,
        "statements/draft.html",
        {
            "statement": statement,
            "draft": draft,
            "response": draft.response,
            "on_record": None
            if draft.confirmed
            else toolbox.responses.repeat_of(draft.response, by=by),
            "instruments": toolbox.knowledge.instruments.all(),
            "incident_types": list(IncidentType),
            "typed": typed or {},
            "problem": problem_for(error) if error is not None else None,
            "errors": _errors(error),
        },
        status_code=200 if error is None else 409 if isinstance(error, Conflict) else 422,
    )


def _errors(error: CdtError | None) -> dict[str, list[str]]:
    """Each refusal beside the input it is about; those about no input go in the box above."""
    found: list[InvalidInput] = []
    if isinstance(error, InvalidInput):
        found = [error]
    elif isinstance(error, ImportRejected):
        found = [e for e in error.errors if isinstance(e, InvalidInput)]
    by_input: dict[str, list[str]] = {}
    for item in found:
        field = str(item.field).split(".")[0].split("[")[0]
        name = {"types": "incident_types", "title": "incident_title"}.get(field, field)
        if name in _INPUTS:
            by_input.setdefault(name, []).append(item.reason)
    return by_input
