"""`/api/v1/pqc`: the post-quantum transition tracker — the inventoried cryptographic assets,
classified, and the progress towards the EU roadmap's milestones."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query

from cdtoolbox.interfaces.api.parameters import errors
from cdtoolbox.interfaces.api.pqc_schemas import (
    AssetListOut,
    InventoryImportOut,
    ProgressOut,
    asset_list_out,
    inventory_import_out,
    progress_out,
)
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep, SignedInDep
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.model.vocabulary import Classification, Tlp

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


_CBOM_EXAMPLE = {
    "bomFormat": "CycloneDX",
    "specVersion": "1.6",
    "version": 1,
    "components": [
        {
            "type": "cryptographic-asset",
            "name": "RSA-2048",
            "bom-ref": "rsa",
            "cryptoProperties": {
                "assetType": "algorithm",
                "algorithmProperties": {"primitive": "pke", "parameterSetIdentifier": "2048"},
            },
            "properties": [
                {"name": "cdtoolbox:pqc:data-lifetime-years", "value": "25"},
                {"name": "cdtoolbox:pqc:criticality", "value": "high"},
            ],
        }
    ],
}


@router.post(
    "/pqc/inventories",
    summary="Import an organisation's CBOM",
    description=(
        "Replace the inventory of the organisation named with the algorithm assets of a "
        "CycloneDX 1.6 CBOM, as `cdt pqc import` does (docs/pqc.md): one transaction, one "
        "audit entry; a CBOM that is not CycloneDX 1.6 or breaks its schema is refused with "
        "the field and the reason, and nothing changes. Needs the right to import data and a "
        "clearance at least `tlp` (and a classification clearance at least `classification`)."
    ),
    response_model=InventoryImportOut,
    responses=errors(401, 403, 422),
)
def import_inventory(
    toolbox: ToolboxDep,
    by: SignedInDep,
    document: Annotated[
        dict[str, Any],
        Body(description="A CycloneDX 1.6 CBOM (JSON)", examples=[_CBOM_EXAMPLE]),
    ],
    organisation: Annotated[
        str, Query(description="The organisation", examples=["Federal Foreign Office"])
    ] = "",
    member_state: Annotated[
        str, Query(description="EU Member State, ISO code or name", examples=["DE"])
    ] = "",
    sector: Annotated[
        str | None, Query(description="Sector id or name", examples=["government"])
    ] = None,
    tlp: Annotated[Tlp, Query(description="The marking of the assets", examples=["amber"])] = (
        Tlp.AMBER
    ),
    classification: Annotated[
        Classification | None,
        Query(
            description="The EU classification of the assets (none: unclassified); needs a "
            "classification clearance at least as high",
            examples=["restreint-ue"],
        ),
    ] = None,
) -> InventoryImportOut:
    report = toolbox.pqc.import_document(
        json.dumps(document).encode(),
        "request body (CBOM).json",
        organisation=organisation or None,
        member_state=member_state or None,
        sector=sector,
        tlp=tlp,
        classification=classification,
        by=by,
    )
    return inventory_import_out(report)
