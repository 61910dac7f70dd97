"""The audit trail in the store: appending chained entries and verifying the chain.

Each entry's hash is SHA-256 over its own stored columns and the previous entry's hash, so
editing any column of any entry, deleting an entry or inserting one breaks a link that
``verify`` finds. The newest entry is also recorded in ``audit_head``, so deleting entries
from the end is found too. This is tamper-*evident*, not tamper-proof: someone who can
rewrite the whole table and the head can forge a consistent chain, which is why
``verify`` reports the head hash, to be compared with a copy kept elsewhere.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from datetime import datetime

from sqlalchemy import Connection, RowMapping, insert, select, update

from cdtoolbox.model.audit import GENESIS_HASH, AuditEntry, AuditVerification
from cdtoolbox.store.governance_schema import audit_head, audit_log
from cdtoolbox.store.integers import check_count

__all__ = ["AuditLog", "entry_hash"]

_HEAD_ID = 1


def _json_text(value: Mapping[str, object] | None) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def entry_hash(
    seq: int,
    at: str,
    actor: str,
    action: str,
    entity: str,
    key: str,
    before: str | None,
    after: str | None,
    previous_hash: str,
) -> str:
    """The hash of one entry, over exactly the text stored in its columns."""
    canonical = json.dumps(
        [seq, at, actor, action, entity, key, before, after, previous_hash],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class AuditLog:
    """The audit trail as seen by one transaction."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def append(
        self,
        *,
        at: datetime,
        actor: str,
        action: str,
        entity: str,
        key: str,
        before: Mapping[str, object] | None,
        after: Mapping[str, object] | None,
    ) -> AuditEntry:
        """Chain one entry after the newest; the head stays locked until the transaction ends."""
        head = self._connection.execute(
            select(audit_head.c.seq, audit_head.c.hash)
            .where(audit_head.c.id == _HEAD_ID)
            .with_for_update()
        ).first()
        previous_seq, previous_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
        seq = previous_seq + 1
        at_text = at.isoformat()
        before_text, after_text = _json_text(before), _json_text(after)
        digest = entry_hash(
            seq, at_text, actor, action, entity, key, before_text, after_text, previous_hash
        )
        self._connection.execute(
            insert(audit_log).values(
                seq=seq,
                at=at_text,
                actor=actor,
                action=action,
                entity=entity,
                entity_key=key,
                before=before_text,
                after=after_text,
                previous_hash=previous_hash,
                hash=digest,
            )
        )
        if head is None:
            self._connection.execute(insert(audit_head).values(id=_HEAD_ID, seq=seq, hash=digest))
        else:
            self._connection.execute(
                update(audit_head).where(audit_head.c.id == _HEAD_ID).values(seq=seq, hash=digest)
            )
        return AuditEntry(
            seq=seq,
            at=at,
            actor=actor,
            action=action,
            entity=entity,
            key=key,
            before=before,
            after=after,
            previous_hash=previous_hash,
            hash=digest,
        )

    def entries(
        self,
        *,
        entity: str | None = None,
        key: str | None = None,
        after_seq: int = 0,
        before_seq: int | None = None,
        newest_first: bool = False,
        limit: int | None = None,
    ) -> list[AuditEntry]:
        """Entries after ``after_seq`` (and before ``before_seq``) in the order they were
        written, or the reverse, optionally of one record only."""
        check_count("audit", "after_seq", after_seq)
        if limit is not None:
            check_count("audit", "limit", limit)
        query = select(audit_log).where(audit_log.c.seq > after_seq)
        if before_seq is not None:
            check_count("audit", "before_seq", before_seq)
            query = query.where(audit_log.c.seq < before_seq)
        query = query.order_by(audit_log.c.seq.desc() if newest_first else audit_log.c.seq)
        if entity is not None:
            query = query.where(audit_log.c.entity == entity)
        if key is not None:
            query = query.where(audit_log.c.entity_key == key)
        if limit is not None:
            query = query.limit(limit)
        return [_entry(row._mapping) for row in self._connection.execute(query)]

    def count(self) -> int:
        head = self._connection.execute(
            select(audit_head.c.seq).where(audit_head.c.id == _HEAD_ID)
        ).scalar()
        return int(head or 0)

    def verify(self) -> AuditVerification:
        """Recompute every link, in order; stop at the first broken one."""
        with self._connection.execute(
            select(audit_log).order_by(audit_log.c.seq).execution_options(yield_per=2_000)
        ) as result:
            outcome = self._walk(row._mapping for row in result)
        return outcome

    def _walk(self, rows: Iterator[RowMapping]) -> AuditVerification:
        expected_seq, previous_hash, checked = 1, GENESIS_HASH, 0
        for row in rows:
            seq = row["seq"]
            label = f"{row['action']} by {row['actor']} at {row['at']}"
            if seq != expected_seq:
                return AuditVerification(
                    entries_checked=checked,
                    first_broken=expected_seq,
                    reason=(
                        f"entry {expected_seq} is missing: the trail jumps from entry "
                        f"{expected_seq - 1} to entry {seq} ({label})"
                    ),
                )
            if row["previous_hash"] != previous_hash:
                return AuditVerification(
                    entries_checked=checked,
                    first_broken=seq,
                    reason=(
                        f"entry {seq} ({label}) does not link to entry {seq - 1}: "
                        "one of them was altered or replaced"
                    ),
                )
            recomputed = entry_hash(
                seq,
                row["at"],
                row["actor"],
                row["action"],
                row["entity"],
                row["entity_key"],
                row["before"],
                row["after"],
                row["previous_hash"],
            )
            if recomputed != row["hash"]:
                return AuditVerification(
                    entries_checked=checked,
                    first_broken=seq,
                    reason=f"entry {seq} ({label}) was changed after it was written",
                )
            previous_hash, expected_seq, checked = row["hash"], seq + 1, checked + 1
        return self._check_head(checked, previous_hash)

    def _check_head(self, checked: int, last_hash: str) -> AuditVerification:
        head = self._connection.execute(
            select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == _HEAD_ID)
        ).first()
        head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
        if head_seq != checked or head_hash != last_hash:
            return AuditVerification(
                entries_checked=checked,
                first_broken=checked + 1 if head_seq > checked else None,
                reason=(
                    f"the trail ends at entry {checked} but its head records entry {head_seq}: "
                    "entries were removed from its end or the head was altered"
                ),
                head_seq=head_seq,
            )
        return AuditVerification(entries_checked=checked, head_seq=head_seq)


def _entry(row: RowMapping) -> AuditEntry:
    return AuditEntry(
        seq=row["seq"],
        at=datetime.fromisoformat(row["at"]),
        actor=row["actor"],
        action=row["action"],
        entity=row["entity"],
        key=row["entity_key"],
        before=json.loads(row["before"]) if row["before"] is not None else None,
        after=json.loads(row["after"]) if row["after"] is not None else None,
        previous_hash=row["previous_hash"],
        hash=row["hash"],
    )
