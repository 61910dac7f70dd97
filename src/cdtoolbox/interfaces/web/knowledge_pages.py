"""The reference pages: UN norms, international law, the Toolbox instruments, the OSCE CBMs,
and the API reference generated from the OpenAPI description."""

from __future__ import annotations

from itertools import groupby

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.interfaces.web.api_reference import (
    TOKEN_VARIABLE,
    URL_VARIABLE,
    ApiReference,
    api_reference,
)
from cdtoolbox.interfaces.web.extensions import WebExtensions, loaded_sections
from cdtoolbox.interfaces.web.templating import render
from cdtoolbox.toolbox.norm_index import NormIncidents, NormIndex

__all__ = ["NORM_ROWS_SHOWN", "router"]

router = APIRouter(route_class=AuthenticateFirst)

#: Rows listed under one norm; a store of thousands of incidents would otherwise make the page
#: megabytes long. The counts above each table are always complete.
NORM_ROWS_SHOWN = 200


@router.get("/norms")
def norms_page(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    """Each UN norm with the incidents the assessment engine finds engaging it, among those
    the reader is cleared to read."""
    knowledge = toolbox.knowledge
    extensions: WebExtensions = request.app.state.web_extensions
    index: NormIndex = request.app.state.norm_index
    engaging = index.by_norm(by=viewer)
    norms = [
        {
            "norm": norm,
            "principles": [p for p in knowledge.law.all() if norm.id in p.related_norms],
            "incidents": engaging.get(norm.id, NormIncidents(norm.id)),
            "sections": loaded_sections(extensions.norm_sections, toolbox, norm, viewer),
        }
        for norm in knowledge.norms.all()
    ]
    return render(request, "knowledge/norms.html", {"norms": norms, "rows_shown": NORM_ROWS_SHOWN})


@router.get("/law")
def law_page(request: Request, toolbox: ToolboxDep) -> Response:
    knowledge = toolbox.knowledge
    norm_titles = {norm.id: norm.title for norm in knowledge.norms.all()}
    return render(
        request,
        "knowledge/law.html",
        {"principles": knowledge.law.all(), "norm_titles": norm_titles},
    )


@router.get("/instruments")
def instruments_page(request: Request, toolbox: ToolboxDep) -> Response:
    ladder = toolbox.knowledge.instruments.ladder()
    levels = [(level, list(items)) for level, items in groupby(ladder, key=lambda i: i.level)]
    return render(request, "knowledge/instruments.html", {"levels": levels})


@router.get("/cbms")
def cbms_page(request: Request, toolbox: ToolboxDep) -> Response:
    cbms = toolbox.knowledge.cbms
    return render(
        request, "knowledge/cbms.html", {"frameworks": cbms.frameworks, "measures": cbms.all()}
    )


@router.get("/api")
def api_reference_page(request: Request) -> Response:
    """Every API operation with its description, parameters, a request and its response, from
    the OpenAPI document."""
    state = request.app.state
    reference: ApiReference | None = getattr(state, "api_reference", None)
    if reference is None:
        # Built on the first visit and kept for the application's life (the document cannot
        # change once the routes are in): not in create_app, where every application the tests
        # make would pay the fifth of a second the OpenAPI document takes for nothing.
        reference = state.api_reference = api_reference(request.app.openapi())
    return render(
        request,
        "knowledge/api.html",
        {
            "reference": reference,
            "openapi_url": request.app.openapi_url,
            "origin": str(request.base_url).rstrip("/"),
            "url_variable": URL_VARIABLE,
            "token_variable": TOKEN_VARIABLE,
        },
    )
