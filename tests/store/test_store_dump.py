"""dump(): deterministic, complete, and sensitive to any change."""

from __future__ import annotations

from store_factories import reference_incidents, save

from cdtoolbox.store import Database, dump


def test_dump_is_stable_and_lists_every_table_in_order(database: Database) -> None:
    save(database, *reference_incidents())
    text = dump(database)
    assert dump(database) == text
    headers = [line for line in text.splitlines() if line.startswith("== ")]
    names = [header.split()[1] for header in headers]
    assert names == sorted(names)
    for table in ("actors", "actor_aliases", "alembic_version", "incidents", "incident_text"):
        assert table in names
    assert "== incidents (6 rows)" in text


def test_dump_lists_rows_sorted_whatever_the_insertion_order(database: Database) -> None:
    save(database, *reversed(reference_incidents()))
    lines = dump(database).splitlines()
    start = lines.index(next(line for line in lines if line.startswith("== incidents ")))
    rows = lines[start + 1 : start + 7]
    assert [row.split(" | ")[0].strip() for row in rows] == sorted(
        repr(item.id) for item in reference_incidents()
    )


def test_dump_changes_with_any_write(database: Database) -> None:
    (stored, *_) = save(database, *reference_incidents())
    before = dump(database)
    with database.transaction() as store:
        store.incidents.update(stored.evolve(summary=stored.summary + "!"), expected_version=1)
    assert dump(database) != before
