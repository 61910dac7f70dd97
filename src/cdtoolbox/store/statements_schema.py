"""The tables of the statements archive (created by migration 0024).

``statements`` keeps each statement whole: its text, its own values as indexed columns and the
reading made when it was added (``reading``, the JSON document of ``reading_to_dict``).
``statement_mentions`` holds one row per actor, attributed State and incident the reading
names, so a listing filters on them with an index instead of reading every reading. The
full-text index, ``statement_text``, differs by backend: ``store.statement_search``.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, Table, Text, UniqueConstraint

from cdtoolbox.store.schema import metadata

__all__ = ["statement_mentions", "statements"]

statements = Table(
    "statements",
    metadata,
    Column("id", Text, primary_key=True),
    # SHA-256 of the normalised text (model.statement.text_digest): one row per text.
    Column("sha256", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("file_name", Text, nullable=False),
    Column("media_type", Text, nullable=False),
    Column("source_url", Text, nullable=True),
    Column("language", Text, nullable=True),
    Column("issuer_kind", Text, nullable=False),
    Column("issuer_name", Text, nullable=True),
    # ISO date: text sorts as dates do, on both backends.
    Column("issued_on", Text, nullable=True),
    Column("instrument", Text, nullable=False),
    Column("tlp", Text, nullable=False),
    Column("classification", Text, nullable=True),
    Column("classification_rank", Integer, nullable=False, server_default="0"),
    Column("recorded_by", Text, nullable=False),
    Column("recorded_at", Text, nullable=False),
    Column("given", Text, nullable=False, server_default=""),
    Column("reading", Text, nullable=False),
    Column("reader_version", Text, nullable=False),
    UniqueConstraint("sha256", name="uq_statements_sha256"),
    Index("ix_statements_issued_on", "issued_on", "id"),
    Index("ix_statements_issuer_kind", "issuer_kind"),
    Index("ix_statements_instrument", "instrument"),
    Index("ix_statements_language", "language"),
)

statement_mentions = Table(
    "statement_mentions",
    metadata,
    Column(
        "statement_id",
        Text,
        ForeignKey("statements.id", name="fk_statement_mentions_statement_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    # "actor", "state" (held responsible) or "incident"
    Column("kind", Text, primary_key=True),
    Column("value", Text, primary_key=True),
    Index("ix_statement_mentions_kind_value", "kind", "value"),
)
