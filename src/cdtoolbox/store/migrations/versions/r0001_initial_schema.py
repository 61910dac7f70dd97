"""Initial schema: incidents and their filter indexes, actors and aliases, full-text index.

Revision ID: 0001
Revises:
Create Date: 2025-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The full-text index is the one backend-specific table (see cdtoolbox.store.text_search).
_TEXT_INDEX_DDL: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE VIRTUAL TABLE incident_text USING fts5("
        "incident_id UNINDEXED, body, tokenize = 'porter unicode61')",
    ),
    "postgresql": (
        "CREATE TABLE incident_text ("
        "incident_id TEXT NOT NULL, body TSVECTOR NOT NULL, "
        "CONSTRAINT pk_incident_text PRIMARY KEY (incident_id), "
        "CONSTRAINT fk_incident_text_incident_id FOREIGN KEY (incident_id) "
        "REFERENCES incidents (id) ON DELETE CASCADE)",
        "CREATE INDEX ix_incident_text_body ON incident_text USING GIN (body)",
    ),
}


def _index_table(name: str, column: str, *references: sa.ForeignKey) -> None:
    op.create_table(
        name,
        sa.Column("incident_id", sa.Text(), nullable=False),
        sa.Column(column, sa.Text(), *references, nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=f"fk_{name}_incident_id",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("incident_id", column, name=f"pk_{name}"),
    )
    op.create_index(f"ix_{name}_{column}", name, [column])


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("slug", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("sponsor", sa.Text(), nullable=True),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_actors"),
        sa.UniqueConstraint("slug", name="uq_actors_slug"),
    )
    op.create_index("ix_actors_sponsor", "actors", ["sponsor"])
    op.create_index("ix_actors_name_id", "actors", ["name", "id"])

    op.create_table(
        "actor_aliases",
        sa.Column("actor_id", sa.Text(), nullable=False),
        sa.Column("alias_normalised", sa.Text(), nullable=False),
        sa.Column("alias", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name="fk_actor_aliases_actor_id", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("actor_id", "alias_normalised", name="pk_actor_aliases"),
    )
    op.create_index("ix_actor_aliases_alias_normalised", "actor_aliases", ["alias_normalised"])

    op.create_table(
        "incidents",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("slug", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("tlp", sa.Text(), nullable=False),
        sa.Column("tlp_rank", sa.Integer(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_incidents"),
        sa.UniqueConstraint("slug", name="uq_incidents_slug"),
    )
    op.create_index("ix_incidents_start_date_id", "incidents", ["start_date", "id"])
    op.create_index("ix_incidents_end_date", "incidents", ["end_date"])
    op.create_index("ix_incidents_updated_at_id", "incidents", ["updated_at", "id"])
    op.create_index("ix_incidents_title_id", "incidents", ["title", "id"])

    _index_table("incident_types", "type")
    _index_table("incident_victim_countries", "country")
    _index_table("incident_sectors", "sector")
    _index_table(
        "incident_actors",
        "actor_id",
        sa.ForeignKey("actors.id", name="fk_incident_actors_actor_id"),
    )
    _index_table("incident_attributed_states", "state")

    for statement in _TEXT_INDEX_DDL[op.get_context().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE incident_text")
    for name in (
        "incident_attributed_states",
        "incident_actors",
        "incident_sectors",
        "incident_victim_countries",
        "incident_types",
        "incidents",
        "actor_aliases",
        "actors",
    ):
        op.drop_table(name)
