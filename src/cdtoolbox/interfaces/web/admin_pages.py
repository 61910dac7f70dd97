"""The audit trail and the accounts, as pages: ``/audit`` for those who may read the trail,
``/accounts`` for administrators.

Both views ask the library and let it refuse: its ``Forbidden`` becomes the 403 page, as on
every page, and an anonymous visitor is sent to sign in. The trail is read newest first, a
page at a time; each further page starts before the last entry shown, so entries written
meanwhile never shift what the next page holds.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cdtoolbox.errors import InvalidInput
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, SignedInDep
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.interfaces.web.templating import render
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.audit import AuditEntry
from cdtoolbox.toolbox import Toolbox

__all__ = ["AUDIT_PAGE_SIZE", "record_page", "router"]

router = APIRouter(route_class=AuthenticateFirst)

AUDIT_PAGE_SIZE = 50

# The page of each kind of record that has one, by the ``entity`` the trail records.
_RECORD_PAGES = {
    "incident": "/incidents/{key}",
    "case": "/cases/{key}",
    "listing": "/sanctions/{key}",
    "statement": "/statements/{key}",
}


def record_page(entry: AuditEntry) -> str | None:
    """The address of the page showing the entry's record, if that kind of record has one."""
    pattern = _RECORD_PAGES.get(entry.entity)
    return pattern.format(key=entry.key) if pattern else None


@router.get("/audit")
def audit_trail(request: Request, toolbox: ToolboxDep, viewer: SignedInDep) -> Response:
    params = request.query_params
    entity = params.get("entity", "").strip() or None
    key = params.get("key", "").strip() or None
    before = _entry_number(params.get("before"))
    # The chain check comes first: it is what says whether the rows below can be trusted.
    verification = toolbox.audit.verify(by=viewer)
    # One more than shown tells whether there is an older page.
    entries = toolbox.audit.entries(
        by=viewer,
        entity=entity,
        key=key,
        before_seq=before,
        newest_first=True,
        limit=AUDIT_PAGE_SIZE + 1,
    )
    shown = entries[:AUDIT_PAGE_SIZE]
    older = shown[-1].seq if len(entries) > AUDIT_PAGE_SIZE else None
    return render(
        request,
        "admin/audit.html",
        {
            "verification": verification,
            "entries": [(entry, record_page(entry)) for entry in shown],
            "entity": entity,
            "key": key,
            "paged": before is not None,
            "older": older,
            # Whose account has a row to link to: only an administrator sees the accounts.
            "accounts": _usernames(toolbox, viewer),
        },
    )


@router.get("/accounts")
def accounts(request: Request, toolbox: ToolboxDep, viewer: SignedInDep) -> Response:
    users = toolbox.users.list(by=viewer)
    tokens = toolbox.users.usable_token_counts(by=viewer)
    return render(
        request,
        "admin/accounts.html",
        {"users": sorted(users, key=lambda user: user.username), "tokens": tokens},
    )


def _usernames(toolbox: Toolbox, viewer: User) -> set[str]:
    if not viewer.can(Permission.MANAGE_USERS):
        return set()
    return {user.username for user in toolbox.users.list(by=viewer)}


def _entry_number(value: str | None) -> int | None:
    if value is None or value == "":
        return None
    # isdigit alone takes "²" and other digits int() refuses.
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise InvalidInput("query", "before", value, "is not an entry number (1, 2, …)")
    return int(value)
