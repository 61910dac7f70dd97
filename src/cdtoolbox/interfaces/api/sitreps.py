"""`/api/v1/sitreps…`: situation reports on incidents. Reads are open to every reader
(versions above their clearance left out); drafting and revising need the right to edit
incidents, approving the approver's right and not being the version's author; every write
goes to the audit trail. An approved version's document is a download of the pages
(``/sitreps/{id}.{format}``), as the decision brief's is."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from cdtoolbox.interfaces.api.parameters import errors
from cdtoolbox.interfaces.api.reference_schemas import EntryList
from cdtoolbox.interfaces.api.sitrep_schemas import (
    ApproveIn,
    DraftIn,
    ReviseIn,
    SitrepOut,
    sitrep_out,
)
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep, SignedInDep
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.toolbox.sitreps import SitrepText

__all__ = ["router"]

router = APIRouter(tags=["sitreps"], route_class=AuthenticateFirst)

_SITREP = Path(description="The sitrep's id", examples=["5b7f2a8e-0c1d-4e8f-9a6b-2d3c4e5f6a7b"])
_VERSION = Query(description="A version (default: the latest you may read)", ge=1, examples=[1])
_REFUSED = (
    "An unknown incident, an empty section, a marking above your clearance or an unknown "
    "classification is refused with 422 naming the field; nothing is written."
)


@router.get(
    "/sitreps",
    summary="An incident's situation reports",
    description="Each sitrep on the incident at the latest version you may read, the first "
    "drafted first. An incident above your clearance answers 404, as one never stored.",
    response_model=EntryList[SitrepOut],
    responses=errors(404, 422),
)
def list_sitreps(
    toolbox: ToolboxDep,
    by: ReaderDep,
    incident: Annotated[
        str, Query(description="The incident's id or slug", examples=["wannacry-2017"])
    ],
) -> EntryList[SitrepOut]:
    items = [sitrep_out(s) for s in toolbox.sitreps.list(incident, by=by)]
    return EntryList(items=items, total=len(items))


@router.post(
    "/sitreps",
    summary="Draft a situation report",
    description="Version 1 of a new sitrep on an incident, a draft. " + _REFUSED,
    status_code=201,
    response_model=SitrepOut,
    responses=errors(401, 403, 422),
)
def draft_sitrep(toolbox: ToolboxDep, by: SignedInDep, body: DraftIn) -> SitrepOut:
    text = SitrepText(body.summary, body.assessment, body.actions, body.next_steps)
    return sitrep_out(
        toolbox.sitreps.draft(
            body.incident, text, tlp=body.tlp, classification=body.classification, by=by
        )
    )


@router.get(
    "/sitreps/{sitrep_id}",
    summary="One version of a situation report",
    description="The latest version you may read, or `version`. A sitrep with no version you "
    "may read answers 404.",
    response_model=SitrepOut,
    responses=errors(404, 422),
)
def get_sitrep(
    toolbox: ToolboxDep,
    by: ReaderDep,
    sitrep_id: Annotated[str, _SITREP],
    version: Annotated[int | None, _VERSION] = None,
) -> SitrepOut:
    return sitrep_out(toolbox.sitreps.get(sitrep_id, version=version, by=by))


@router.get(
    "/sitreps/{sitrep_id}/versions",
    summary="Every version of a situation report",
    description="The versions you may read, oldest first: earlier versions are never changed.",
    response_model=EntryList[SitrepOut],
    responses=errors(404, 422),
)
def sitrep_versions(
    toolbox: ToolboxDep, by: ReaderDep, sitrep_id: Annotated[str, _SITREP]
) -> EntryList[SitrepOut]:
    items = [sitrep_out(s) for s in toolbox.sitreps.versions(sitrep_id, by=by)]
    return EntryList(items=items, total=len(items))


@router.post(
    "/sitreps/{sitrep_id}/versions",
    summary="Revise a situation report",
    description="Write the next version, a draft: the sections given replace those of "
    "`expected_version`, the others are carried over. 409 when `expected_version` is no longer "
    "the latest. " + _REFUSED,
    status_code=201,
    response_model=SitrepOut,
    responses=errors(401, 403, 404, 409, 422),
)
def revise_sitrep(
    toolbox: ToolboxDep, by: SignedInDep, sitrep_id: Annotated[str, _SITREP], body: ReviseIn
) -> SitrepOut:
    text = SitrepText(body.summary, body.assessment, body.actions, body.next_steps)
    return sitrep_out(
        toolbox.sitreps.revise(
            sitrep_id,
            text,
            expected_version=body.expected_version,
            tlp=body.tlp,
            classification=body.classification,
            by=by,
        )
    )


@router.post(
    "/sitreps/{sitrep_id}/approve",
    summary="Approve a situation report",
    description="Approve the latest version, a draft. Needs the approver's right (approvers "
    "and administrators) and someone other than the version's author (403); 409 when a later "
    "version exists; 422 when it is already approved.",
    response_model=SitrepOut,
    responses=errors(401, 403, 404, 409, 422),
)
def approve_sitrep(
    toolbox: ToolboxDep, by: SignedInDep, sitrep_id: Annotated[str, _SITREP], body: ApproveIn
) -> SitrepOut:
    return sitrep_out(toolbox.sitreps.approve(sitrep_id, version=body.version, by=by))
