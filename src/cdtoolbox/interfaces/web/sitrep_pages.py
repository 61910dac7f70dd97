"""A situation report's page (``/sitreps/{id}``, one version and the list of all those the
reader may read), its downloads (``/sitreps/{id}.{format}``, approved versions only), the
approval form, and the "Situation reports" section of an incident's page.

Each view is one library call; the library decides who may read, approve or export.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from cdtoolbox.errors import InvalidInput
from cdtoolbox.interfaces.http.authentication import (
    AuthenticateFirst,
    ReaderDep,
    SignedInDep,
    session_of,
)
from cdtoolbox.interfaces.http.errors import problem_for
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.interfaces.web.extensions import PageSection
from cdtoolbox.interfaces.web.templating import render
from cdtoolbox.model import Incident
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.sitrep import SITREP_SECTIONS, Sitrep, SitrepStatus
from cdtoolbox.report import render_report
from cdtoolbox.report.formats import ReportFormat, read_report_format
from cdtoolbox.toolbox import Toolbox

__all__ = ["SITREPS_SECTION", "router"]

router = APIRouter(route_class=AuthenticateFirst)


def _incident_sitreps(toolbox: Toolbox, incident: Incident, reader: User) -> tuple[Sitrep, ...]:
    # Shown even when empty: "no sitrep yet" is an answer, and the section says how to draft.
    return toolbox.sitreps.list(incident.id, by=reader)


SITREPS_SECTION: PageSection[Incident] = PageSection(
    "sitreps", "Situation reports", "situation/sitreps_section.html", _incident_sitreps
)


# Before the page route: "/sitreps/{id}.md" is a download, not a page of id "….md".
@router.get("/sitreps/{sitrep_id}.{format_name}")
def sitrep_download(
    sitrep_id: str,
    format_name: str,
    toolbox: ToolboxDep,
    viewer: ReaderDep,
    version: int | None = None,
) -> Response:
    """An approved version as a document (md, html, pdf or json) under its TLP banner."""
    kind = read_report_format(format_name)
    document = toolbox.sitreps.document(sitrep_id, version=version, by=viewer)
    # A download, never shown in place: the document carries its own styles, which the
    # pages' content security policy would refuse.
    name = f"sitrep-{document.incident_slug}-v{document.version}.{kind.value}"
    return Response(
        render_report(document, kind),
        media_type=kind.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/sitreps/{sitrep_id}")
def sitrep_page(
    request: Request,
    sitrep_id: str,
    toolbox: ToolboxDep,
    viewer: ReaderDep,
    version: int | None = None,
) -> Response:
    return _page(request, sitrep_id, toolbox, viewer, version)


@router.post("/sitreps/{sitrep_id}/approve")
async def approve(
    request: Request, sitrep_id: str, toolbox: ToolboxDep, by: SignedInDep
) -> Response:
    form = await request.form()
    typed = form.get("version")
    try:
        version = int(typed) if isinstance(typed, str) and typed.strip().isdigit() else None
        if version is None:
            raise InvalidInput("sitrep", "version", typed, "is not a version number")
        approved = await run_in_threadpool(
            lambda: toolbox.sitreps.approve(sitrep_id, version=version, by=by)
        )
    except InvalidInput as error:
        problem = problem_for(error)
        return await run_in_threadpool(
            lambda: _page(request, sitrep_id, toolbox, by, None, problem=problem, status_code=422)
        )
    session_of(request).leave_notice(f"Version {approved.version} approved.")
    return RedirectResponse(f"/sitreps/{approved.id}", status_code=303)


def _page(
    request: Request,
    sitrep_id: str,
    toolbox: Toolbox,
    viewer: User,
    version: int | None,
    *,
    problem: object | None = None,
    status_code: int = 200,
) -> Response:
    versions = toolbox.sitreps.versions(sitrep_id, by=viewer)
    chosen = toolbox.sitreps.get(sitrep_id, version=version, by=viewer)
    incident = toolbox.incidents.get(chosen.incident_id, by=viewer)
    latest = versions[-1]
    return render(
        request,
        "situation/sitrep.html",
        {
            "sitrep": chosen,
            "versions": versions,
            "incident": incident,
            "sections": SITREP_SECTIONS,
            "formats": list(ReportFormat),
            # Whether to offer the form; the library decides when it is posted.
            "may_approve": latest.status is SitrepStatus.DRAFT
            and viewer.can(Permission.APPROVE_SITREPS)
            and viewer.username != latest.drafted_by,
            "latest": latest,
            "problem": problem,
        },
        status_code=status_code,
    )
