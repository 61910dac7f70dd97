"""The UN process pages: the processes with their mandates and milestones, the agenda pillars,
the sessions with what was recorded of them, and one document paragraph by paragraph with
the positions on each (the EU's first, then the Member States')."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.interfaces.web.templating import render
from cdtoolbox.model.un_process import UnDocument

__all__ = ["router"]

router = APIRouter(route_class=AuthenticateFirst)


@router.get("/un")
def un_page(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    un = toolbox.un_process
    documents = un.documents(by=viewer)
    statements = un.statements(by=viewer)
    by_session: dict[str, list[UnDocument]] = {}
    for document in documents:
        by_session.setdefault(document.session, []).append(document)
    spoken: dict[str, int] = {}
    for statement in statements:
        spoken[statement.session] = spoken.get(statement.session, 0) + 1
    pillars = un.pillars(by=viewer)
    return render(
        request,
        "un/index.html",
        {
            "processes": un.processes(by=viewer),
            "pillars": pillars,
            "pillars_by_id": {info.pillar: info.title for info in pillars},
            "sessions": un.sessions(by=viewer),
            "documents": by_session,
            "statements": statements,
            "spoken": spoken,
        },
    )


@router.get("/un/documents/{document_id}")
def document_page(
    request: Request, document_id: str, toolbox: ToolboxDep, viewer: ReaderDep
) -> Response:
    read = toolbox.un_process.positions(document_id, by=viewer)
    pillars = {info.pillar: info.title for info in toolbox.un_process.pillars(by=viewer)}
    return render(request, "un/document.html", {"read": read, "pillars": pillars})
