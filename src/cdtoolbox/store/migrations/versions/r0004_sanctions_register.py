"""The sanctions register: regimes with their renewal history, listings and their name index.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sanction_regimes",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sanction_regimes"),
    )
    op.create_table(
        "sanction_listings",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("regime_id", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("listed_on", sa.Text(), nullable=False),
        sa.Column("sponsor", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["regime_id"], ["sanction_regimes.id"], name="fk_sanction_listings_regime_id"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_sanction_listings"),
    )
    op.create_index("ix_sanction_listings_regime_id", "sanction_listings", ["regime_id"])
    op.create_index("ix_sanction_listings_sponsor", "sanction_listings", ["sponsor"])
    op.create_index("ix_sanction_listings_listed_on_id", "sanction_listings", ["listed_on", "id"])
    op.create_table(
        "sanction_listing_names",
        sa.Column("listing_id", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["listing_id"],
            ["sanction_listings.id"],
            name="fk_sanction_listing_names_listing_id",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("listing_id", "name_key", name="pk_sanction_listing_names"),
    )
    op.create_index("ix_sanction_listing_names_name_key", "sanction_listing_names", ["name_key"])
    op.create_table(
        "sanction_listing_incidents",
        sa.Column("listing_id", sa.Text(), nullable=False),
        sa.Column("incident", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["listing_id"],
            ["sanction_listings.id"],
            name="fk_sanction_listing_incidents_listing_id",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("listing_id", "incident", name="pk_sanction_listing_incidents"),
    )
    op.create_index(
        "ix_sanction_listing_incidents_incident", "sanction_listing_incidents", ["incident"]
    )
    op.create_table(
        "sanction_listing_actors",
        sa.Column("listing_id", sa.Text(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["listing_id"],
            ["sanction_listings.id"],
            name="fk_sanction_listing_actors_listing_id",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("listing_id", "actor", name="pk_sanction_listing_actors"),
    )
    op.create_index("ix_sanction_listing_actors_actor", "sanction_listing_actors", ["actor"])


def downgrade() -> None:
    op.drop_table("sanction_listing_actors")
    op.drop_table("sanction_listing_incidents")
    op.drop_table("sanction_listing_names")
    op.drop_table("sanction_listings")
    op.drop_table("sanction_regimes")
