"""ActorRepository: bulk upsert, alias lookup, listing, links to incidents."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text
from store_factories import ACTORS, actor, incident, save, state_attribution, stored_at_revision

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.model import IncidentFilter, ThreatActor, Tlp, natural_sort_key
from cdtoolbox.store import Database, dump


def test_upsert_writes_new_and_changed_actors_only(database: Database) -> None:
    with database.transaction() as store:
        assert store.actors.upsert_many(ACTORS) == len(ACTORS)
    unchanged = dump(database)
    with database.transaction() as store:
        assert store.actors.upsert_many(ACTORS) == 0
    assert dump(database) == unchanged
    renamed = replace(ACTORS[0], description="Russian military intelligence unit 26165.")
    with database.transaction() as store:
        assert store.actors.upsert_many([renamed, *ACTORS[1:]]) == 1
    with database.read() as store:
        assert store.actors.get("apt28", max_tlp=Tlp.RED) == renamed


def test_get_by_id_or_slug(database: Database) -> None:
    misp = actor("5b4ee3ea-eee3-4c8e-8323-85ae32658754", "APT28", sponsor="RU")
    misp = replace(misp, slug="apt28")
    with database.transaction() as store:
        store.actors.upsert_many([misp])
    with database.read() as store:
        assert store.actors.get("apt28", max_tlp=Tlp.RED) == misp
        assert store.actors.get(misp.id, max_tlp=Tlp.RED) == misp
        with pytest.raises(NotFound, match="no threat actor matches 'apt99'"):
            store.actors.get("apt99", max_tlp=Tlp.RED)
        assert store.actors.get_many(["apt28", misp.id, "apt99"], max_tlp=Tlp.RED) == {
            misp.id: misp
        }


@pytest.mark.parametrize("name", ["Fancy Bear", "fancy-bear", "FANCY BEAR", "apt 28", "Sofacy"])
def test_find_by_alias_ignores_case_spacing_and_punctuation(database: Database, name: str) -> None:
    save(database)
    with database.read() as store:
        assert [found.id for found in store.actors.find_by_alias(name, max_tlp=Tlp.RED)] == [
            "apt28"
        ]


def test_find_by_alias_returns_every_actor_sharing_a_name(database: Database) -> None:
    shared = (
        actor("a", "Winnti", "Wicked Panda", sponsor="CN"),
        actor("b", "Wicked Panda", sponsor="CN"),
    )
    with database.transaction() as store:
        store.actors.upsert_many(shared)
    with database.read() as store:
        # By name: "Wicked Panda" sorts before "Winnti".
        assert [
            found.id for found in store.actors.find_by_alias("wicked panda", max_tlp=Tlp.RED)
        ] == ["b", "a"]
        assert store.actors.find_by_alias("Cozy Bear", max_tlp=Tlp.RED) == []
        assert store.actors.find_by_alias("  --  ", max_tlp=Tlp.RED) == []


def test_changed_aliases_replace_the_old_ones(database: Database) -> None:
    save(database)
    fewer = replace(ACTORS[0], aliases=("Pawn Storm",))
    with database.transaction() as store:
        store.actors.upsert_many([fewer])
    with database.read() as store:
        assert store.actors.find_by_alias("fancy bear", max_tlp=Tlp.RED) == []
        assert store.actors.find_by_alias("pawn storm", max_tlp=Tlp.RED) == [fewer]


def test_linked_incidents_are_found_under_an_actors_new_names(database: Database) -> None:
    save(database, incident("bundestag-2015", actor_ids=("apt28",)))
    with database.read() as store:
        assert store.incidents.count(IncidentFilter(text="pawn storm")) == 0
    with database.transaction() as store:
        store.actors.upsert_many([replace(ACTORS[0], aliases=("Pawn Storm",))])
    with database.read() as store:
        assert store.incidents.count(IncidentFilter(text="pawn storm")) == 1
        assert store.incidents.count(IncidentFilter(text="sofacy")) == 0


def test_a_sponsor_change_moves_linked_incidents(database: Database) -> None:
    save(database, incident("grid", actor_ids=("sandworm",)))
    with database.transaction() as store:
        store.actors.upsert_many([replace(ACTORS[1], sponsor="BY")])
    with database.read() as store:
        assert store.incidents.count(IncidentFilter(sponsors=("RU",))) == 0
        assert store.incidents.count(IncidentFilter(sponsors=("BY",))) == 1


def test_incident_ids_for_actor_include_attributions(database: Database) -> None:
    save(
        database,
        incident("b-direct", actor_ids=("sandworm",)),
        incident("a-attributed", attributions=(state_attribution("RU", actor_id="sandworm"),)),
        incident("other", actor_ids=("apt28",)),
    )
    with database.read() as store:
        assert store.actors.incident_ids_for_actor("sandworm") == ("a-attributed", "b-direct")
        assert store.actors.incident_ids_for_actor("lazarus") == ()


def test_list_pages_through_actors_by_name(database: Database) -> None:
    many = [
        actor(f"actor{n:02d}", f"Group {n % 4}", sponsor="RU" if n % 3 else "CN") for n in range(11)
    ]
    with database.transaction() as store:
        store.actors.upsert_many(many)
    expected = [item.id for item in sorted(many, key=lambda item: (item.name, item.id))]
    for sponsor in (None, "RU", "CN"):
        wanted = [key for key in expected if sponsor is None or _sponsor(many, key) == sponsor]
        seen: list[str] = []
        cursor = None
        while True:
            with database.read() as store:
                page = store.actors.list(max_tlp=Tlp.RED, sponsor=sponsor, limit=3, cursor=cursor)
                assert (
                    page.total
                    == store.actors.count(max_tlp=Tlp.RED, sponsor=sponsor)
                    == len(wanted)
                )
            seen += [item.id for item in page.items]
            cursor = page.next_cursor
            if cursor is None:
                break
        assert seen == wanted
        with database.read() as store:
            every = store.actors.every(max_tlp=Tlp.RED, sponsor=sponsor)
            assert [item.id for item in every] == wanted


def _sponsor(actors: list[ThreatActor], actor_id: str) -> str | None:
    return next(item.sponsor for item in actors if item.id == actor_id)


def test_a_slug_shared_by_two_actors_is_refused(database: Database) -> None:
    save(database)
    twins = [actor("x1", "Twin", sponsor="IR"), replace(actor("x2", "Twin"), slug="x1")]
    taken = replace(actor("x3", "Other"), slug="apt28")
    before = dump(database)
    with database.transaction() as store:
        with pytest.raises(InvalidInput) as within_batch:
            store.actors.upsert_many(twins)
        with pytest.raises(InvalidInput) as against_store:
            store.actors.upsert_many([taken])
    assert (within_batch.value.field, within_batch.value.value) == ("slug", "x1")
    assert (
        str(against_store.value) == "threat actor `slug`: 'apt28' is already used by actor 'apt28'"
    )
    assert dump(database) == before


def test_a_large_reference_set_loads_in_one_go(database: Database) -> None:
    """The MISP threat-actor galaxy has about a thousand entries with eight names each."""
    galaxy = [
        actor(f"actor-{n:04d}", f"Actor {n}", *(f"Alias {n}-{k}" for k in range(7)), sponsor="RU")
        for n in range(1000)
    ]
    with database.transaction() as store:
        assert store.actors.upsert_many(galaxy) == 1000
    with database.transaction() as store:
        changed = [replace(item, aliases=(*item.aliases, "Extra")) for item in galaxy[:300]]
        assert store.actors.upsert_many([*changed, *galaxy[300:]]) == 300
    with database.read() as store:
        assert store.actors.count(max_tlp=Tlp.RED) == 1000
        assert store.actors.count(max_tlp=Tlp.RED, sponsor="RU") == 1000
        assert [item.id for item in store.actors.find_by_alias("alias 999-6", max_tlp=Tlp.RED)] == [
            "actor-0999"
        ]
        assert len(store.actors.find_by_alias("extra", max_tlp=Tlp.RED)) == 300


def test_actors_are_listed_in_natural_order_page_after_page(database: Database) -> None:
    """APT2 before APT10, lower case among upper case: the order a reader expects."""
    names = ["APT10", "apt3", "APT2", "APT1", "puNK-003", "APT28", "Lazarus", "luoxk"]
    with database.transaction() as store:
        store.actors.upsert_many([actor(f"id-{n}", n) for n in names])
    listed: list[str] = []
    cursor = None
    with database.read() as store:
        while True:
            page = store.actors.list(max_tlp=Tlp.RED, limit=3, cursor=cursor)
            listed += [found.name for found in page.items]
            cursor = page.next_cursor
            if cursor is None:
                break
    assert listed == ["APT1", "APT2", "apt3", "APT10", "APT28", "Lazarus", "luoxk", "puNK-003"]


def test_the_sort_name_migration_fills_the_actors_already_stored(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'cdt.sqlite3'}")
    with stored_at_revision(database, "0008") as connection:
        connection.execute(
            text(
                "INSERT INTO actors (id, slug, name, origin, document) "
                "VALUES ('a', 'apt10', 'APT10', 'user', '{}')"
            )
        )
    with database.connect(read_only=True) as connection:
        stored = connection.execute(text("SELECT sort_name FROM actors")).scalar_one()
    assert stored == natural_sort_key("APT10") == "apt000000000010"
