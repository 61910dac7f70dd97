"""SQLite: the FTS5 rowid of each incident's full-text row, kept by incident id, so an edit
deletes the row by rowid instead of reading the whole index (``store.text_search``).
PostgreSQL's index is keyed by incident id already: nothing changes there.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE TABLE incident_text_rows ("
        "incident_id TEXT NOT NULL PRIMARY KEY, text_rowid INTEGER NOT NULL) WITHOUT ROWID"
    )
    op.execute(
        "INSERT INTO incident_text_rows (incident_id, text_rowid) "
        "SELECT incident_id, max(rowid) FROM incident_text GROUP BY incident_id"
    )
    # One row per incident: an older row of the same incident, if any, was never searched
    # apart from the newer one, and would now never be deleted.
    op.execute(
        "DELETE FROM incident_text WHERE rowid NOT IN (SELECT text_rowid FROM incident_text_rows)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE incident_text_rows")
