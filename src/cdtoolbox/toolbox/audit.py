"""The audit trail: record each governed change in its own transaction, read and verify it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.audit import AuditEntry, AuditVerification
from cdtoolbox.store.database import Repositories
from cdtoolbox.toolbox.access import require

if TYPE_CHECKING:
    from cdtoolbox.toolbox.library import Toolbox

__all__ = ["AuditService"]


class AuditService:
    def __init__(self, toolbox: Toolbox) -> None:
        self._toolbox = toolbox

    def record(
        self,
        store: Repositories,
        *,
        by: User,
        action: str,
        entity: str,
        key: str,
        before: Mapping[str, object] | None,
        after: Mapping[str, object] | None,
    ) -> AuditEntry:
        """Append an entry inside the caller's transaction, so the change and its record
        are committed together or not at all."""
        return store.audit.append(
            at=self._toolbox.clock.now(),
            actor=by.username,
            action=action,
            entity=entity,
            key=key,
            before=before,
            after=after,
        )

    def entries(
        self,
        by: User,
        *,
        entity: str | None = None,
        key: str | None = None,
        after_seq: int = 0,
        limit: int | None = None,
    ) -> list[AuditEntry]:
        require(by, Permission.READ_AUDIT)
        with self._toolbox.database.read() as store:
            return store.audit.entries(entity=entity, key=key, after_seq=after_seq, limit=limit)

    def verify(self) -> AuditVerification:
        """Recompute the whole chain from the first entry."""
        with self._toolbox.database.read() as store:
            return store.audit.verify()
