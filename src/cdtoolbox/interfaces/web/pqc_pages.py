"""The post-quantum transition dashboard: the EU roadmap's milestones, the progress of each
Member State and sector towards them, and the assets still to replace, with the
'harvest now, decrypt later' flag.

Inventories carry TLP markings: every count and row is the reader's, within their clearance.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cdtoolbox.errors import InvalidInput
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep
from cdtoolbox.interfaces.http.errors import problem_for
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.interfaces.web.templating import render
from cdtoolbox.model.pqc import QuantumStatus

__all__ = ["router"]

router = APIRouter(route_class=AuthenticateFirst)

_FILTERS = ("member_state", "sector")


@router.get("/pqc")
def pqc_dashboard(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    values = {name: request.query_params.get(name, "").strip() for name in _FILTERS}
    context: dict[str, object] = {
        "values": values,
        "progress": toolbox.pqc.progress(by=viewer),
        "countries": toolbox.knowledge.countries.eu_members(),
        "sectors": toolbox.knowledge.sectors.all(),
    }
    try:
        query = toolbox.pqc.filter_from(
            member_state=values["member_state"] or None, sector=values["sector"] or None
        )
    except InvalidInput as error:
        context.update(problem=problem_for(error), to_replace=())
        return render(request, "pqc/dashboard.html", context, status_code=422)
    found = toolbox.pqc.assets(query, by=viewer)
    # What the roadmap asks to replace: broken first, exposed data first among them.
    to_replace = sorted(
        (item for item in found if item.classification.status is not QuantumStatus.RESISTANT),
        key=lambda item: (
            item.classification.status is not QuantumStatus.VULNERABLE,
            not item.hndl,
            item.asset.member_state,
            item.asset.organisation,
        ),
    )
    context.update(problem=None, to_replace=to_replace, filtered=any(values.values()))
    return render(request, "pqc/dashboard.html", context)
