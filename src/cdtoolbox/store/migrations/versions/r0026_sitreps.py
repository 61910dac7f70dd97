"""Situation reports (one row per version of each incident's sitreps, under its own
marking) and alerts (one row per rule and subject).

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sitreps",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("drafted_at", sa.Text(), nullable=False),
        sa.Column("tlp", sa.Text(), nullable=False),
        sa.Column("classification_rank", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("document", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name="fk_sitreps_incident_id",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("id", "version", name="uq_sitreps_id_version"),
    )
    op.create_index("ix_sitreps_incident", "sitreps", ["incident_id", "id", "version"])
    op.create_table(
        "alerts",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("rule", sa.Text(), nullable=False),
        sa.Column("subject_id", sa.Text(), nullable=False),
        sa.Column("last_seen", sa.Text(), nullable=False),
        sa.Column("acknowledged", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("tlp", sa.Text(), nullable=False),
        sa.Column("classification_rank", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("document", sa.Text(), nullable=False),
        sa.UniqueConstraint("rule", "subject_id", name="uq_alerts_rule_subject"),
    )
    op.create_index("ix_alerts_open_seen", "alerts", ["acknowledged", "last_seen"])


def downgrade() -> None:
    op.drop_index("ix_alerts_open_seen", table_name="alerts")
    op.drop_table("alerts")
    op.drop_index("ix_sitreps_incident", table_name="sitreps")
    op.drop_table("sitreps")
