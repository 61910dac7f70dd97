"""The Reports page: a form to choose a report (the brief of an incident, the dossier of a
case, the annual report, the UN contribution or the threat landscape of a period) and its
format, answered with the document as a download.

Each report is made by the same library call as `cdt report …`, for the reader: what is above
their clearance is left out and counted nowhere. A wrong value is shown beside its field (422);
an incident or a case the reader may not read is answered as one that does not exist (404).
Case dossiers, like the case pages, are for signed-in users.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.interfaces.http.authentication import (
    AuthenticateFirst,
    ReaderDep,
    require_account,
)
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.interfaces.web.templating import render
from cdtoolbox.model.access import User
from cdtoolbox.report import Report, ReportFormat, read_report_format, render_report
from cdtoolbox.toolbox import Toolbox

__all__ = ["router"]

router = APIRouter(route_class=AuthenticateFirst)


class ReportKind(StrEnum):
    BRIEF = "brief"
    CASE = "case"
    ANNUAL = "annual"
    UN = "un"
    LANDSCAPE = "landscape"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    ReportKind.BRIEF: "Decision brief of an incident",
    ReportKind.CASE: "Dossier of a response case",
    ReportKind.ANNUAL: "Annual report of a period",
    ReportKind.UN: "Draft UN contribution (OEWG pillars) of a period",
    ReportKind.LANDSCAPE: "Threat landscape of a period",
}

_FIELDS = ("report", "incident", "case", "since", "until", "format")

_Maker = Callable[[Toolbox, dict[str, str], User], Report]


_MAKERS: dict[ReportKind, _Maker] = {
    ReportKind.BRIEF: lambda toolbox, values, by: toolbox.reports.document_brief(
        _required(values, "incident"), by=by
    ),
    ReportKind.CASE: lambda toolbox, values, by: toolbox.reports.case_dossier(
        _required(values, "case"), by=require_account(by)
    ),
    ReportKind.ANNUAL: lambda toolbox, values, by: toolbox.reports.annual(
        _required(values, "since"), values["until"] or None, by=by
    ),
    ReportKind.UN: lambda toolbox, values, by: toolbox.reports.un_contribution(
        _required(values, "since"), values["until"] or None, by=by
    ),
    ReportKind.LANDSCAPE: lambda toolbox, values, by: toolbox.reports.landscape(
        _required(values, "since"), values["until"] or None, by=by
    ),
}


def _required(values: dict[str, str], field: str) -> str:
    if not values[field]:
        raise InvalidInput("report", field, None, "is required for this report")
    return values[field]


@router.get("/reports")
def reports_page(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    values = {name: request.query_params.get(name, "").strip() for name in _FIELDS}
    context: dict[str, object] = {
        "values": values,
        "kinds": tuple(ReportKind),
        "formats": tuple(ReportFormat),
        "errors": {},
    }
    if not values["report"]:
        return render(request, "reports/page.html", context)
    try:
        kind = _kind(values["report"])
        document_format = read_report_format(values["format"] or ReportFormat.PDF.value)
        report = _MAKERS[kind](toolbox, values, viewer)
        document = render_report(report, document_format)
    except NotFound:
        # Only the brief and the dossier name a record; one the reader may not read is
        # answered as one that does not exist, as its own page answers it.
        field = "incident" if kind is ReportKind.BRIEF else "case"
        context["errors"] = {field: f"“{values[field]}” names no {field} you may read"}
        return render(request, "reports/page.html", context, status_code=404)
    except InvalidInput as error:
        given = f"“{error.value}” " if error.value not in (None, "") else ""
        context["errors"] = {error.field: f"{given}{error.reason}"}
        return render(request, "reports/page.html", context, status_code=422)
    # A download, never shown in place: the document carries its own styles, which the
    # pages' content security policy would refuse.
    name = f"{_subject(kind, values)}.{document_format.value}"
    return Response(
        document,
        media_type=document_format.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _kind(text: str) -> ReportKind:
    try:
        return ReportKind(text.lower())
    except ValueError:
        known = ", ".join(kind.value for kind in ReportKind)
        raise InvalidInput("report", "report", text, f"is not one of {known}") from None


def _subject(kind: ReportKind, values: dict[str, str]) -> str:
    """The file's name: the report and what it is of, in characters safe in a header."""
    if kind is ReportKind.BRIEF:
        subject = f"{values['incident']}-brief"
    elif kind is ReportKind.CASE:
        subject = f"case-{values['case']}"
    else:
        period = values["since"] + (f"_{values['until']}" if values["until"] else "")
        subject = f"{kind.value}-{period}"
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in subject)
