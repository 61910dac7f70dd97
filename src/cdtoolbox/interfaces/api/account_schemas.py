"""Wire schemas of accounts and the audit trail (Pydantic v2), and the converters from
domain objects."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cdtoolbox.model.access import ROLE_PERMISSIONS, User
from cdtoolbox.model.audit import AuditEntry, AuditVerification
from cdtoolbox.model.audit_codec import AUDIT_ENTRIES, AUDIT_VERIFICATIONS

__all__ = [
    "AuditEntryOut",
    "AuditPageOut",
    "AuditVerificationOut",
    "UserOut",
    "audit_page_out",
    "user_out",
    "verification_out",
]

_AT = "2026-11-25T09:00:00+00:00"


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class UserOut(BaseModel):
    model_config = _examples(
        {
            "username": "delegate-de",
            "display_name": "Anna Schmidt",
            "role": "delegate",
            "role_label": "Member State delegate",
            "clearance": "amber",
            "classification_clearance": "restreint-ue",
            "member_state": "DE",
            "permissions": ["read", "record a Member State's position"],
        }
    )

    username: str
    display_name: str
    role: str
    role_label: str
    clearance: str = Field(description="The most restricted TLP marking the user may read")
    classification_clearance: str | None = Field(
        description="The highest EU classification the user may read (restreint-ue, "
        "confidentiel-ue, secret-ue); null: unclassified records only. A record is shown only "
        "when both clearances allow it"
    )
    member_state: str | None = Field(description="The Member State a delegate speaks for")
    permissions: list[str]


def user_out(user: User) -> UserOut:
    return UserOut(
        username=user.username,
        display_name=user.display_name,
        role=user.role.value,
        role_label=user.role.label,
        clearance=user.clearance.value,
        classification_clearance=(
            user.classification_clearance.value if user.classification_clearance else None
        ),
        member_state=user.member_state,
        permissions=sorted(p.value for p in ROLE_PERMISSIONS[user.role] if user.can(p)),
    )


class AuditEntryOut(BaseModel):
    seq: int
    at: str
    actor: str
    action: str
    entity: str
    key: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    previous_hash: str
    hash: str


class AuditPageOut(BaseModel):
    model_config = _examples(
        {
            "items": [
                {
                    "seq": 41,
                    "at": _AT,
                    "actor": "delegate-de",
                    "action": "case.position",
                    "entity": "case",
                    "key": "case-7f3a",
                    "before": None,
                    "after": {"measure_id": "m1", "member_state": "DE", "position": "support"},
                    "previous_hash": "9c1e…",
                    "hash": "4b7a…",
                }
            ],
            "next_after_seq": 41,
        }
    )

    items: list[AuditEntryOut]
    next_after_seq: int | None = Field(
        description="Pass as `after_seq` for the next page; null on the last page"
    )


def audit_page_out(entries: Sequence[AuditEntry], limit: int) -> AuditPageOut:
    items = [AuditEntryOut.model_validate(AUDIT_ENTRIES.encode(entry)) for entry in entries[:limit]]
    more = len(entries) > limit
    return AuditPageOut(items=items, next_after_seq=items[-1].seq if more and items else None)


class AuditVerificationOut(BaseModel):
    model_config = _examples(
        {
            "intact": True,
            "entries_checked": 42,
            "first_broken": None,
            "reason": None,
            "head_seq": 42,
            "summary": "audit trail intact: 42 entries, every link verified",
        }
    )

    intact: bool
    entries_checked: int
    first_broken: int | None = Field(description="The seq of the first entry that fails")
    reason: str | None
    head_seq: int | None
    summary: str


def verification_out(verification: AuditVerification) -> AuditVerificationOut:
    return AuditVerificationOut.model_validate(AUDIT_VERIFICATIONS.encode(verification))
