"""The Incidents pages: the filterable list (filters in the address, so links can be shared),
its downloads, and one incident's page."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse

from cdtoolbox.errors import InvalidInput
from cdtoolbox.ingest.query_parameters import read_incident_sort
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep, is_anonymous
from cdtoolbox.interfaces.http.errors import problem_for
from cdtoolbox.interfaces.http.request_context import LISTING_PARAMETERS, ToolboxDep, filter_values
from cdtoolbox.interfaces.web.extensions import WebExtensions, loaded_sections
from cdtoolbox.interfaces.web.situation_section import situation_section
from cdtoolbox.interfaces.web.templating import render
from cdtoolbox.model import Incident, IncidentFilter, IncidentSort
from cdtoolbox.model.access import User
from cdtoolbox.model.taxii import STIX_MEDIA_TYPE
from cdtoolbox.report import ReportFormat, read_report_format, render_brief
from cdtoolbox.toolbox import Toolbox

__all__ = ["PAGE_SIZES", "incident_response", "router"]

router = APIRouter(route_class=AuthenticateFirst)

PAGE_SIZES = (25, 50, 100, 200)
_DEFAULT_PAGE_SIZE = 50
_SORT_LABELS = {
    IncidentSort.START_DESC: "Newest first",
    IncidentSort.START_ASC: "Oldest first",
    IncidentSort.TITLE: "Title",
    IncidentSort.UPDATED_DESC: "Recently updated",
}


def _names(toolbox: Toolbox, incidents: Iterable[Incident], reader: User) -> dict[str, str]:
    ids: set[str] = set()
    for incident in incidents:
        ids.update(incident.actor_ids)
        ids.update(item.actor_id for item in incident.attributions if item.actor_id)
    return toolbox.actors.names(ids, by=reader)


def _page_size(text: str | None) -> int:
    if text is None or not text.strip():
        return _DEFAULT_PAGE_SIZE
    try:
        return int(text)
    except ValueError:
        raise InvalidInput("query", "limit", text, "must be a whole number") from None


def _canonical(request: Request) -> str | None:
    """The address without blank parameters (an empty form field sends ``name=``), or None
    when it has none, so shared links carry only the filters in use."""
    pairs = request.query_params.multi_items()
    kept = [(name, value) for name, value in pairs if value.strip()]
    if len(kept) == len(pairs):
        return None
    query = urlencode(kept)
    return f"{request.url.path}?{query}" if query else request.url.path


@router.get("/incidents")
def incident_list(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    canonical = _canonical(request)
    if canonical is not None:
        return RedirectResponse(canonical, status_code=303)
    params = request.query_params
    values = filter_values(params)
    context: dict[str, object] = {
        "values": values,
        "sort": params.get("sort") or IncidentSort.START_DESC.value,
        "limit": params.get("limit") or str(_DEFAULT_PAGE_SIZE),
        "sort_labels": _SORT_LABELS,
        "page_sizes": PAGE_SIZES,
        "countries": toolbox.knowledge.countries.all(),
        "sectors": toolbox.knowledge.sectors.all(),
        "actors": toolbox.actors.all(by=viewer),
        "exports": _extensions(request).incident_exports,
        "export_query": urlencode([(n, v) for n, vs in values.items() for v in vs]),
    }
    try:
        query = toolbox.incidents.filter_from(values, by=viewer)
        page = toolbox.incidents.overview(
            query,
            sort=read_incident_sort(params.get("sort")),
            limit=_page_size(params.get("limit")),
            cursor=params.get("cursor"),
            by=viewer,
        )
    except InvalidInput as error:
        context.update(problem=problem_for(error), page=None)
        return render(request, "incidents/list.html", context, status_code=422)
    context.update(problem=None, page=page)
    return render(request, "incidents/list.html", context)


def _export_query(
    request: Request, toolbox: Toolbox, reader: User
) -> tuple[IncidentFilter, IncidentSort]:
    params = request.query_params
    query = toolbox.incidents.filter_from(filter_values(params, LISTING_PARAMETERS), by=reader)
    return query, read_incident_sort(params.get("sort"))


@router.get("/incidents/export.csv")
def export_csv(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    query, sort = _export_query(request, toolbox, viewer)
    lines = toolbox.incidents.export_csv(query, sort=sort, by=viewer)
    # The first page is read before answering, so a wrong filter still gets the error page.
    first = next(lines)
    return StreamingResponse(
        chain([first], lines),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="incidents.csv"'},
    )


@router.get("/incidents/export.json")
def export_json(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    query, sort = _export_query(request, toolbox, viewer)
    chunks = toolbox.incidents.export_json(query, sort=sort, by=viewer)
    first = next(chunks)
    return StreamingResponse(
        chain([first], chunks),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="incidents.json"'},
    )


@router.get("/incidents/export.stix")
def export_stix(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    """The incidents of the current filter as one STIX 2.1 bundle, with the actors they name;
    nothing above the reader's clearance leaves (the anonymous visitor's is TLP:GREEN)."""
    query, _ = _export_query(request, toolbox, viewer)
    chunks = _stix_chunks(toolbox, query, viewer)
    # The bundle is written before answering, so that a wrong filter still gets the error page.
    first = next(chunks)
    return StreamingResponse(
        chain([first], chunks),
        media_type=STIX_MEDIA_TYPE,
        headers={"Content-Disposition": 'attachment; filename="incidents.stix.json"'},
    )


_STREAM_CHUNK = 256 * 1024


def _stix_chunks(toolbox: Toolbox, query: IncidentFilter, by: User) -> Iterator[bytes]:
    """The bundle, written to a temporary file (it may be large) and read back in chunks."""
    with tempfile.TemporaryFile(prefix="cdt-export-") as spool:
        toolbox.stix.export_bundle(spool, query, by=by, max_tlp=by.clearance)
        spool.seek(0)
        while chunk := spool.read(_STREAM_CHUNK):
            yield chunk


@router.get("/incidents/{key}/brief.{format_name}")
def incident_brief(key: str, format_name: str, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    """The incident's decision brief as a download (pdf, html, md or json), limited to what
    the reader may read and marked with the highest TLP of what it includes."""
    kind = read_report_format(format_name)
    brief = toolbox.reports.document_brief(key, by=viewer)
    # A download, never shown in place: the document carries its own styles, which the
    # pages' content security policy would refuse.
    disposition = f'attachment; filename="{brief.slug}-brief.{kind.value}"'
    return Response(
        render_brief(brief, kind),
        media_type=kind.media_type,
        headers={"Content-Disposition": disposition},
    )


@router.get("/incidents/{key}")
def incident_page(request: Request, key: str, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    return incident_response(request, key, toolbox, viewer)


def incident_response(
    request: Request,
    key: str,
    toolbox: Toolbox,
    viewer: User,
    *,
    situation_problem: object | None = None,
    typed: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    """The incident's page; after a refused situation form, with the reason and what was
    typed (``situation_problem``, ``typed``) and the status the refusal answers."""
    incident = toolbox.incidents.get(key, by=viewer)
    # The page opens with the same brief the documents carry, from the same object.
    brief = toolbox.reports.brief(incident.id, by=viewer)
    similar = toolbox.incidents.similar(incident, by=viewer)
    linked = toolbox.observables.linked(incident.id, by=viewer)
    # The confirmed public responses the viewer may read: the release's and the analysts'.
    responses = toolbox.responses.list(incident=incident.slug, by=viewer)
    names = _names(toolbox, [incident, *(item.incident for item in similar)], viewer)
    sections = loaded_sections(_extensions(request).incident_sections, toolbox, incident, viewer)
    # Response cases are for signed-in users (see docs/web.md), so anonymous visitors are
    # not told of them.
    cases = [] if is_anonymous(viewer) else toolbox.cases.list(by=viewer, incident=incident.id)
    return render(
        request,
        "incidents/detail.html",
        {
            "incident": incident,
            "brief": brief,
            "brief_formats": ReportFormat,
            "names": names,
            "similar": similar,
            "linked": linked,
            "responses": responses,
            "sections": sections,
            "cases": cases,
            "situation": situation_section(toolbox, incident, viewer),
            "situation_problem": situation_problem,
            "typed": typed or {},
        },
        status_code=status_code,
    )


def _extensions(request: Request) -> WebExtensions:
    extensions: WebExtensions = request.app.state.web_extensions
    return extensions
