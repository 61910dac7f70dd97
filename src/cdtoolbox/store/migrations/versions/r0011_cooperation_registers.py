"""The cooperation registers: CBM implementation (with its history), points of contact and
communication-check rounds.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cbm_implementations",
        sa.Column("state", sa.Text(), primary_key=True),
        sa.Column("measure_id", sa.Text(), primary_key=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("tlp", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
    )
    op.create_table(
        "cbm_implementation_history",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("measure_id", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("tlp", sa.Text(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.UniqueConstraint("state", "measure_id", "version", name="uq_cbm_history_version"),
    )
    op.create_table(
        "points_of_contact",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("network", sa.Text(), nullable=False),
        sa.Column("tlp", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
    )
    op.create_index("ix_points_of_contact_state_network", "points_of_contact", ["state", "network"])
    op.create_table(
        "poc_check_rounds",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("network", sa.Text(), nullable=False),
        sa.Column("opened_at", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("poc_check_rounds")
    op.drop_index("ix_points_of_contact_state_network", table_name="points_of_contact")
    op.drop_table("points_of_contact")
    op.drop_table("cbm_implementation_history")
    op.drop_table("cbm_implementations")
