"""Webhook targets and the delivery log (created by migration 0024). A target's shared secret
is a column of its own, never part of its document."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, Table, Text

from cdtoolbox.store.schema import metadata

__all__ = ["webhook_deliveries", "webhook_targets"]

webhook_targets = Table(
    "webhook_targets",
    metadata,
    Column("id", Text, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("secret", Text, nullable=False),
    Column("document", Text, nullable=False),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", Text, nullable=False, unique=True),
    Column("target_id", Text, nullable=False),
    Column("at", Text, nullable=False),
    Column("document", Text, nullable=False),
    Index("ix_webhook_deliveries_at", "at", "seq"),
)
