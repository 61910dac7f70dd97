"""The revision counters caches of derived data compare: every write of a kind moves its own."""

from __future__ import annotations

from dataclasses import replace

from store_factories import ACTORS, incident

from cdtoolbox.store import Database, RecordKind

BOTH = (RecordKind.INCIDENTS, RecordKind.ACTORS)


def revisions(database: Database) -> tuple[int, ...]:
    with database.read() as store:
        return store.revisions.current(BOTH)


def test_an_actor_write_moves_the_actors_counter_alone(database: Database) -> None:
    start = revisions(database)
    with database.transaction() as store:  # the actors' row does not exist before this
        store.actors.upsert_many(ACTORS)
    after_insert = revisions(database)
    assert after_insert[0] == start[0] and after_insert[1] > start[1]
    with database.transaction() as store:
        store.actors.upsert_many([replace(ACTORS[0], description="Renamed unit.")])
    after_change = revisions(database)
    assert after_change[0] == start[0] and after_change[1] > after_insert[1]


def test_an_upsert_that_changes_nothing_moves_no_counter(database: Database) -> None:
    with database.transaction() as store:
        store.actors.upsert_many(ACTORS)
    before = revisions(database)
    with database.transaction() as store:
        assert store.actors.upsert_many(ACTORS) == 0
    assert revisions(database) == before


def test_an_incident_write_moves_the_incidents_counter_alone(database: Database) -> None:
    with database.transaction() as store:
        store.actors.upsert_many(ACTORS)
    before = revisions(database)
    with database.transaction() as store:
        store.incidents.add(incident("first-incident"))
    after = revisions(database)
    assert after[0] > before[0] and after[1] == before[1]


def test_a_rolled_back_write_leaves_the_counters_as_they_were(database: Database) -> None:
    before = revisions(database)
    try:
        with database.transaction() as store:
            store.actors.upsert_many(ACTORS)
            raise RuntimeError("abandoned")
    except RuntimeError:
        pass
    assert revisions(database) == before
