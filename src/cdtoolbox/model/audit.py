"""The audit trail: an append-only, hash-chained record of every change to governed records."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

__all__ = ["GENESIS_HASH", "AuditEntry", "AuditVerification"]

# The "previous hash" of the first entry.
GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    """One change: who did what to which record, with the record before and after.

    ``before`` is None for a creation and ``after`` None for a deletion.
    """

    seq: int
    at: datetime
    actor: str  # username
    action: str  # e.g. "case.open", "case.position", "listing.delist", "user.add"
    entity: str  # e.g. "case", "listing", "user"
    key: str
    before: Mapping[str, object] | None
    after: Mapping[str, object] | None
    previous_hash: str
    hash: str


@dataclass(frozen=True)
class AuditVerification:
    """The result of re-computing the chain. ``first_broken`` names the first bad entry."""

    entries_checked: int
    first_broken: int | None = None  # the entry's seq
    reason: str | None = None
    head_seq: int | None = None

    @property
    def intact(self) -> bool:
        return self.first_broken is None and self.reason is None

    @property
    def summary(self) -> str:
        if self.intact:
            return f"audit trail intact: {self.entries_checked} entries, every link verified"
        where = f"entry {self.first_broken}" if self.first_broken is not None else "the chain head"
        return f"audit trail BROKEN at {where}: {self.reason}"
