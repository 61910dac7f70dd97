"""Audit entries and chain checks ↔ plain JSON-ready dicts, declared once with ``Codec``:
what ``cdt audit … --json`` prints and the API sends."""

from __future__ import annotations

from cdtoolbox.model.access import User
from cdtoolbox.model.audit import AuditEntry, AuditVerification
from cdtoolbox.model.dataclass_codec import Codec

__all__ = ["AUDIT_ENTRIES", "AUDIT_VERIFICATIONS", "user_record"]

AUDIT_ENTRIES = Codec(AuditEntry)
# ``intact`` and ``summary`` are what a reader looks for first.
AUDIT_VERIFICATIONS = Codec(
    AuditVerification,
    keys=["intact", "entries_checked", "first_broken", "reason", "head_seq", "summary"],
)


def user_record(user: User) -> dict[str, object]:
    """What the audit trail keeps of an account: never a password or its hash."""
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role.value,
        "clearance": user.clearance.value,
        "classification_clearance": (
            user.classification_clearance.value if user.classification_clearance else None
        ),
        "member_state": user.member_state,
        "active": user.active,
    }
