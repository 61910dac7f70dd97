"""When each account last opened the situation board (created by migration 0025): what
"changed since your last visit" is measured from, on whichever device the user signs in."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Table, Text

from cdtoolbox.store.schema import metadata

__all__ = ["board_visits"]

board_visits = Table(
    "board_visits",
    metadata,
    Column(
        "username",
        Text,
        ForeignKey("users.username", ondelete="CASCADE"),
        primary_key=True,
    ),
    # ISO 8601 UTC text of fixed width, as the events' times (``stored_time``).
    Column("visited_at", Text, nullable=False),
)
