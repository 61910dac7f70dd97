"""The tables of accounts, the audit trail and response cases (created by migration 0003;
sign-in sessions by 0007).

Timestamps are ISO 8601 text in UTC: the audit chain hashes exactly what is stored, and text
reads back identically from SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, ForeignKey, Index, Integer, Table, Text

from cdtoolbox.store.schema import metadata

__all__ = [
    "api_tokens",
    "audit_head",
    "audit_log",
    "case_implementations",
    "case_incidents",
    "case_positions",
    "response_cases",
    "sign_in_failures",
    "sign_in_sessions",
    "users",
]

users = Table(
    "users",
    metadata,
    Column("username", Text, primary_key=True),
    Column("display_name", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("clearance", Text, nullable=False),
    Column("member_state", Text, nullable=True),
    # The highest EU classification the account may read (migration 0016); None: unclassified only.
    Column("classification_clearance", Text, nullable=True),
    Column("password_hash", Text, nullable=True),  # None: the account signs in by token only
    Column("active", Boolean, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("version", Integer, nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("token_id", Text, primary_key=True),
    Column("digest", Text, nullable=False, unique=True),
    Column("username", Text, ForeignKey("users.username"), nullable=False, index=True),
    Column("label", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("expires_at", Text, nullable=True),
    Column("revoked_at", Text, nullable=True),
    Column("last_used_at", Text, nullable=True),
)

# Created by migration 0007. Keyed by a digest of the session's secret, which only the
# browser's cookie holds: reading this table does not let anyone resume a session.
sign_in_sessions = Table(
    "sign_in_sessions",
    metadata,
    Column("digest", Text, primary_key=True),
    Column("username", Text, ForeignKey("users.username"), nullable=False, index=True),
    Column("started_at", Text, nullable=False),
    Column("expires_at", Text, nullable=False),
    Column("ended_at", Text, nullable=True),
)

# Created by migration 0015. The failed password sign-ins of the last minutes, one row each,
# so that the sign-in brake counts them whichever server process or host was asked. ``at`` is
# seconds since the epoch: compared as numbers, unlike ISO text with optional fractions.
sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("username", Text, nullable=False),
    Column("address", Text, nullable=False),
    Column("at", Float, nullable=False),
    Index("ix_sign_in_failures_key", "username", "address", "at"),
    Index("ix_sign_in_failures_at", "at"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("entity", Text, nullable=False),
    Column("entity_key", Text, nullable=False),
    Column("before", Text, nullable=True),
    Column("after", Text, nullable=True),
    Column("previous_hash", Text, nullable=False),
    Column("hash", Text, nullable=False),
    Index("ix_audit_log_entity_entity_key", "entity", "entity_key"),
)

# One row: the newest entry's number and hash. Appending locks it, so concurrent writers
# chain one after the other; deleting the newest entries breaks its link to the log.
audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", Text, nullable=False),
)

response_cases = Table(
    "response_cases",
    metadata,
    Column("id", Text, primary_key=True),
    Column("title", Text, nullable=False),
    Column("state", Text, nullable=False, index=True),
    Column("created_at", Text, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("review_due", Text, nullable=True),
    Column("version", Integer, nullable=False),
    Column("document", Text, nullable=False),
)

case_incidents = Table(
    "case_incidents",
    metadata,
    Column("case_id", Text, ForeignKey("response_cases.id", ondelete="CASCADE"), primary_key=True),
    # No foreign key: a case keeps its record (and its assessment snapshot) of an incident
    # even if that incident is later withdrawn from the repository.
    Column("incident_id", Text, primary_key=True, index=True),
)

case_positions = Table(
    "case_positions",
    metadata,
    Column("case_id", Text, ForeignKey("response_cases.id", ondelete="CASCADE"), primary_key=True),
    Column("measure_id", Text, primary_key=True),
    Column("member_state", Text, primary_key=True),
    Column("position", Text, nullable=False),
    Column("comment", Text, nullable=True),
    Column("recorded_at", Text, nullable=False),
    Column("recorded_by", Text, nullable=False),
)

case_implementations = Table(
    "case_implementations",
    metadata,
    Column("id", Text, primary_key=True),
    Column(
        "case_id",
        Text,
        ForeignKey("response_cases.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("measure_id", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("date", Text, nullable=False),
    Column("recorded_at", Text, nullable=False),
    Column("recorded_by", Text, nullable=False),
    Column("document", Text, nullable=False),
)
