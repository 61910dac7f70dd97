"""IncidentRepository: round trips, versions, refusals and index upkeep."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from store_factories import ACTORS, incident, reference_incidents, save, state_attribution

from cdtoolbox.errors import Conflict, InvalidInput, NotFound
from cdtoolbox.model import (
    AttributingParty,
    Attribution,
    AttributionBasis,
    Confidence,
    Impact,
    Incident,
    IncidentFilter,
    IncidentStatus,
    IncidentType,
    InformationCredibility,
    Likelihood,
    Organisation,
    PartialDate,
    PartyKind,
    Source,
    SourceReliability,
    Tlp,
)
from cdtoolbox.store import Database, RecordKind, dump


def wannacry() -> Incident:
    """Every field filled in, so a round trip that drops one is caught."""
    statement = Source(
        "Foreign Office Minister condemns North Korean actor for WannaCry attacks",
        url="https://www.gov.uk/government/news/foreign-office-minister-condemns-north-korean-actor-for-wannacry-attacks",
        publisher="UK Foreign and Commonwealth Office",
        published=date(2017, 12, 19),
        reliability=SourceReliability.A,
        credibility=InformationCredibility.CONFIRMED,
    )
    return Incident(
        id="6f1c9a52-9a4e-5d4c-8d8a-1f1d2b3c4d5e",
        slug="wannacry-2017",
        title="WannaCry",
        summary="A ransomware worm hit more than 200,000 computers in 150 countries.",
        start=PartialDate.parse("2017-05-12"),
        end=PartialDate.parse("2017-05"),
        disclosed=PartialDate.parse("2017"),
        types=(IncidentType.RANSOMWARE, IncidentType.SABOTAGE),
        is_campaign=True,
        victim_countries=("GB", "ES"),
        victim_sectors=("health", "transport.rail"),
        victim_organisations=(Organisation("National Health Service", "GB", "health"),),
        actor_ids=("lazarus",),
        attributions=(
            Attribution(
                party=AttributingParty(PartyKind.STATE, "United Kingdom", "GB"),
                actor_id="lazarus",
                state="KP",
                date=PartialDate.parse("2017-12-19"),
                likelihood=Likelihood.ALMOST_CERTAIN,
                confidence=Confidence.HIGH,
                basis=(AttributionBasis.INTELLIGENCE, AttributionBasis.POLITICAL),
                wording="North Korean actors known as the Lazarus Group",
                source=statement,
            ),
        ),
        impact=Impact(systems_affected=230_000, financial_loss_usd=4.0e9, outage_hours=72.5),
        sources=(statement,),
        tlp=Tlp.GREEN,
        status=IncidentStatus.DRAFT,
        created_at=datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
        updated_at=datetime(2024, 1, 2, 5, 4, 5, tzinfo=timezone(timedelta(hours=2))),
    )


def test_add_then_get_returns_the_same_incident_at_version_1(database: Database) -> None:
    original = wannacry()
    (stored,) = save(database, original)
    assert stored == original.evolve(version=1)
    with database.read() as store:
        assert store.incidents.get(original.id) == stored
        assert store.incidents.get("wannacry-2017") == stored
        assert store.incidents.slug_exists("wannacry-2017")
        assert not store.incidents.slug_exists("wannacry")
        assert store.incidents.exists(original.id)
        assert not store.incidents.exists("wannacry-2017")


def test_get_of_an_unknown_incident_says_so(database: Database) -> None:
    with database.read() as store, pytest.raises(NotFound, match="no incident matches 'nope'"):
        store.incidents.get("nope")


def test_update_stores_a_new_version_and_rewrites_the_indexes(database: Database) -> None:
    (stored,) = save(database, wannacry())
    changed = stored.evolve(
        title="WannaCry ransomware outbreak",
        victim_countries=("FR",),
        summary="Renault plants stopped production.",
    )
    with database.transaction() as store:
        updated = store.incidents.update(changed, expected_version=1)
    assert updated == changed.evolve(version=2)
    with database.read() as store:
        assert store.incidents.get(stored.id) == updated
        incidents = store.incidents
        assert incidents.count(IncidentFilter(victim_countries=("GB",))) == 0
        assert incidents.count(IncidentFilter(victim_countries=("FR",))) == 1
        assert incidents.count(IncidentFilter(text="worm")) == 0
        assert incidents.count(IncidentFilter(text="Renault")) == 1


def test_update_may_change_the_slug(database: Database) -> None:
    (stored,) = save(database, wannacry())
    with database.transaction() as store:
        store.incidents.update(stored.evolve(slug="wannacry"), expected_version=1)
    with database.read() as store:
        assert store.incidents.get("wannacry").id == stored.id
        assert not store.incidents.slug_exists("wannacry-2017")


def test_delete_removes_the_incident_and_its_index_rows(database: Database) -> None:
    (stored,) = save(database, wannacry())
    with database.transaction() as store:
        store.incidents.delete(stored.id, expected_version=1)
        with pytest.raises(NotFound):
            store.incidents.get(stored.id)
        assert store.incidents.count(IncidentFilter(text="ransomware")) == 0
        assert store.incidents.count(IncidentFilter()) == 0
    with database.connect(read_only=True) as connection:
        for table in INDEX_TABLES:
            count = connection.exec_driver_sql(f"SELECT COUNT(*) FROM {table}").scalar()
            assert count == 0, table


INDEX_TABLES = (
    "incident_types",
    "incident_victim_countries",
    "incident_sectors",
    "incident_actors",
    "incident_attributed_states",
    "incident_text",
)


def test_a_duplicate_id_or_slug_is_refused_as_invalid_input(database: Database) -> None:
    (stored,) = save(database, wannacry())
    with database.transaction() as store:
        with pytest.raises(InvalidInput) as same_id:
            store.incidents.add(stored.evolve(slug="another-slug"))
        with pytest.raises(InvalidInput) as same_slug:
            store.incidents.add(stored.evolve(id="another-id"))
    assert (same_id.value.field, same_id.value.value) == ("id", stored.id)
    assert (same_slug.value.field, same_slug.value.value) == ("slug", "wannacry-2017")
    assert str(same_slug.value) == (
        f"incident `slug`: 'wannacry-2017' is already used by incident {stored.id!r}"
    )


def test_update_refuses_a_slug_another_incident_has(database: Database) -> None:
    first, _second = save(database, incident("stuxnet"), incident("notpetya"))
    with database.transaction() as store, pytest.raises(InvalidInput) as refused:
        store.incidents.update(first.evolve(slug="notpetya"), expected_version=1)
    assert refused.value.field == "slug"


def test_an_incident_may_only_name_known_actors(database: Database) -> None:
    save(database)
    unknown_actor = incident("one", actor_ids=("apt28", "apt99"))
    unknown_in_attribution = incident("two", attributions=(state_attribution("RU", actor_id="x"),))
    with database.transaction() as store:
        with pytest.raises(InvalidInput) as direct:
            store.incidents.add(unknown_actor)
        with pytest.raises(InvalidInput) as attributed:
            store.incidents.add(unknown_in_attribution)
    assert (direct.value.field, direct.value.value) == ("actor_ids[1]", "apt99")
    assert (attributed.value.field, attributed.value.value) == ("attributions[0].actor_id", "x")


def test_update_and_delete_of_an_unknown_incident_raise_not_found(database: Database) -> None:
    with database.transaction() as store:
        with pytest.raises(NotFound):
            store.incidents.update(incident("ghost"), expected_version=1)
        with pytest.raises(NotFound):
            store.incidents.delete("ghost", expected_version=1)


def test_a_stale_update_or_delete_raises_conflict(database: Database) -> None:
    (stored,) = save(database, wannacry())
    with database.transaction() as store:
        store.incidents.update(stored.evolve(title="First"), expected_version=1)
    with database.transaction() as store:
        with pytest.raises(Conflict) as stale_update:
            store.incidents.update(stored.evolve(title="Second"), expected_version=1)
        with pytest.raises(Conflict) as stale_delete:
            store.incidents.delete(stored.id, expected_version=1)
    error = stale_update.value
    assert (error.entity, error.key, error.expected_version, error.actual_version) == (
        "incident",
        stored.id,
        1,
        2,
    )
    assert stale_delete.value.actual_version == 2
    with database.read() as store:
        assert store.incidents.get(stored.id).title == "First"


def test_of_two_concurrent_editors_the_first_wins(database: Database) -> None:
    """Both read version 1; the first update commits; the second must not overwrite it."""
    (stored,) = save(database, wannacry())
    with database.read() as store:
        seen_by_first = store.incidents.get(stored.id)
    with database.read() as store:
        seen_by_second = store.incidents.get(stored.id)
    first_updated = threading.Event()
    let_first_commit = threading.Event()
    outcome: dict[str, object] = {}

    def first_editor() -> None:
        with database.transaction() as store:
            store.incidents.update(seen_by_first.evolve(title="First"), seen_by_first.version)
            first_updated.set()
            let_first_commit.wait(10)

    def second_editor() -> None:
        try:
            with database.transaction() as store:
                store.incidents.update(
                    seen_by_second.evolve(title="Second"), seen_by_second.version
                )
        except Conflict as error:
            outcome["error"] = error

    first = threading.Thread(target=first_editor)
    second = threading.Thread(target=second_editor)
    first.start()
    assert first_updated.wait(10)
    # The second editor now waits: for the write lock on SQLite, the row lock on PostgreSQL.
    second.start()
    second.join(0.3)
    assert second.is_alive(), "the second editor did not wait for the first to commit"
    let_first_commit.set()
    first.join(10)
    second.join(10)
    error = outcome["error"]
    assert isinstance(error, Conflict)
    assert (error.expected_version, error.actual_version) == (1, 2)
    with database.read() as store:
        current = store.incidents.get(stored.id)
    assert (current.title, current.version) == ("First", 2)


def test_a_failed_import_leaves_the_store_unchanged(database: Database) -> None:
    save(database, *reference_incidents()[:2])
    before = dump(database)
    with pytest.raises(InvalidInput), database.transaction() as store:
        renamed = replace(ACTORS[0], aliases=(*ACTORS[0].aliases, "Pawn Storm"))
        assert store.actors.upsert_many([renamed]) == 1
        for item in reference_incidents()[2:]:
            store.incidents.add(item)
        store.incidents.add(reference_incidents()[0])  # a duplicate: the import fails
    assert dump(database) == before


def test_every_incident_write_bumps_the_revision(database: Database) -> None:
    def revision() -> int:
        with database.read() as store:
            (incidents,) = store.revisions.current([RecordKind.INCIDENTS])
        return incidents

    start = revision()
    (saved,) = save(database, incident("wannacry", start="2017-05-12"))
    assert revision() == start + 1
    with database.transaction() as store:
        store.incidents.update(saved.evolve(title="WannaCry"), saved.version)
    with database.transaction() as store:
        store.incidents.delete(saved.id, saved.version + 1)
    assert revision() == start + 3
