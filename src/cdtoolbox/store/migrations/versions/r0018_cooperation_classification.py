"""EU classification on the cooperation registers: the rank of each CBM implementation record's
(and each kept version's) and each point of contact's classification, 0 for unclassified as
everything stored so far is.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("cbm_implementations", "cbm_implementation_history", "points_of_contact")


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
