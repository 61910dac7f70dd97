"""The log of incident events (created by migration 0022).

Each event is stored whole as its JSON document (``model.situation_codec``); the other columns
are indexes derived from it. An incident's status and crisis level are not stored anywhere
else: they are read from its latest status-changed and level-changed rows. Times are ISO 8601
UTC text of fixed width, which sorts as time does in both databases; events that happened at
the same moment are in the order they were recorded (``seq``).
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, Table, Text

from cdtoolbox.store.schema import metadata

__all__ = ["incident_events"]

incident_events = Table(
    "incident_events",
    metadata,
    # The order events were recorded in: two recorded within the same second (the clock's
    # resolution) are still told apart, so "the latest change" is never a coin toss.
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", Text, nullable=False, unique=True),
    Column(
        "incident_id",
        Text,
        ForeignKey("incidents.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("kind", Text, nullable=False),
    Column("occurred_at", Text, nullable=False),
    Column("recorded_at", Text, nullable=False),
    Column("status", Text, nullable=True),  # the new status of a status-changed event
    Column("level", Text, nullable=True),  # the new level of a level-changed event
    Column("tlp", Text, nullable=False),
    # Classification.rank_of the event's EU classification, 0 when unclassified.
    Column("classification_rank", Integer, nullable=False, server_default="0"),
    Column("document", Text, nullable=False),
    # An incident's timeline: one range read, already in time order.
    Index("ix_incident_events_incident_time", "incident_id", "occurred_at", "seq"),
    # The latest status or level of each incident: one range read per kind.
    Index(
        "ix_incident_events_kind_incident_time",
        "kind",
        "incident_id",
        "occurred_at",
        "seq",
    ),
)
