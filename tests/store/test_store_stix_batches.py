"""The batch operations imports rely on (STIX bundles, incident files): add_many and get_many,
same rules as add/get."""

from __future__ import annotations

import pytest
from store_factories import ACTORS, incident, reference_incidents, save, state_attribution

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model import Incident
from cdtoolbox.store import Database, RecordKind, dump


def test_add_many_stores_what_add_would(database: Database) -> None:
    given = reference_incidents()
    with database.transaction() as store:
        store.actors.upsert_many(ACTORS)
        stored = store.incidents.add_many(given)
    assert [item.version for item in stored] == [1] * len(given)
    with database.read() as store:
        back = store.incidents.get_many([item.id for item in given] + ["unknown"])
    assert set(back) == {item.id for item in given}
    assert [back[item.id] for item in given] == list(stored)


def test_add_many_indexes_like_add(
    database: Database, tmp_path_factory: pytest.TempPathFactory
) -> None:
    if database.display_url.startswith("postgresql"):
        pytest.skip("compared with a SQLite store: dumps are per backend")
    given = reference_incidents()
    save(database, *given)
    one_by_one = dump(database)
    other = Database(f"sqlite:///{tmp_path_factory.mktemp('bulk') / 'cdt.sqlite3'}")
    other.migrate()
    with other.transaction() as store:
        store.actors.upsert_many(ACTORS)
        store.incidents.add_many(given)
    # Everything equal, the revision counter included: a batch counts each incident it adds.
    assert dump(other) == one_by_one
    other.dispose()


@pytest.mark.parametrize(
    ("batch", "field"),
    [
        ((incident("a"), incident("a", slug="other")), "id"),
        ((incident("a"), incident("b", slug="a")), "slug"),
        ((incident("a", actor_ids=("nobody",)),), "actor_ids[0]"),
        (
            (incident("a", attributions=(state_attribution("RU", actor_id="nobody"),)),),
            "attributions[0].actor_id",
        ),
    ],
)
def test_add_many_refuses_what_add_refuses(
    database: Database, batch: tuple[object, ...], field: str
) -> None:
    save(database)
    before = dump(database)
    with pytest.raises(InvalidInput) as refused, database.transaction() as store:
        store.incidents.add_many(batch)  # type: ignore[arg-type]
    assert refused.value.field == field
    assert dump(database) == before


def test_add_many_refuses_an_id_already_stored(database: Database) -> None:
    (stored, *_) = save(database, *reference_incidents())
    with pytest.raises(InvalidInput) as refused, database.transaction() as store:
        store.incidents.add_many([incident(stored.id, slug="fresh-slug")])
    assert refused.value.field == "id"


def test_add_many_refuses_in_turn_with_the_errors_add_gives_one_by_one(
    database: Database,
) -> None:
    """An incident whose handle an earlier one of the batch took is refused as ``add`` would
    refuse it once that one was stored, and before any later incident is looked at."""
    (stored,) = save(database, incident("stored", slug="stored-slug"))
    before = dump(database)
    cases = [
        (
            [incident("a"), incident("b", slug="a")],
            "incident `slug`: 'a' is already used by incident 'a'",
        ),
        (
            [incident("a"), incident("a", slug="other")],
            "incident `id`: 'a' is already used by another incident",
        ),
        (
            [incident("a", actor_ids=("nobody",)), incident("b", slug="stored-slug")],
            "incident `actor_ids[0]`: 'nobody' is not a threat actor known to the store",
        ),
        (
            [
                incident("a"),
                incident("b", slug="stored-slug"),
                incident("c", actor_ids=("nobody",)),
            ],
            f"incident `slug`: 'stored-slug' is already used by incident {stored.id!r}",
        ),
    ]
    for batch, message in cases:
        one_by_one = _first_refusal_of_add(database, batch)
        with pytest.raises(InvalidInput) as refused, database.transaction() as store:
            store.incidents.add_many(batch)
        assert str(refused.value) == str(one_by_one) == message
        assert dump(database) == before


def _first_refusal_of_add(database: Database, batch: list[Incident]) -> InvalidInput:
    with pytest.raises(InvalidInput) as refused, database.transaction() as store:
        for item in batch:
            store.incidents.add(item)
    return refused.value


def test_add_many_counts_each_incident_in_the_revision_counter(database: Database) -> None:
    save(database)
    with database.read() as store:
        (before,) = store.revisions.current([RecordKind.INCIDENTS])
    with database.transaction() as store:
        store.incidents.add_many([incident("a"), incident("b"), incident("c")])
    with database.read() as store:
        assert store.revisions.current([RecordKind.INCIDENTS]) == (before + 3,)
