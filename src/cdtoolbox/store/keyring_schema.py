"""The keyring of partners' public signing keys (created by migration 0010).

Keys are stored as base64 text, as in the key files, so a dump reads the same on SQLite and
PostgreSQL; timestamps are ISO 8601 text in UTC like the other governance tables.
"""

from __future__ import annotations

from sqlalchemy import Column, Table, Text

from cdtoolbox.store.schema import metadata

__all__ = ["signing_keys"]

signing_keys = Table(
    "signing_keys",
    metadata,
    Column("fingerprint", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("ml_dsa_65", Text, nullable=False),
    Column("ed25519", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("added_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
)
