"""Observables: the normalised technical values of each incident, keyed by (kind, value,
incident) so that the incidents sharing one are found by one index range read.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "observables",
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("incident_id", sa.Text(), nullable=False),
        sa.Column("first_seen", sa.Text(), nullable=True),
        sa.Column("last_seen", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("tlp_rank", sa.Integer(), nullable=False),
        sa.Column("sightings", sa.Integer(), nullable=False, server_default="0"),
        # Leading with (kind, value): the correlation lookup is a range read of this key.
        sa.PrimaryKeyConstraint("kind", "value", "incident_id", name="pk_observables"),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name="fk_observables_incident_id",
            ondelete="CASCADE",
        ),
        # SQLite keeps the rows in primary-key order: one B-tree fewer to write and to read.
        sqlite_with_rowid=False,
    )
    op.create_index("ix_observables_incident_id", "observables", ["incident_id"])


def downgrade() -> None:
    op.drop_index("ix_observables_incident_id", table_name="observables")
    op.drop_table("observables")
