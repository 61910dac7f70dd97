"""Applying STIX import plans in one transaction: idempotent, versioned, all or nothing."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime

import orjson
import pytest

from cdtoolbox.errors import ImportRejected
from cdtoolbox.formats.stix import StixBundleImport, export_bundle
from cdtoolbox.ingest.bundled import bundled_incident_documents
from cdtoolbox.ingest.incident_document import read_incident_document
from cdtoolbox.knowledge import ActorCatalogue, KnowledgeBase
from cdtoolbox.model import Tlp
from cdtoolbox.model.exchange import StixImportReport
from cdtoolbox.store import Database, dump
from stix_support import TLP_GREEN, TLP_RED, bundle, relationship, sdo

APT28_ID = "5b4ee3ea-eee3-4c8e-8323-85ae32658754"

SOURCE = sdo("identity", "source", name="CERT-EU", identity_class="organization")
FANCY = sdo("intrusion-set", "fancy", name="Fancy Bear")
HERON = sdo(
    "intrusion-set",
    "heron",
    name="Obsidian Heron",
    aliases=["UNC9999"],
    object_marking_refs=[TLP_GREEN],
)
INCIDENT = sdo(
    "incident",
    "rail",
    name="Rail signalling outage",
    labels=["sabotage"],
    object_marking_refs=[TLP_GREEN],
)
# Marked as the incident is: facts marked more restrictively do not fold into it.
BY_FANCY = relationship(
    "attributed-to",
    INCIDENT["id"],
    FANCY["id"],
    confidence=50,
    object_marking_refs=[TLP_GREEN],
)
BY_HERON = relationship(
    "attributed-to",
    INCIDENT["id"],
    HERON["id"],
    created_by_ref=SOURCE["id"],
    object_marking_refs=[TLP_GREEN],
)
INDICATOR = sdo(
    "indicator",
    "c2",
    name="C2 server",
    pattern="[ipv4-addr:value = '198.51.100.7']",
    pattern_type="stix",
    valid_from="2024-03-01T10:00:00.000Z",
    object_marking_refs=[TLP_RED],
)
INDICATES = relationship("indicates", INDICATOR["id"], HERON["id"])
OBJECTS = [SOURCE, FANCY, HERON, INCIDENT, BY_FANCY, BY_HERON, INDICATOR, INDICATES]


@pytest.fixture
def store_with_actors(database: Database, knowledge: KnowledgeBase) -> Database:
    with database.transaction() as store:
        store.actors.upsert_many(knowledge.actors.all())
    return database


def catalogue(database: Database) -> ActorCatalogue:
    """The stored actors, as the Toolbox looks them up."""
    found = []
    cursor = None
    with database.read() as store:
        while True:
            page = store.actors.list(max_tlp=Tlp.RED, limit=1000, cursor=cursor)
            found.extend(page.items)
            if page.next_cursor is None:
                return ActorCatalogue(found)
            cursor = page.next_cursor


def import_bundle(
    database: Database, knowledge: KnowledgeBase, data: bytes, *, skip_invalid: bool = False
) -> StixImportReport:
    actors = catalogue(database)
    with database.transaction() as store:
        reading = StixBundleImport(
            io.BytesIO(data), source="feed.json", resolver=knowledge, actors=actors
        )
        return store.stix.apply(reading, skip_invalid=skip_invalid)


def test_a_bundle_creates_incidents_actors_and_kept_objects(
    store_with_actors: Database, knowledge: KnowledgeBase
) -> None:
    report = import_bundle(store_with_actors, knowledge, bundle(*OBJECTS))
    assert report.errors == ()
    assert (report.created, report.updated, report.rejected) == (5, 0, 0)  # 1+1+3 below
    assert report.unchanged == 1  # Fancy Bear is APT28, already known
    assert report.merged == 2  # the two attributions
    assert report.objects == sum(
        (report.created, report.updated, report.unchanged, report.merged, report.rejected)
    )
    with store_with_actors.read() as store:
        incident = store.incidents.get(INCIDENT["id"].partition("--")[2])
        (heron,) = store.actors.find_by_alias("UNC9999", max_tlp=Tlp.RED)
        kept = {item.id: item for item in store.stix.kept_objects()}
        assert store.stix.count_kept() == 3
    assert incident.slug == "rail-signalling-outage-2024"
    assert incident.tlp is Tlp.GREEN
    assert [item.actor_id for item in incident.attributions] == [APT28_ID, heron.id]
    assert heron.origin == "stix"
    assert set(kept) == {SOURCE["id"], INDICATOR["id"], INDICATES["id"]}
    assert orjson.loads(kept[INDICATOR["id"]].document) == INDICATOR
    assert kept[INDICATOR["id"]].tlp is Tlp.RED


def test_importing_the_same_bundle_again_changes_nothing(
    store_with_actors: Database, knowledge: KnowledgeBase
) -> None:
    import_bundle(store_with_actors, knowledge, bundle(*OBJECTS))
    before = dump(store_with_actors)
    again = import_bundle(store_with_actors, knowledge, bundle(*OBJECTS))
    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == 6
    assert dump(store_with_actors) == before


def test_a_newer_modified_is_a_new_version_and_an_older_one_is_ignored(
    store_with_actors: Database, knowledge: KnowledgeBase
) -> None:
    import_bundle(store_with_actors, knowledge, bundle(*OBJECTS))
    renamed = {**INCIDENT, "name": "Rail signalling sabotage", "modified": "2024-06-01T00:00:00Z"}
    newer_indicator = {**INDICATOR, "modified": "2024-06-01T00:00:00.000Z", "name": "C2"}
    report = import_bundle(store_with_actors, knowledge, bundle(renamed, newer_indicator))
    assert report.updated == 2
    incident_id = INCIDENT["id"].partition("--")[2]
    with store_with_actors.read() as store:
        stored = store.incidents.get(incident_id)
        versions = [item for item in store.stix.kept_objects() if item.id == INDICATOR["id"]]
    assert (stored.title, stored.version) == ("Rail signalling sabotage", 2)
    assert stored.updated_at == datetime(2024, 6, 1, tzinfo=UTC)
    assert stored.slug == "rail-signalling-outage-2024"  # the handle users know stays
    assert len(versions) == 2
    before = dump(store_with_actors)
    stale = import_bundle(store_with_actors, knowledge, bundle({**INCIDENT, "name": "Old"}))
    assert (stale.created, stale.updated, stale.unchanged) == (0, 0, 1)
    assert dump(store_with_actors) == before


def test_one_malformed_object_refuses_the_bundle_and_names_it(
    store_with_actors: Database, knowledge: KnowledgeBase
) -> None:
    broken = {**INDICATOR, "valid_from": None, "created": "yesterday"}
    before = dump(store_with_actors)
    with pytest.raises(ImportRejected) as rejected:
        import_bundle(store_with_actors, knowledge, bundle(*OBJECTS[:6], broken, INDICATES))
    assert sorted(error.field for error in rejected.value.errors) == [
        "objects[6].created",
        "objects[6].valid_from",
    ]
    assert all(error.entity == INDICATOR["id"] for error in rejected.value.errors)
    assert "nothing was written" in str(rejected.value)
    assert dump(store_with_actors) == before


def test_skip_invalid_stores_the_rest_and_reports_the_bad_object(
    store_with_actors: Database, knowledge: KnowledgeBase
) -> None:
    broken = {**INDICATOR, "created": "yesterday"}
    report = import_bundle(
        store_with_actors, knowledge, bundle(*OBJECTS[:6], broken, INDICATES), skip_invalid=True
    )
    assert report.rejected == 1
    assert [error.field for error in report.errors] == ["objects[6].created"]
    with store_with_actors.read() as store:
        assert store.incidents.exists(INCIDENT["id"].partition("--")[2])
        assert INDICATOR["id"] not in {item.id for item in store.stix.kept_objects()}


def test_kept_objects_are_filtered_by_clearance(
    store_with_actors: Database, knowledge: KnowledgeBase
) -> None:
    import_bundle(store_with_actors, knowledge, bundle(*OBJECTS))
    with store_with_actors.read() as store:
        green = {item.id for item in store.stix.kept_objects(max_tlp=Tlp.GREEN)}
        red = {item.id for item in store.stix.kept_objects(max_tlp=Tlp.RED)}
    assert INDICATOR["id"] in red
    assert INDICATOR["id"] not in green


def test_reimporting_our_export_of_the_dataset_changes_nothing(
    store_with_actors: Database, knowledge: KnowledgeBase
) -> None:
    moment = datetime(2025, 11, 25, 9, 30, 15, tzinfo=UTC)
    dataset = [
        read_incident_document(document, knowledge).evolve(created_at=moment, updated_at=moment)
        for document in bundled_incident_documents()
    ]
    with store_with_actors.transaction() as store:
        stored = store.incidents.add_many(dataset)
        actor_ids = {
            a for i in stored for a in (*i.actor_ids, *(x.actor_id for x in i.attributions)) if a
        }
        actors = list(store.actors.get_many(actor_ids, max_tlp=Tlp.RED).values())
    data = export_bundle(stored, actors, max_tlp=Tlp.RED, id_namespace=uuid.uuid4())
    before = dump(store_with_actors)
    report = import_bundle(store_with_actors, knowledge, data)
    assert (report.created, report.updated, report.rejected) == (0, 0, 0)
    assert report.unchanged == len(dataset) + len(actors)
    assert dump(store_with_actors) == before


def test_an_exported_dataset_imports_into_an_empty_store(
    store_with_actors: Database, knowledge: KnowledgeBase
) -> None:
    moment = datetime(2025, 11, 25, 9, 30, 15, tzinfo=UTC)
    dataset = [
        read_incident_document(document, knowledge).evolve(created_at=moment, updated_at=moment)
        for document in bundled_incident_documents()
    ]
    actor_ids = {
        a for i in dataset for a in (*i.actor_ids, *(x.actor_id for x in i.attributions)) if a
    }
    data = export_bundle(
        dataset,
        [knowledge.actors.get(a) for a in actor_ids],
        max_tlp=Tlp.RED,
        id_namespace=uuid.uuid4(),
    )
    report = import_bundle(store_with_actors, knowledge, data)
    assert report.created == len(dataset)
    with store_with_actors.read() as store:
        back = store.incidents.get_many([incident.id for incident in dataset])
    assert [back[incident.id].evolve(version=0) for incident in dataset] == dataset
