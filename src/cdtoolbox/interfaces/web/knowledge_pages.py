"""The reference pages: UN norms, international law, the Toolbox instruments, the OSCE CBMs,
and the API reference generated from the OpenAPI description."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cdtoolbox.interfaces.request_context import ToolboxDep
from cdtoolbox.interfaces.web.extensions import WebExtensions, loaded_sections
from cdtoolbox.interfaces.web.templating import render

__all__ = ["router"]

router = APIRouter()

_METHODS = ("get", "post", "put", "patch", "delete")


@router.get("/norms")
def norms_page(request: Request, toolbox: ToolboxDep) -> Response:
    knowledge = toolbox.knowledge
    extensions: WebExtensions = request.app.state.web_extensions
    norms = [
        {
            "norm": norm,
            "principles": [p for p in knowledge.law.all() if norm.id in p.related_norms],
            "sections": loaded_sections(extensions.norm_sections, toolbox, norm),
        }
        for norm in knowledge.norms.all()
    ]
    return render(request, "knowledge/norms.html", {"norms": norms})


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
    return render(request, "knowledge/cbms.html", {"measures": toolbox.knowledge.cbms.all()})


@router.get("/api")
def api_reference_page(request: Request) -> Response:
    """Every API operation with its description and parameters, from the OpenAPI document."""
    document: dict[str, Any] = request.app.openapi()
    operations = [
        {"method": method.upper(), "path": path, **operation}
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in _METHODS
    ]
    return render(
        request,
        "knowledge/api.html",
        {"operations": operations, "openapi_url": request.app.openapi_url},
    )
