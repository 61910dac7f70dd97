"""A natural sort key beside each threat actor's name, so listings order APT2 before APT10
(and ignore case) on SQLite and PostgreSQL alike, page by page. Filled from the stored names.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from cdtoolbox.model import natural_sort_key

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_actors = sa.table("actors", sa.column("id", sa.Text), sa.column("name", sa.Text))


def upgrade() -> None:
    op.add_column("actors", sa.Column("sort_name", sa.Text(), nullable=False, server_default=""))
    connection = op.get_bind()
    rows = connection.execute(sa.select(_actors.c.id, _actors.c.name)).all()
    if rows:
        sort_name = sa.table("actors", sa.column("id", sa.Text), sa.column("sort_name", sa.Text))
        connection.execute(
            sort_name.update()
            .where(sort_name.c.id == sa.bindparam("actor_id"))
            .values(sort_name=sa.bindparam("key")),
            [{"actor_id": row.id, "key": natural_sort_key(row.name)} for row in rows],
        )
    op.drop_index("ix_actors_name_id", table_name="actors")
    op.create_index("ix_actors_sort_name_id", "actors", ["sort_name", "id"])


def downgrade() -> None:
    op.drop_index("ix_actors_sort_name_id", table_name="actors")
    op.create_index("ix_actors_name_id", "actors", ["name", "id"])
    with op.batch_alter_table("actors") as batch:
        batch.drop_column("sort_name")
