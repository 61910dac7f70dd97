"""Public responses in the store: the bundled file's and the analysts' (drafted from
statements, then confirmed), each with its markings, its state and the incidents it concerns.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "responses",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("issued_on", sa.Text(), nullable=False),
        sa.Column("party_kind", sa.Text(), nullable=False),
        sa.Column("party", sa.Text(), nullable=False),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("instrument", sa.Text(), nullable=True),
        sa.Column("measure", sa.Text(), nullable=False),
        sa.Column("wording", sa.Text(), nullable=True),
        sa.Column("state_named", sa.Text(), nullable=True),
        sa.Column("incidents", sa.Text(), nullable=False),
        sa.Column("listed", sa.Text(), nullable=False),
        sa.Column("sources", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("tlp", sa.Text(), nullable=False),
        sa.Column("classification", sa.Text(), nullable=True),
        sa.Column("classification_rank", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("drafted_by", sa.Text(), nullable=False),
        sa.Column("drafted_at", sa.Text(), nullable=False),
        sa.Column("confirmed_by", sa.Text(), nullable=True),
        sa.Column("confirmed_at", sa.Text(), nullable=True),
        sa.Column("statement_id", sa.Text(), nullable=True),
        sa.Column("incident_draft", sa.Text(), nullable=True),
        sa.Column("bundled_position", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statements.id"],
            name="fk_responses_statement_id",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_responses_state", "responses", ["state"])
    op.create_index("ix_responses_statement_id", "responses", ["statement_id"])
    op.create_table(
        "response_incidents",
        sa.Column("response_id", sa.Text(), nullable=False),
        sa.Column("slug", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            name="fk_response_incidents_response_id",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("response_id", "slug"),
    )
    op.create_index("ix_response_incidents_slug", "response_incidents", ["slug"])


def downgrade() -> None:
    op.drop_index("ix_response_incidents_slug", table_name="response_incidents")
    op.drop_table("response_incidents")
    op.drop_index("ix_responses_statement_id", table_name="responses")
    op.drop_index("ix_responses_state", table_name="responses")
    op.drop_table("responses")
