"""Who may do what: user accounts, roles, their permissions and TLP clearance.

The rules are one table (``ROLE_PERMISSIONS``) so that an auditor can read them in one place;
the library checks them on every call, whatever interface the call came through.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from cdtoolbox.model.vocabulary import Classification, Tlp

__all__ = [
    "ROLE_PERMISSIONS",
    "SYSTEM_USER",
    "ApiToken",
    "Marked",
    "Permission",
    "Role",
    "SignInSession",
    "User",
]


class Role(StrEnum):
    """What an account may do; the permissions of each are in ``ROLE_PERMISSIONS``."""

    VIEWER = "viewer"  # reads what their clearance allows
    ANALYST = "analyst"  # records incidents, imports, prepares and runs cases
    DELEGATE = "delegate"  # speaks for one Member State in consultations
    APPROVER = "approver"  # records the Council's decision and closes cases
    ADMIN = "admin"  # manages accounts; may do everything except speak for a Member State

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.VIEWER: "Viewer",
    Role.ANALYST: "Analyst",
    Role.DELEGATE: "Member State delegate",
    Role.APPROVER: "Approver",
    Role.ADMIN: "Administrator",
}


class Permission(StrEnum):
    """One kind of action the library checks; the value reads as "not allowed to <value>"."""

    READ = "read"
    EDIT_INCIDENTS = "edit incidents"
    IMPORT = "import data"
    EDIT_CASES = "edit response cases"
    RECORD_POSITION = "record a Member State's position"
    DECIDE_CASES = "record decisions on response cases"
    APPROVE_SITREPS = "approve situation reports"
    EDIT_SANCTIONS = "edit the sanctions register"
    EDIT_COOPERATION = "edit the CBM tracker and the points of contact"
    READ_AUDIT = "read the audit trail"
    MANAGE_USERS = "manage user accounts"
    MANAGE_KEYS = "manage the keyring of partners' signing keys"
    MANAGE_WEBHOOKS = "manage webhook targets"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.VIEWER: frozenset({Permission.READ}),
    Role.ANALYST: frozenset(
        {
            Permission.READ,
            Permission.EDIT_INCIDENTS,
            Permission.IMPORT,
            Permission.EDIT_CASES,
            Permission.EDIT_SANCTIONS,
            Permission.EDIT_COOPERATION,
            Permission.READ_AUDIT,
        }
    ),
    # A delegate records their own state's positions only; the state check is the library's.
    Role.DELEGATE: frozenset({Permission.READ, Permission.RECORD_POSITION}),
    Role.APPROVER: frozenset(
        {
            Permission.READ,
            Permission.DECIDE_CASES,
            Permission.APPROVE_SITREPS,
            Permission.READ_AUDIT,
        }
    ),
    Role.ADMIN: frozenset(set(Permission) - {Permission.RECORD_POSITION}),
}


class Marked(Protocol):
    """A record that carries both markings: a TLP label and an EU classification."""

    @property
    def tlp(self) -> Tlp: ...

    @property
    def classification(self) -> Classification | None: ...


@dataclass(frozen=True)
class User:
    """An account. ``clearance`` is the most restricted TLP marking the user may read;
    ``classification_clearance`` the highest EU classification (none: unclassified only).
    A record is theirs to read only when both allow it: the stricter marking wins."""

    username: str
    display_name: str
    role: Role
    clearance: Tlp
    member_state: str | None = None  # ISO 3166 alpha-2; set for delegates only
    classification_clearance: Classification | None = None
    active: bool = True
    created_at: datetime | None = None
    version: int = 1

    def can(self, permission: Permission) -> bool:
        return self.active and permission in ROLE_PERMISSIONS[self.role]

    def cleared_for(self, tlp: Tlp) -> bool:
        return tlp.rank <= self.clearance.rank

    def cleared_for_classification(self, level: Classification | None) -> bool:
        return Classification.rank_of(level) <= Classification.rank_of(
            self.classification_clearance
        )

    def may_read(self, record: Marked) -> bool:
        """Both markings allow it: TLP and EU classification are checked apart, never mapped
        onto each other."""
        return self.cleared_for(record.tlp) and self.cleared_for_classification(
            record.classification
        )

    @property
    def label(self) -> str:
        suffix = f", {self.member_state}" if self.member_state else ""
        return f"{self.display_name} ({self.role.label}{suffix})"

    def evolve(self, **changes: object) -> User:
        return replace(self, **changes)  # type: ignore[arg-type]


# The local operator: what the command line acts as when no --user is given. Whoever can run
# `cdt` on the server can already read the database file, so this grants nothing new.
SYSTEM_USER = User(
    username="system",
    display_name="Local operator",
    role=Role.ADMIN,
    clearance=Tlp.RED,
    classification_clearance=Classification.SECRET_UE,
)


@dataclass(frozen=True)
class ApiToken:
    """A bearer token's record; the secret itself is shown once and stored only as a digest."""

    token_id: str
    username: str
    label: str
    created_at: datetime
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None

    def usable_at(self, moment: datetime) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or moment < self.expires_at


@dataclass(frozen=True)
class SignInSession:
    """A signed-in browser session's record, kept by the server so that it can be ended
    before it expires; the secret that names it is held by the browser only."""

    username: str
    started_at: datetime
    expires_at: datetime
    ended_at: datetime | None = None

    def usable_at(self, moment: datetime) -> bool:
        return self.ended_at is None and moment < self.expires_at
