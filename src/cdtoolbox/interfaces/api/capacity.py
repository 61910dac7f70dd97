"""`/api/v1/capacity…`: cyber capacity-building projects and the gaps they leave. Reads are
open to every reader (projects above their clearance left out); adding a project needs an
account with the right to edit the cooperation registers, and goes to the audit trail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from cdtoolbox.interfaces.api.capacity_schemas import (
    GapOut,
    ProjectIn,
    ProjectOut,
    gap_out,
    project_out,
)
from cdtoolbox.interfaces.api.parameters import errors
from cdtoolbox.interfaces.api.partner_schemas import PartnerProfileOut, partner_profile_out
from cdtoolbox.interfaces.api.reference_schemas import EntryList
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep, SignedInDep
from cdtoolbox.interfaces.http.request_context import ToolboxDep

__all__ = ["router"]

router = APIRouter(tags=["cooperation"], route_class=AuthenticateFirst)

_PROJECT = Path(description="The project's id", examples=["cybereast"])
_REGION = Query(description="A region id", examples=["western-balkans"])
_THEME = Query(description="A theme", examples=["e-evidence"])


@router.get(
    "/capacity/projects",
    summary="List capacity-building projects",
    description=(
        "The projects you may read, by id: funder, partners, themes, budget (only as a "
        "source gives it), dates, status. `region` keeps those naming the region or one of "
        "its States; an unknown region, theme, country or status is refused with 422."
    ),
    response_model=EntryList[ProjectOut],
    responses=errors(422),
)
def list_projects(
    toolbox: ToolboxDep,
    by: ReaderDep,
    region: Annotated[str | None, _REGION] = None,
    theme: Annotated[str | None, _THEME] = None,
    partner: Annotated[
        str | None, Query(description="ISO code or name of a partner", examples=["RS"])
    ] = None,
    status: Annotated[
        str | None,
        Query(description="planned, ongoing, completed or unknown", examples=["ongoing"]),
    ] = None,
) -> EntryList[ProjectOut]:
    found = toolbox.capacity.list(region=region, theme=theme, partner=partner, status=status, by=by)
    items = [project_out(p) for p in found]
    return EntryList(items=items, total=len(items))


@router.post(
    "/capacity/projects",
    summary="Add a capacity-building project",
    description=(
        "Add a project; its id is made from its title. An unknown country or region, a theme "
        "outside the eight, a negative budget, an end before the start, a title already used "
        "or a marking above your clearance is refused with 422 and nothing is written."
    ),
    status_code=201,
    response_model=ProjectOut,
    responses=errors(401, 403, 422),
)
def add_project(toolbox: ToolboxDep, by: SignedInDep, body: ProjectIn) -> ProjectOut:
    return project_out(toolbox.capacity.add(by=by, **body.model_dump()))


@router.get(
    "/capacity/projects/{project_id}",
    summary="Read a capacity-building project",
    description="One project; one above your clearance answers 404, as one never stored.",
    response_model=ProjectOut,
    responses=errors(404, 422),
)
def get_project(
    toolbox: ToolboxDep, by: ReaderDep, project_id: Annotated[str, _PROJECT]
) -> ProjectOut:
    return project_out(toolbox.capacity.get(project_id, by=by))


@router.get(
    "/capacity/gaps",
    summary="Capacity-building gaps",
    description=(
        "States with incidents you may read or weak CBM implementation, per theme no project "
        "you may read serves; most incidents first."
    ),
    response_model=EntryList[GapOut],
    responses=errors(422),
)
def list_gaps(
    toolbox: ToolboxDep,
    by: ReaderDep,
    region: Annotated[str | None, _REGION] = None,
    theme: Annotated[str | None, _THEME] = None,
) -> EntryList[GapOut]:
    found = toolbox.capacity.gaps(region=region, theme=theme, by=by)
    items = [gap_out(g) for g in found]
    return EntryList(items=items, total=len(items))


@router.get(
    "/capacity/partners/{country}",
    summary="A partner country's profile",
    description=(
        "The projects serving the country, their themes and budget per year (each budget "
        "spread evenly over its years; projects without a budget counted, not valued), its "
        "CBM implementation, the incidents it suffered and those attributed to it with their "
        "assessed severity, and its points of contact: only what you may read. An unknown "
        "country is refused with 422; one with nothing on record answers an empty profile."
    ),
    response_model=PartnerProfileOut,
    responses=errors(422),
)
def get_partner(
    toolbox: ToolboxDep,
    by: ReaderDep,
    country: Annotated[str, Path(description="ISO code or name", examples=["RS"])],
) -> PartnerProfileOut:
    return partner_profile_out(toolbox.capacity.partner_profile(country, by=by))
