"""Audit entries and chain checks ↔ plain JSON-ready dicts, declared once with ``Codec``:
what ``cdt audit … --json`` prints and the API sends."""

from __future__ import annotations

from cdtoolbox.model.audit import AuditEntry, AuditVerification
from cdtoolbox.model.dataclass_codec import Codec

__all__ = ["AUDIT_ENTRIES", "AUDIT_VERIFICATIONS"]

AUDIT_ENTRIES = Codec(AuditEntry)
# ``intact`` and ``summary`` are what a reader looks for first.
AUDIT_VERIFICATIONS = Codec(
    AuditVerification,
    keys=["intact", "entries_checked", "first_broken", "reason", "head_seq", "summary"],
)
