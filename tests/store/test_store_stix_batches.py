"""The batch operations STIX imports rely on: add_many and get_many, same rules as add/get."""

from __future__ import annotations

import pytest
from store_factories import ACTORS, incident, reference_incidents, save, state_attribution

from cdtoolbox.errors import InvalidInput
from cdtoolbox.store import Database, dump


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
    # The revision counter counts writes (6 adds, 1 batch); everything else must be equal.
    assert _without_revisions(dump(other)) == _without_revisions(one_by_one)
    other.dispose()


def _without_revisions(text: str) -> str:
    head, marker, rest = text.partition("== store_revisions")
    return head + rest.partition("\n== ")[2] if marker else text


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
