"""TAXII 2.1: collections, the object versions they hold, the status of each addition.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "taxii_collections",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("alias", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("media_types", sa.Text(), nullable=False),
        sa.Column("read_permission", sa.Text(), nullable=False),
        sa.Column("write_permission", sa.Text(), nullable=True),
        sa.Column("last_added", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_taxii_collections"),
        sa.UniqueConstraint("alias", name="uq_taxii_collections_alias"),
    )
    op.create_table(
        "taxii_objects",
        sa.Column("collection_id", sa.Text(), nullable=False),
        sa.Column("added", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("object_id", sa.Text(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("version", sa.Text(), nullable=False),
        sa.Column("version_key", sa.Text(), nullable=False),
        sa.Column("spec_version", sa.Text(), nullable=False),
        sa.Column("tlp_rank", sa.Integer(), nullable=False),
        sa.Column("is_first", sa.Boolean(), nullable=False),
        sa.Column("is_last", sa.Boolean(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["collection_id"],
            ["taxii_collections.id"],
            name="fk_taxii_objects_collection_id",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("collection_id", "added", name="pk_taxii_objects"),
        sa.UniqueConstraint(
            "collection_id", "object_id", "version_key", name="uq_taxii_objects_object_version"
        ),
    )
    op.create_index(
        "ix_taxii_objects_collection_id_type_added",
        "taxii_objects",
        ["collection_id", "type", "added"],
    )
    op.create_table(
        "taxii_statuses",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("collection_id", sa.Text(), nullable=False),
        sa.Column("posted_by", sa.Text(), nullable=False),
        sa.Column("request_timestamp", sa.Text(), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("success_count", sa.Integer(), nullable=False),
        sa.Column("failure_count", sa.Integer(), nullable=False),
        sa.Column("pending_count", sa.Integer(), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["collection_id"],
            ["taxii_collections.id"],
            name="fk_taxii_statuses_collection_id",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_taxii_statuses"),
    )


def downgrade() -> None:
    op.drop_table("taxii_statuses")
    op.drop_table("taxii_objects")
    op.drop_table("taxii_collections")
