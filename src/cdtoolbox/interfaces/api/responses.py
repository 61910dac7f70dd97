"""`/api/v1/responses` and the drafts of `/api/v1/statements/{id}/draft`: the public
responses in the store. Reads are open to every reader (responses above their clearance left
out); drafting and confirming need the right to record incidents, and go to the audit trail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from cdtoolbox.interfaces.api.parameters import errors
from cdtoolbox.interfaces.api.response_schemas import (
    DraftConfirmIn,
    ResponseListOut,
    ResponseOut,
    response_out,
)
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep, SignedInDep
from cdtoolbox.interfaces.http.request_context import ToolboxDep

__all__ = ["router"]

router = APIRouter(tags=["responses"], route_class=AuthenticateFirst)

_STATEMENT = Path(description="The statement's id", examples=["st-53139be03f3fd412"])


@router.get(
    "/responses",
    summary="List public responses",
    description=(
        "The public responses you may read: the release's (in its file's order), then those "
        "analysts confirmed from statements (by date). `state`: `confirmed` (the default), "
        "`draft`, or `all`."
    ),
    response_model=ResponseListOut,
    responses=errors(422),
)
def list_responses(
    toolbox: ToolboxDep,
    by: ReaderDep,
    incident: Annotated[
        str | None,
        Query(description="An incident concerned, by slug", examples=["viasat-ka-sat-2022"]),
    ] = None,
    state: Annotated[
        str, Query(description="confirmed, draft or all", examples=["confirmed"])
    ] = "confirmed",
    statement: Annotated[
        str | None,
        Query(description="Drafted from this statement", examples=["st-53139be03f3fd412"]),
    ] = None,
) -> ResponseListOut:
    found = toolbox.responses.list(
        incident=incident,
        state=None if state.strip().lower() == "all" else state,
        statement=statement,
        by=by,
    )
    return ResponseListOut(items=[response_out(record) for record in found])


@router.get(
    "/statements/{statement_id}/draft",
    summary="Draft the response of a statement",
    description=(
        "The draft response the statement's reading amounts to (and the draft incident where "
        "it names none the store holds), kept as a draft at the statement's marking: the same "
        "reading always gives the same draft, stored once, so asking again changes nothing. A "
        "response confirmed from the statement already is given as it is. Needs the right to "
        "record incidents; a statement above your clearance answers 404; one by an issuer "
        "other than the EU or a Member State 422."
    ),
    response_model=ResponseOut,
    responses=errors(401, 403, 404, 422),
)
def draft_response(
    toolbox: ToolboxDep, by: SignedInDep, statement_id: Annotated[str, _STATEMENT]
) -> ResponseOut:
    return response_out(toolbox.responses.draft(statement_id, by=by))


@router.post(
    "/statements/{statement_id}/draft/confirm",
    summary="Confirm the drafted response of a statement",
    description=(
        "Confirm the statement's draft response with the corrections given: it becomes a "
        "precedent of the assessment and shows on its incidents' pages. Its draft incident, "
        "unless `incidents` are given, is recorded as a real incident (validated as any). A "
        "draft that no longer matches (the statement re-marked, an incident it concerns no "
        "longer stored) answers 422; a draft changed since the `version` you reviewed, 409."
    ),
    response_model=ResponseOut,
    responses=errors(401, 403, 404, 409, 422),
)
def confirm_draft(
    toolbox: ToolboxDep,
    by: SignedInDep,
    statement_id: Annotated[str, _STATEMENT],
    body: DraftConfirmIn,
) -> ResponseOut:
    return response_out(
        toolbox.responses.confirm(
            statement_id, body.corrections(), by=by, expected_version=body.version
        )
    )
