"""The capacity-building pages: the projects the reader may read, filtered by region and
theme, with the gaps table (States in need that no project serves in a theme); the gaps page,
with the gaps drawn on a world map and per theme beside the same table; and the IATI upload,
which imports an activity file as `cdt capacity import` does (all or nothing, every error
naming the activity and the element)."""

from __future__ import annotations

from pathlib import PurePath
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from cdtoolbox.errors import ImportRejected, InvalidInput
from cdtoolbox.ingest.iati import MAX_BYTES as MAX_IATI_BYTES
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep, SignedInDep
from cdtoolbox.interfaces.http.errors import problem_for
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.interfaces.web.import_page import read_bounded
from cdtoolbox.interfaces.web.templating import render
from cdtoolbox.model.access import Permission
from cdtoolbox.model.capacity import CapacityGap, CapacityProject, CapacityTheme
from cdtoolbox.model.reference import Country
from cdtoolbox.toolbox.access import require

__all__ = ["IATI_UPLOAD_PATH", "MAX_IATI_REQUEST_BYTES", "router"]

router = APIRouter(route_class=AuthenticateFirst)

IATI_UPLOAD_PATH = "/capacity/import"
# The whole form: the file, its multipart headers and the token.
MAX_IATI_REQUEST_BYTES = MAX_IATI_BYTES + 64 * 1024
_FILTERS = ("region", "theme")


def _filters(request: Request) -> dict[str, str]:
    return {name: request.query_params.get(name, "").strip() for name in _FILTERS}


@router.get("/capacity")
def capacity_page(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    values = _filters(request)
    context: dict[str, object] = {
        "values": values,
        "regions": toolbox.capacity.regions(by=viewer),
        "themes": list(CapacityTheme),
        "problem": None,
        "can_import": viewer.can(Permission.EDIT_COOPERATION),
    }
    filters = {name: value or None for name, value in values.items()}
    try:
        projects = toolbox.capacity.list(**filters, by=viewer)
        gaps = toolbox.capacity.gaps(**filters, by=viewer)
    except InvalidInput as error:
        context.update(problem=problem_for(error), projects=(), gaps=())
        return render(request, "cooperation/capacity.html", context, status_code=422)
    context.update(projects=projects, gaps=gaps)
    return render(request, "cooperation/capacity.html", context)


@router.get("/capacity/gaps")
def gaps_page(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    from cdtoolbox.report.gap_charts import (
        GAP_CLASSES,
        gap_class,
        gaps_by_theme_svg,
        gaps_map_svg,
    )

    values = _filters(request)
    context: dict[str, object] = {
        "values": values,
        "regions": toolbox.capacity.regions(by=viewer),
        "themes": list(CapacityTheme),
        "classes": GAP_CLASSES,
        "gap_class": gap_class,
        "problem": None,
    }
    try:
        gaps = toolbox.capacity.gaps(
            **{name: value or None for name, value in values.items()}, by=viewer
        )
    except InvalidInput as error:
        context.update(problem=problem_for(error), gaps=())
        return render(request, "cooperation/capacity_gaps.html", context, status_code=422)
    countries = toolbox.knowledge.countries
    context.update(
        gaps=gaps,
        names={gap.state: _name(countries.find(gap.state), gap.state) for gap in gaps},
        evidence=evidence,
        # Both SVGs are built from escaped text only (report.chart.svg_text).
        map=Markup(gaps_map_svg("Capacity-building gaps by State", gaps, countries, evidence)),
        chart=Markup(gaps_by_theme_svg("States with a gap, per theme", gaps)),
    )
    return render(request, "cooperation/capacity_gaps.html", context)


@router.get(IATI_UPLOAD_PATH)
def iati_form(request: Request, by: SignedInDep) -> Response:
    require(by, Permission.EDIT_COOPERATION)
    return render(request, "cooperation/capacity_import.html", _upload_context())


@router.post(IATI_UPLOAD_PATH)
async def iati_upload(request: Request, toolbox: ToolboxDep, by: SignedInDep) -> Response:
    require(by, Permission.EDIT_COOPERATION)
    form = await request.form()
    upload = form.get("file")
    name: str | None = None
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InvalidInput("form", "file", None, "is required: choose an IATI file")
        name = PurePath(upload.filename.replace("\\", "/")).name
        content = await read_bounded(upload, name, MAX_IATI_BYTES)
        added = await run_in_threadpool(toolbox.capacity.import_iati, content, source=name, by=by)
    except (InvalidInput, ImportRejected) as error:
        errors = error.errors if isinstance(error, ImportRejected) else (error,)
        context = _upload_context(source=name, errors=tuple(errors))
        return render(request, "cooperation/capacity_import.html", context, 422)
    finally:
        await form.close()
    context = _upload_context(source=name, added=added)
    return render(request, "cooperation/capacity_import.html", context)


def _upload_context(
    *,
    source: str | None = None,
    added: tuple[CapacityProject, ...] | None = None,
    errors: tuple[InvalidInput, ...] = (),
) -> dict[str, object]:
    return {
        "source": source,
        "added": added,
        "errors": errors,
        "max_megabytes": MAX_IATI_BYTES // (1024 * 1024),
    }


def evidence(gap: CapacityGap) -> str:
    """Where a gap comes from: the State's incidents, or its CBM record when it has none."""
    if gap.incidents:
        return f"/incidents?victim_country={quote(gap.state)}"
    return f"/cbms/states/{quote(gap.state)}"


def _name(country: Country | None, code: str) -> str:
    return country.name if country else code
