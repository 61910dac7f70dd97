"""The log of incident events as seen by one transaction, and what it adds up to.

Reads fail closed: a read that does not name the reader's classification sees unclassified
events only. The status and level of an incident are those of its latest readable
status-changed and level-changed events ("latest" by when they happened, then in the order
they were recorded), read for any number of incidents with one statement.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import Connection, and_, func, insert, select

from cdtoolbox.model.situation import (
    CrisisLevel,
    EventKind,
    IncidentEvent,
    OperationalStatus,
    SituationTally,
)
from cdtoolbox.model.situation_codec import event_from_dict, event_to_dict
from cdtoolbox.model.vocabulary import Classification, Tlp
from cdtoolbox.store.documents import read_document, write_document
from cdtoolbox.store.markings import within_clearance
from cdtoolbox.store.revisions import RecordKind, StoreRevisions
from cdtoolbox.store.situation_schema import incident_events

__all__ = ["SituationRepository", "stored_time"]


def stored_time(moment: datetime) -> str:
    """``moment`` in UTC as fixed-width ISO 8601 text: text order is then time order."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _columns(event: IncidentEvent) -> dict[str, object]:
    return {
        "id": event.id,
        "incident_id": event.incident_id,
        "kind": event.kind.value,
        "occurred_at": stored_time(event.occurred_at),
        "recorded_at": stored_time(event.recorded_at),
        "status": event.status.value if event.status else None,
        "level": event.level.value if event.level else None,
        "tlp": event.tlp.value,
        "classification_rank": Classification.rank_of(event.classification),
        "document": write_document(event_to_dict(event)),
    }


class SituationRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add(self, event: IncidentEvent) -> IncidentEvent:
        self._connection.execute(insert(incident_events).values(**_columns(event)))
        # In the writer's transaction: an open board in any process learns of the event from
        # the counter once it is committed, never before.
        StoreRevisions(self._connection).bump(RecordKind.SITUATION)
        return event

    def timeline(
        self, incident_id: str, clearance: Tlp, classification: Classification | None = None
    ) -> builtins.list[IncidentEvent]:
        """The events of ``incident_id`` marked at most ``clearance`` and classified at most
        ``classification``, oldest first."""
        table = incident_events
        rows = self._connection.execute(
            select(table.c.document)
            .where(
                table.c.incident_id == incident_id,
                *within_clearance(table, clearance, classification),
            )
            .order_by(table.c.occurred_at, table.c.seq)
        )
        return [event_from_dict(read_document(row.document)) for row in rows]

    def tallies(
        self,
        clearance: Tlp,
        classification: Classification | None = None,
        *,
        incident_ids: Sequence[str] | None = None,
    ) -> builtins.list[SituationTally]:
        """For each incident with a readable event (of ``incident_ids`` when given): its
        first and last readable event and its latest readable status and level, by the
        latest event first."""
        table = incident_events
        readable = [*within_clearance(table, clearance, classification)]
        if incident_ids is not None:
            readable.append(table.c.incident_id.in_(sorted(set(incident_ids))))
        span = (
            select(
                table.c.incident_id,
                func.min(table.c.occurred_at).label("first_event"),
                func.max(table.c.occurred_at).label("last_event"),
            )
            .where(*readable)
            .group_by(table.c.incident_id)
            .cte("span")
        )
        latest = (
            select(
                table.c.incident_id,
                table.c.kind,
                table.c.status,
                table.c.level,
                func.row_number()
                .over(
                    partition_by=(table.c.incident_id, table.c.kind),
                    order_by=(table.c.occurred_at.desc(), table.c.seq.desc()),
                )
                .label("position"),
            )
            .where(
                *readable,
                table.c.kind.in_([EventKind.STATUS_CHANGED.value, EventKind.LEVEL_CHANGED.value]),
            )
            .cte("latest")
        )
        status = latest.alias("latest_status")
        level = latest.alias("latest_level")
        query = (
            select(
                span.c.incident_id,
                span.c.first_event,
                span.c.last_event,
                status.c.status,
                level.c.level,
            )
            .select_from(
                span.outerjoin(
                    status,
                    and_(
                        status.c.incident_id == span.c.incident_id,
                        status.c.kind == EventKind.STATUS_CHANGED.value,
                        status.c.position == 1,
                    ),
                ).outerjoin(
                    level,
                    and_(
                        level.c.incident_id == span.c.incident_id,
                        level.c.kind == EventKind.LEVEL_CHANGED.value,
                        level.c.position == 1,
                    ),
                )
            )
            .order_by(span.c.last_event.desc(), span.c.incident_id)
        )
        return [
            SituationTally(
                incident_id=row.incident_id,
                first_event=datetime.fromisoformat(row.first_event),
                last_event=datetime.fromisoformat(row.last_event),
                status=OperationalStatus(row.status) if row.status else None,
                level=CrisisLevel(row.level) if row.level else CrisisLevel.NONE,
            )
            for row in self._connection.execute(query)
        ]
