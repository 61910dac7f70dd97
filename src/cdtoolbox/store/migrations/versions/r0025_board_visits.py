"""When each account last opened the situation board, for "changed since your last visit".

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "board_visits",
        sa.Column("username", sa.Text(), nullable=False),
        sa.Column("visited_at", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["username"],
            ["users.username"],
            name="fk_board_visits_username",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("username", name="pk_board_visits"),
    )


def downgrade() -> None:
    op.drop_table("board_visits")
