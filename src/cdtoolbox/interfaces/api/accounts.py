"""`/api/v1/me` and `/api/v1/audit`: who the caller is, and the record of every change."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from cdtoolbox.interfaces.api.account_schemas import (
    AuditPageOut,
    AuditVerificationOut,
    UserOut,
    audit_page_out,
    user_out,
    verification_out,
)
from cdtoolbox.interfaces.api.parameters import errors
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, SignedInDep
from cdtoolbox.interfaces.http.request_context import ToolboxDep

__all__ = ["router"]

router = APIRouter(tags=["accounts"], route_class=AuthenticateFirst)


@router.get(
    "/me",
    summary="Who am I",
    description=(
        "The account the credentials belong to: its role, what the role permits, the TLP "
        "clearance and, for a delegate, the Member State. Without credentials: 401."
    ),
    response_model=UserOut,
    responses=errors(401),
)
def who_am_i(by: SignedInDep) -> UserOut:
    return user_out(by)


@router.get(
    "/audit",
    summary="Read the audit trail",
    description=(
        "Every change to a governed record (incidents and imports, cases, positions, "
        "sanctions listings, accounts), oldest first, with who made it and the record before "
        "and after. An entry about an incident, or a case about one, is shown only to callers "
        "cleared for the incident's marking now and for every marking the entry records; "
        "naming a hidden record in `key` finds nothing, as naming no record does. `entity` "
        "and `key` keep one kind of record or one record; continue with `after_seq`. Needs a "
        "role that may read the audit trail (analyst, approver, administrator)."
    ),
    response_model=AuditPageOut,
    responses=errors(401, 403, 422),
)
def audit_entries(
    toolbox: ToolboxDep,
    by: SignedInDep,
    entity: Annotated[
        str | None, Query(description="Kind of record: case, listing, user…", examples=["case"])
    ] = None,
    key: Annotated[str | None, Query(description="The record's id", examples=["case-7f3a"])] = None,
    after_seq: Annotated[
        int, Query(ge=0, description="Continue after this entry", examples=[0])
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=1000, description="Page size", examples=[100])] = 100,
) -> AuditPageOut:
    # One more than asked tells whether there is a next page.
    entries = toolbox.audit.entries(
        by=by, entity=entity, key=key, after_seq=after_seq, limit=limit + 1
    )
    return audit_page_out(entries, limit)


@router.get(
    "/audit/verification",
    summary="Verify the audit trail",
    description=(
        "Recompute the hash chain of the whole audit trail: `intact` is true when no entry "
        "was altered, removed or inserted since it was written; otherwise `first_broken` "
        "names the first entry that fails and `reason` says how."
    ),
    response_model=AuditVerificationOut,
    responses=errors(401, 403),
)
def verify_audit(toolbox: ToolboxDep, by: SignedInDep) -> AuditVerificationOut:
    return verification_out(toolbox.audit.verify(by=by))
