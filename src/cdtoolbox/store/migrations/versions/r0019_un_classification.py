"""EU classification on the UN process register: the rank of each document's, paragraph's,
position's and statement's classification, 0 for unclassified as everything stored so far is.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("un_documents", "un_paragraphs", "un_positions", "un_statements")


def upgrade() -> None:
    for table in _TABLES:
        op.add_column(
            table,
            sa.Column("classification_rank", sa.Integer(), nullable=False, server_default="0"),
        )


def downgrade() -> None:
    for table in reversed(_TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("classification_rank")
