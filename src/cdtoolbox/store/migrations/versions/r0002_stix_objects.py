"""STIX: objects kept as received, and the STIX origin of imported incidents and actors.

Revision ID: 0002
Revises: 0001
Create Date: 2026-01-15
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stix_objects",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("modified", sa.Text(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("tlp_rank", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", "modified", name="pk_stix_objects"),
    )
    op.create_index("ix_stix_objects_type_id", "stix_objects", ["type", "id"])
    op.create_table(
        "stix_imports",
        sa.Column("stix_id", sa.Text(), nullable=False),
        sa.Column("modified", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("local_id", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("stix_id", name="pk_stix_imports"),
    )
    op.create_index("ix_stix_imports_kind_local_id", "stix_imports", ["kind", "local_id"])


def downgrade() -> None:
    op.drop_table("stix_imports")
    op.drop_table("stix_objects")
