"""The UN process register: documents of the sessions, their paragraphs, the positions taken
on each paragraph and the statements delivered.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "un_documents",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("session", sa.Text(), nullable=False),
        sa.Column("symbol", sa.Text(), nullable=True),
        sa.Column("dated", sa.Text(), nullable=False),
        sa.Column("tlp", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.UniqueConstraint("symbol", name="uq_un_documents_symbol"),
    )
    op.create_index("ix_un_documents_session", "un_documents", ["session"])
    op.create_table(
        "un_paragraphs",
        sa.Column("document_id", sa.Text(), primary_key=True),
        sa.Column("number", sa.Text(), primary_key=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("tlp", sa.Text(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
    )
    op.create_table(
        "un_positions",
        sa.Column("document_id", sa.Text(), primary_key=True),
        sa.Column("paragraph", sa.Text(), primary_key=True),
        sa.Column("party", sa.Text(), primary_key=True),
        sa.Column("tlp", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
    )
    op.create_table(
        "un_statements",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("session", sa.Text(), nullable=False),
        sa.Column("party", sa.Text(), nullable=False),
        sa.Column("dated", sa.Text(), nullable=False),
        sa.Column("tlp", sa.Text(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
    )
    op.create_index("ix_un_statements_session", "un_statements", ["session"])


def downgrade() -> None:
    op.drop_index("ix_un_statements_session", table_name="un_statements")
    op.drop_table("un_statements")
    op.drop_table("un_positions")
    op.drop_table("un_paragraphs")
    op.drop_index("ix_un_documents_session", table_name="un_documents")
    op.drop_table("un_documents")
