"""The cooperation pages: the CBM implementation matrix (States x measures, by status, with
filters by framework and region), one State's implementation, the CSV export, the
points-of-contact directory and a communication-check round with its response figures."""

from __future__ import annotations

from itertools import groupby

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cdtoolbox.errors import InvalidInput
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep
from cdtoolbox.interfaces.http.errors import problem_for
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.interfaces.web.templating import render
from cdtoolbox.model.cooperation import ImplementationStatus

__all__ = ["STATUS_LEGEND", "router"]

router = APIRouter(route_class=AuthenticateFirst)

#: Each status with the mark its matrix cell shows beside its colour (colour alone would
#: leave colour-blind readers and printouts without the status) and its legend text.
STATUS_LEGEND: tuple[tuple[ImplementationStatus, str, str], ...] = (
    (ImplementationStatus.IMPLEMENTED, "●", "Implemented"),
    (ImplementationStatus.PARTIAL, "◐", "Partially implemented"),
    (ImplementationStatus.PLANNED, "○", "Planned"),
    (ImplementationStatus.NOT_REPORTED, "·", "Not reported"),
)


@router.get("/cbms/matrix")
def matrix_page(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    params = request.query_params
    values = {name: params.get(name, "").strip() for name in ("framework", "region")}
    context: dict[str, object] = {
        "values": values,
        "frameworks": toolbox.cbms.frameworks(by=viewer),
        "regions": toolbox.cbms.regions(by=viewer),
        "legend": STATUS_LEGEND,
        "marks": {status: mark for status, mark, _ in STATUS_LEGEND},
        "measures": {m.id: m for m in toolbox.knowledge.cbms.all()},
        "problem": None,
    }
    try:
        matrix = toolbox.cbms.matrix(values["framework"], values["region"], by=viewer)
    except InvalidInput as error:
        context.update(problem=problem_for(error), matrix=None)
        return render(request, "cooperation/matrix.html", context, status_code=422)
    measures = {m.id: m for m in toolbox.knowledge.cbms.all()}
    names = {f.id: f.name for f in toolbox.cbms.frameworks(by=viewer)}
    countries = toolbox.knowledge.countries
    context.update(
        matrix=matrix,
        # Readers look a State up by its name, not its code (AD, AL, AT… reads as Andorra,
        # Albania, Austria).
        rows=sorted(matrix.states, key=lambda code: countries.get(code).name),
        # One header cell per framework above the measures' numbers: "OSCE 10" sixteen
        # times does not fit a desktop screen, the numbers under one "OSCE" do.
        groups=[
            (framework, names[framework], len(list(ids)))
            for framework, ids in groupby(matrix.measure_ids, lambda i: measures[i].framework)
        ],
    )
    return render(request, "cooperation/matrix.html", context)


@router.get("/cbms/export.csv")
def export_csv(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    framework = request.query_params.get("framework", "").strip() or None
    text = toolbox.cbms.export_csv(framework, by=viewer)
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="cbm-implementation.csv"'},
    )


@router.get("/cbms/states/{state}")
def state_page(request: Request, state: str, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    implementation = toolbox.cbms.status(state, by=viewer)
    cbms = toolbox.knowledge.cbms
    return render(
        request,
        "cooperation/state.html",
        {
            "implementation": implementation,
            "frameworks": [cbms.framework(f) for f in implementation.frameworks],
            "measures": {m.id: m for m in cbms.all()},
            "history": toolbox.cbms.history(implementation.state, by=viewer),
            "contacts": toolbox.pocs.list(state=implementation.state, by=viewer),
            "marks": {status: mark for status, mark, _ in STATUS_LEGEND},
        },
    )


@router.get("/pocs")
def pocs_page(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    params = request.query_params
    values = {name: params.get(name, "").strip() for name in ("state", "network")}
    stale_only = params.get("stale", "") == "1"
    context: dict[str, object] = {
        "values": values,
        "stale_only": stale_only,
        "networks": toolbox.pocs.networks(by=viewer),
        "rounds": toolbox.pocs.rounds(by=viewer),
        "problem": None,
    }
    try:
        contacts = toolbox.pocs.list(
            state=values["state"] or None,
            network=values["network"] or None,
            stale=stale_only,
            by=viewer,
        )
    except InvalidInput as error:
        context.update(problem=problem_for(error), contacts=())
        return render(request, "cooperation/pocs.html", context, status_code=422)
    context["contacts"] = [(poc, toolbox.pocs.is_stale(poc)) for poc in contacts]
    # CERT-EU answers for the EU, which has no ISO country code and so no tracker page.
    countries = toolbox.knowledge.countries
    context["state_pages"] = {p.state for p in contacts if countries.find(p.state) is not None}
    return render(request, "cooperation/pocs.html", context)


@router.get("/pocs/rounds/{round_id}")
def round_page(request: Request, round_id: str, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    report = toolbox.pocs.report(round_id, by=viewer)
    contacts = {p.id: p for p in toolbox.pocs.list(network=report.round.network, by=viewer)}
    return render(request, "cooperation/round.html", {"report": report, "contacts": contacts})
