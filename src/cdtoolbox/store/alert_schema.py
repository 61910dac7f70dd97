"""Alerts, one row per rule and subject (created by migration 0024).

Each alert is stored whole as its JSON document (``model.alert_codec``); the other columns
are indexes derived from it. The unique (rule, subject) key is what de-duplicates: a rule
finding the same subject again updates the row.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, Table, Text, UniqueConstraint

from cdtoolbox.store.schema import metadata

__all__ = ["alerts"]

alerts = Table(
    "alerts",
    metadata,
    Column("id", Text, primary_key=True),
    Column("rule", Text, nullable=False),
    Column("subject_id", Text, nullable=False),
    Column("last_seen", Text, nullable=False),
    Column("acknowledged", Integer, nullable=False, server_default="0"),
    Column("tlp", Text, nullable=False),
    Column("classification_rank", Integer, nullable=False, server_default="0"),
    Column("document", Text, nullable=False),
    UniqueConstraint("rule", "subject_id", name="uq_alerts_rule_subject"),
    # The open alerts, the latest seen first.
    Index("ix_alerts_open_seen", "acknowledged", "last_seen"),
)
