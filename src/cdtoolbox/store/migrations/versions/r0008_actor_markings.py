"""The TLP marking of each threat actor, so an actor a partner shared under a marking is shown
only to readers cleared for it. Every actor stored so far is reference data or came unmarked
through an import that dropped markings: TLP:CLEAR (rank 0), as they were shown until now.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "actors",
        sa.Column("tlp_rank", sa.Integer(), nullable=False, server_default="0"),
    )


def downgrade() -> None:
    with op.batch_alter_table("actors") as batch:
        batch.drop_column("tlp_rank")
