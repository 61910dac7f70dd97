"""SQLite keeps the rowid of each incident's full-text row by incident id, so an edit deletes
the row by rowid instead of reading the whole index."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from store_factories import incident, save, stored_at_revision

from cdtoolbox.model import IncidentFilter
from cdtoolbox.store import Database


def _sqlite(tmp_path: Path) -> Database:
    database = Database(f"sqlite:///{tmp_path / 'cdt.sqlite3'}")
    database.migrate()
    return database


def _rows(database: Database) -> dict[str, int]:
    """Incident id → the rowid its row is kept under, checked against the index itself."""
    with database.connect(read_only=True) as connection:
        kept = connection.execute(text("SELECT incident_id, text_rowid FROM incident_text_rows"))
        rows = {key: rowid for key, rowid in kept}
        indexed = connection.execute(text("SELECT incident_id, rowid FROM incident_text"))
        assert {key: rowid for key, rowid in indexed} == rows
        return rows


def _matching(database: Database, words: str) -> int:
    with database.read() as store:
        return store.incidents.count(IncidentFilter(text=words))


def test_an_edit_deletes_the_incidents_row_by_its_kept_rowid(
    tmp_path: Path,
) -> None:
    database = _sqlite(tmp_path)
    first, second = save(
        database,
        incident("grid", summary="Substations were switched off."),
        incident("mail", summary="Mailboxes of the ministry were read."),
    )
    before = _rows(database)
    assert set(before) == {first.id, second.id}
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", seen)
    try:
        with database.transaction() as store:
            store.incidents.update(
                first.evolve(summary="Breakers were opened."), expected_version=1
            )
    finally:
        event.remove(Engine, "before_cursor_execute", seen)
    deletes = [s for s in statements if s.startswith("DELETE FROM incident_text ")]
    # One delete by rowid, and no fallback reading every row.
    assert deletes == ["DELETE FROM incident_text WHERE rowid IN (?)"]
    after = _rows(database)
    assert after[second.id] == before[second.id] and after[first.id] > before[second.id]
    assert (_matching(database, "breakers"), _matching(database, "substations")) == (1, 0)
    assert _matching(database, "mailboxes") == 1


def test_a_row_whose_rowid_is_not_kept_is_still_removed(tmp_path: Path) -> None:
    """An index row without its kept rowid (none is written so) is found by a full read."""
    database = _sqlite(tmp_path)
    (grid,) = save(database, incident("grid", summary="Substations were switched off."))
    with database.connect(read_only=False) as connection:
        connection.execute(text("DELETE FROM incident_text_rows"))
        connection.commit()
    with database.transaction() as store:
        store.incidents.update(grid.evolve(summary="Breakers were opened."), expected_version=1)
    assert (_matching(database, "breakers"), _matching(database, "substations")) == (1, 0)
    with database.transaction() as store:
        store.incidents.delete(grid.id, expected_version=2)
    assert _rows(database) == {}


def test_the_migration_keeps_the_rowids_of_the_rows_already_stored(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'cdt.sqlite3'}")
    with stored_at_revision(database, "0027") as connection:
        connection.execute(
            text(
                "INSERT INTO incident_text (incident_id, body) VALUES "
                "('a', 'substations switched off'), ('b', 'mailboxes read'), "
                "('a', 'an older row of a')"
            )
        )
    assert _rows(database) == {"a": 3, "b": 2}
