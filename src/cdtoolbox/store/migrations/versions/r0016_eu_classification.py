"""EU classification levels beside TLP: the classification (and its rank) of each incident and
each cryptographic asset, 0 for unclassified as everything stored so far is, and each
account's classification clearance (none: unclassified only, so no account reads classified
records until an administrator clears it).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "incidents",
        sa.Column("classification_rank", sa.Integer(), nullable=False, server_default="0"),
    )
    op.add_column("pqc_assets", sa.Column("classification", sa.Text(), nullable=True))
    op.add_column(
        "pqc_assets",
        sa.Column("classification_rank", sa.Integer(), nullable=False, server_default="0"),
    )
    op.add_column("users", sa.Column("classification_clearance", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pqc_assets") as batch:
        batch.drop_column("classification_rank")
        batch.drop_column("classification")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("classification_clearance")
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("classification_rank")
