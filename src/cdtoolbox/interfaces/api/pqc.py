"""`/api/v1/pqc`: the post-quantum transition tracker — the inventoried cryptographic assets,
classified, and the progress towards the EU roadmap's milestones."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from cdtoolbox.interfaces.api.parameters import errors
from cdtoolbox.interfaces.api.pqc_schemas import (
    AssetListOut,
    ProgressOut,
    asset_list_out,
    progress_out,
)
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep
from cdtoolbox.interfaces.http.request_context import ToolboxDep

__all__ = ["router"]

router = APIRouter(tags=["pqc"], route_class=AuthenticateFirst)


@router.get(
    "/pqc/assets",
    summary="List inventoried cryptographic assets",
    description=(
        "The assets of the organisations' inventories the caller may read, each classified "
        "quantum-vulnerable, weakened, resistant or unclassified, with the recommended "
        "replacement and the 'harvest now, decrypt later' flag; the filters are those of "
        "`cdt pqc assets`."
    ),
    response_model=AssetListOut,
    responses=errors(422),
)
def list_assets(
    toolbox: ToolboxDep,
    by: ReaderDep,
    organisation: Annotated[
        str | None, Query(description="Organisation", examples=["Federal Foreign Office"])
    ] = None,
    member_state: Annotated[
        str | None, Query(description="EU Member State, ISO code or name", examples=["DE"])
    ] = None,
    sector: Annotated[
        str | None, Query(description="Sector id or name", examples=["energy"])
    ] = None,
    status: Annotated[
        str | None,
        Query(
            description="vulnerable, weakened, resistant or unclassified", examples=["vulnerable"]
        ),
    ] = None,
    hndl: Annotated[
        bool | None, Query(description="Only assets exposed (true) or not (false)", examples=[True])
    ] = None,
) -> AssetListOut:
    query = toolbox.pqc.filter_from(
        organisation=organisation,
        member_state=member_state,
        sector=sector,
        status=status,
        hndl=hndl,
    )
    return asset_list_out(toolbox.pqc.assets(query, by=by))


@router.get(
    "/pqc/progress",
    summary="Read the PQC roadmap progress",
    description=(
        "The EU roadmap's milestones (2026, 2030, 2035) with, for each Member State and "
        "sector, the assets by status, the share resistant, the share of the assets each "
        "milestone covers that is resistant, and the assets exposed to 'harvest now, decrypt "
        "later' under the quantum horizon shown."
    ),
    response_model=ProgressOut,
)
def read_progress(toolbox: ToolboxDep, by: ReaderDep) -> ProgressOut:
    return progress_out(toolbox.pqc.progress(by=by))
