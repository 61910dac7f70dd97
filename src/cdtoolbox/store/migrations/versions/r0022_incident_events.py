"""The log of incident events: detections, notifications, meetings, measures, deployments and
the changes of operational status and crisis level, each under its own marking.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "incident_events",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("incident_id", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("occurred_at", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=True),
        sa.Column("level", sa.Text(), nullable=True),
        sa.Column("tlp", sa.Text(), nullable=False),
        sa.Column("classification_rank", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("document", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name="fk_incident_events_incident_id",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("id", name="uq_incident_events_id"),
    )
    op.create_index(
        "ix_incident_events_incident_time",
        "incident_events",
        ["incident_id", "occurred_at", "seq"],
    )
    op.create_index(
        "ix_incident_events_kind_incident_time",
        "incident_events",
        ["kind", "incident_id", "occurred_at", "seq"],
    )


def downgrade() -> None:
    op.drop_index("ix_incident_events_kind_incident_time", table_name="incident_events")
    op.drop_index("ix_incident_events_incident_time", table_name="incident_events")
    op.drop_table("incident_events")
