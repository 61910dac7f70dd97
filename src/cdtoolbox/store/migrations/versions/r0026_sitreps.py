"""Situation reports (one row per version of each incident's sitreps, under its own
marking), alerts (one row per rule and subject), webhook targets and their delivery log.

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
    op.create_table(
        "webhook_targets",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("secret", sa.Text(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.UniqueConstraint("url", name="uq_webhook_targets_url"),
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("target_id", sa.Text(), nullable=False),
        sa.Column("at", sa.Text(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.UniqueConstraint("id", name="uq_webhook_deliveries_id"),
    )
    op.create_index("ix_webhook_deliveries_at", "webhook_deliveries", ["at", "seq"])


def downgrade() -> None:
    op.drop_index("ix_webhook_deliveries_at", table_name="webhook_deliveries")
    op.drop_table("webhook_deliveries")
    op.drop_table("webhook_targets")
    op.drop_index("ix_alerts_open_seen", table_name="alerts")
    op.drop_table("alerts")
    op.drop_index("ix_sitreps_incident", table_name="sitreps")
    op.drop_table("sitreps")
