"""The dialogues pages: the register of the EU's cyber dialogues and partnerships, filtered
by partner, kind and status, and one dialogue with the rounds the reader may read."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cdtoolbox.errors import InvalidInput
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep
from cdtoolbox.interfaces.http.errors import problem_for
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.interfaces.web.templating import render
from cdtoolbox.model.dialogues import DialogueKind, DialogueStatus

__all__ = ["router"]

router = APIRouter(route_class=AuthenticateFirst)


@router.get("/dialogues")
def dialogues_page(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    params = request.query_params
    values = {name: params.get(name, "").strip() for name in ("partner", "kind", "status")}
    context: dict[str, object] = {
        "values": values,
        "kinds": [k.value for k in DialogueKind],
        "statuses": [s.value for s in DialogueStatus],
        "problem": None,
    }
    try:
        found = toolbox.dialogues.list(
            partner=values["partner"] or None,
            kind=values["kind"] or None,
            status=values["status"] or None,
            by=viewer,
        )
    except InvalidInput as error:
        context.update(problem=problem_for(error), dialogues=())
        return render(request, "cooperation/dialogues.html", context, status_code=422)
    context["dialogues"] = found
    return render(request, "cooperation/dialogues.html", context)


@router.get("/dialogues/{dialogue_id}")
def dialogue_page(
    request: Request, dialogue_id: str, toolbox: ToolboxDep, viewer: ReaderDep
) -> Response:
    dialogue = toolbox.dialogues.get(dialogue_id, by=viewer)
    return render(request, "cooperation/dialogue.html", {"dialogue": dialogue})
