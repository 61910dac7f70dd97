"""Requests and offers of assistance, teams and their deployments, each under its marking.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _marking() -> list[sa.Column[object]]:
    return [
        sa.Column("tlp", sa.Text(), nullable=False),
        sa.Column("classification_rank", sa.Integer(), nullable=False, server_default="0"),
    ]


def _incident(table: str) -> tuple[sa.Column[object], sa.ForeignKeyConstraint]:
    return (
        sa.Column("incident_id", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=f"fk_{table}_incident_id",
            ondelete="SET NULL",
        ),
    )


def upgrade() -> None:
    op.create_table(
        "assistance_requests",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("channel", sa.Text(), nullable=False),
        sa.Column("requester", sa.Text(), nullable=False),
        sa.Column("addressee", sa.Text(), nullable=True),
        *_incident("assistance_requests"),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Text(), nullable=True),
        *_marking(),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
    )
    op.create_index(
        "ix_assistance_requests_status_deadline", "assistance_requests", ["status", "deadline"]
    )
    op.create_index("ix_assistance_requests_incident", "assistance_requests", ["incident_id"])
    op.create_table(
        "assistance_offers",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("request_id", sa.Text(), nullable=True),
        sa.Column("offered_by", sa.Text(), nullable=False),
        sa.Column("to_state", sa.Text(), nullable=True),
        sa.Column("offered_at", sa.Text(), nullable=False),
        *_marking(),
        sa.Column("document", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["assistance_requests.id"],
            name="fk_assistance_offers_request_id",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_assistance_offers_request", "assistance_offers", ["request_id"])
    op.create_table(
        "teams",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("kind", sa.Text(), nullable=False),
        *_marking(),
        sa.Column("document", sa.Text(), nullable=False),
    )
    op.create_table(
        "team_deployments",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("team_id", sa.Text(), nullable=False),
        sa.Column("location", sa.Text(), nullable=False),
        *_incident("team_deployments"),
        sa.Column("starts", sa.Text(), nullable=False),
        sa.Column("ends", sa.Text(), nullable=True),
        *_marking(),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
    )
    op.create_index("ix_team_deployments_team_starts", "team_deployments", ["team_id", "starts"])
    op.create_index("ix_team_deployments_incident", "team_deployments", ["incident_id"])


def downgrade() -> None:
    op.drop_index("ix_team_deployments_incident", table_name="team_deployments")
    op.drop_index("ix_team_deployments_team_starts", table_name="team_deployments")
    op.drop_table("team_deployments")
    op.drop_table("teams")
    op.drop_index("ix_assistance_offers_request", table_name="assistance_offers")
    op.drop_table("assistance_offers")
    op.drop_index("ix_assistance_requests_incident", table_name="assistance_requests")
    op.drop_index("ix_assistance_requests_status_deadline", table_name="assistance_requests")
    op.drop_table("assistance_requests")
