"""The statements archive: each statement's text, its own values, its reading, the actors,
States and incidents the reading names, and a full-text index in each backend's way.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Copied from cdtoolbox.store.statement_search as it was: a migration must not change when
# the module does.
_TEXT_DDL: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE VIRTUAL TABLE statement_text USING fts5("
        "statement_id UNINDEXED, body, tokenize = 'porter unicode61 remove_diacritics 2')",
    ),
    "postgresql": (
        "CREATE TABLE statement_text ("
        "statement_id TEXT NOT NULL, body TSVECTOR NOT NULL, "
        "CONSTRAINT pk_statement_text PRIMARY KEY (statement_id), "
        "CONSTRAINT fk_statement_text_statement_id FOREIGN KEY (statement_id) "
        "REFERENCES statements (id) ON DELETE CASCADE)",
        "CREATE INDEX ix_statement_text_body ON statement_text USING GIN (body)",
    ),
}


def upgrade() -> None:
    op.create_table(
        "statements",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("sha256", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("media_type", sa.Text(), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.Column("language", sa.Text(), nullable=True),
        sa.Column("issuer_kind", sa.Text(), nullable=False),
        sa.Column("issuer_name", sa.Text(), nullable=True),
        sa.Column("issued_on", sa.Text(), nullable=True),
        sa.Column("instrument", sa.Text(), nullable=False),
        sa.Column("tlp", sa.Text(), nullable=False),
        sa.Column("classification", sa.Text(), nullable=True),
        sa.Column("classification_rank", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.Text(), nullable=False),
        sa.Column("given", sa.Text(), nullable=False, server_default=""),
        sa.Column("reading", sa.Text(), nullable=False),
        sa.Column("reader_version", sa.Text(), nullable=False),
        sa.UniqueConstraint("sha256", name="uq_statements_sha256"),
    )
    op.create_index("ix_statements_issued_on", "statements", ["issued_on", "id"])
    op.create_index("ix_statements_issuer_kind", "statements", ["issuer_kind"])
    op.create_index("ix_statements_instrument", "statements", ["instrument"])
    op.create_index("ix_statements_language", "statements", ["language"])
    op.create_table(
        "statement_mentions",
        sa.Column("statement_id", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statements.id"],
            name="fk_statement_mentions_statement_id",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("statement_id", "kind", "value"),
    )
    op.create_index("ix_statement_mentions_kind_value", "statement_mentions", ["kind", "value"])
    for statement in _TEXT_DDL[op.get_context().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE statement_text")
    op.drop_index("ix_statement_mentions_kind_value", table_name="statement_mentions")
    op.drop_table("statement_mentions")
    for name in ("language", "instrument", "issuer_kind", "issued_on"):
        op.drop_index(f"ix_statements_{name}", table_name="statements")
    op.drop_table("statements")
