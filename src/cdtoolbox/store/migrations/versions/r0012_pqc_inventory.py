"""The cryptographic inventories of the post-quantum transition tracker: one row per asset
(algorithm, where it is used, how long its data must stay secret, how critical it is).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pqc_assets",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("organisation", sa.Text(), nullable=False),
        sa.Column("member_state", sa.Text(), nullable=False),
        sa.Column("sector", sa.Text(), nullable=True),
        sa.Column("algorithm", sa.Text(), nullable=False),
        sa.Column("parameter", sa.Text(), nullable=True),
        sa.Column("primitive", sa.Text(), nullable=True),
        sa.Column("system", sa.Text(), nullable=True),
        sa.Column("protocol", sa.Text(), nullable=True),
        sa.Column("library", sa.Text(), nullable=True),
        sa.Column("data_lifetime_years", sa.Integer(), nullable=True),
        sa.Column("criticality", sa.Text(), nullable=False),
        sa.Column("tlp", sa.Text(), nullable=False),
        sa.Column("tlp_rank", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("reference", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_pqc_assets"),
    )
    op.create_index(
        "ix_pqc_assets_member_state_organisation",
        "pqc_assets",
        ["member_state", "organisation"],
    )


def downgrade() -> None:
    op.drop_index("ix_pqc_assets_member_state_organisation", table_name="pqc_assets")
    op.drop_table("pqc_assets")
