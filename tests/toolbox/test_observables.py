"""`Toolbox.observables`: observables from STIX and MISP imports and by hand, and which
incidents share them, within the reader's clearance."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import Tlp
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.observables import Observable, ObservableKind, ObservableRecord
from cdtoolbox.toolbox import Toolbox
from misp_support import CLOUD_HOPPER_UUID, cloud_hopper
from observable_support import AMBER, SHARED, partner_bundle
from stix_support import TLP_GREEN


@pytest.fixture
def box(toolbox: Toolbox, knowledge: KnowledgeBase) -> Toolbox:
    with toolbox.database.transaction() as store:
        store.actors.upsert_many(knowledge.actors.all())
    return toolbox


def import_both(box: Toolbox, tmp_path: Path, *, marking: str = TLP_GREEN) -> str:
    """The STIX incident's id; the MISP event (TLP:AMBER+STRICT) shares the address."""
    stix = tmp_path / "partner.json"
    stix.write_bytes(partner_bundle(marking=marking))
    (incident_id,) = box.stix.import_bundle(stix, by=SYSTEM_USER).incidents_created
    misp = tmp_path / "event.json"
    misp.write_text(cloud_hopper().to_json(), encoding="utf-8")
    box.misp.import_path(misp, by=SYSTEM_USER)
    return incident_id


def reader(name: str, clearance: Tlp) -> User:
    return User(username=name, display_name=name.title(), role=Role.VIEWER, clearance=clearance)


def test_a_stix_and_a_misp_incident_sharing_an_address_are_linked(
    box: Toolbox, tmp_path: Path
) -> None:
    stix_id = import_both(box, tmp_path)
    (from_stix,) = box.observables.linked(stix_id, by=SYSTEM_USER)
    assert from_stix.incident_id == CLOUD_HOPPER_UUID
    assert from_stix.shared == (Observable(ObservableKind.IPV4, SHARED),)
    (from_misp,) = box.observables.linked(CLOUD_HOPPER_UUID, by=SYSTEM_USER)
    assert from_misp.incident_id == stix_id and from_misp.shared == from_stix.shared
    found = box.observables.find(f" {SHARED} ", by=SYSTEM_USER)
    assert {item.incident_id for item in found} == {stix_id, CLOUD_HOPPER_UUID}


def test_patterns_observed_data_and_sightings_are_indexed(box: Toolbox, tmp_path: Path) -> None:
    stix_id = import_both(box, tmp_path)
    held = {
        (r.observable.kind, r.observable.value): r
        for r in box.observables.of_incident(stix_id, by=SYSTEM_USER)
    }
    assert set(held) == {
        (ObservableKind.IPV4, SHARED),
        (ObservableKind.DOMAIN, "c2.example.org"),
        (ObservableKind.SHA256, "f" * 64),
    }
    assert held[(ObservableKind.IPV4, SHARED)].sightings == 3
    assert held[(ObservableKind.SHA256, "f" * 64)].first_seen is not None
    assert {r.source for r in held.values()} == {"partner.json"}


def test_importing_the_same_bundle_again_leaves_the_index_as_it_was(
    box: Toolbox, tmp_path: Path
) -> None:
    stix_id = import_both(box, tmp_path)
    before = box.observables.of_incident(stix_id, by=SYSTEM_USER)
    box.stix.import_bundle(tmp_path / "partner.json", by=SYSTEM_USER)
    assert box.observables.of_incident(stix_id, by=SYSTEM_USER) == before


def test_lookups_never_reveal_an_incident_above_the_readers_clearance(
    box: Toolbox, tmp_path: Path
) -> None:
    stix_id = import_both(box, tmp_path)
    green = reader("green", Tlp.GREEN)
    # The MISP event is TLP:AMBER+STRICT: a GREEN reader learns nothing of it.
    assert box.observables.linked(stix_id, by=green) == []
    assert [item.incident_id for item in box.observables.find(SHARED, by=green)] == [stix_id]
    with pytest.raises(NotFound):
        box.observables.linked(CLOUD_HOPPER_UUID, by=green)


def test_an_observable_entered_by_hand_links_incidents(box: Toolbox, tmp_path: Path) -> None:
    stix_id = import_both(box, tmp_path)
    box.observables.add(CLOUD_HOPPER_UUID, "domain", "c2.EXAMPLE.org.", by=SYSTEM_USER)
    (linked,) = box.observables.linked(stix_id, by=SYSTEM_USER)
    assert linked.shared == (
        Observable(ObservableKind.DOMAIN, "c2.example.org"),
        Observable(ObservableKind.IPV4, SHARED),
    )
    entries = box.audit.entries(by=SYSTEM_USER)
    assert any(entry.action == "observable.add" for entry in entries)


def test_an_invalid_observable_is_refused_and_nothing_is_written(
    box: Toolbox, tmp_path: Path
) -> None:
    stix_id = import_both(box, tmp_path)
    before = box.observables.of_incident(stix_id, by=SYSTEM_USER)
    with pytest.raises(InvalidInput) as refused:
        box.observables.add(stix_id, "ipv4", "300.1.1.1", by=SYSTEM_USER)
    assert (refused.value.field, refused.value.value) == ("value", "300.1.1.1")
    with pytest.raises(NotFound):
        box.observables.add("no-such-incident", "ipv4", "192.0.2.1", by=SYSTEM_USER)
    assert box.observables.of_incident(stix_id, by=SYSTEM_USER) == before


def test_an_observable_in_a_tlp_amber_bundle_is_hidden_from_a_green_reader(
    box: Toolbox, tmp_path: Path
) -> None:
    import_both(box, tmp_path, marking=AMBER)
    green = reader("green", Tlp.GREEN)
    assert box.observables.find(SHARED, by=green) == []


def test_one_observable_given_twice_in_a_batch_and_again_later_is_merged_into_one_row(
    box: Toolbox, tmp_path: Path
) -> None:
    incident_id = import_both(box, tmp_path)
    address = Observable(ObservableKind.IPV4, "192.0.2.77")
    other = Observable(ObservableKind.DOMAIN, "merge.example")

    def seen(
        day: int, tlp: Tlp, sightings: int, observable: Observable = address
    ) -> ObservableRecord:
        moment = datetime(2024, 3, day, tzinfo=UTC)
        return ObservableRecord(incident_id, observable, "test", tlp, moment, moment, sightings)

    with box.database.transaction() as store:
        store.observables.add_many(
            [seen(10, Tlp.GREEN, 1), seen(5, Tlp.AMBER, 4), seen(7, Tlp.GREEN, 0, other)]
        )
    with box.database.transaction() as store:
        store.observables.add_many([seen(20, Tlp.CLEAR, 2)])
    with box.database.read() as store:
        rows = store.observables.of_incident(incident_id, tlp=Tlp.RED, classification=None)
    merged = [row for row in rows if row.observable in (address, other)]
    assert merged == [
        ObservableRecord(
            incident_id,
            other,
            "test",
            Tlp.GREEN,
            datetime(2024, 3, 7, tzinfo=UTC),
            datetime(2024, 3, 7, tzinfo=UTC),
            0,
        ),
        ObservableRecord(
            incident_id,
            address,
            "test",
            Tlp.AMBER,
            datetime(2024, 3, 5, tzinfo=UTC),
            datetime(2024, 3, 20, tzinfo=UTC),
            4,
        ),
    ]


def test_a_bulk_import_leaves_the_planner_knowing_the_tables_size(
    box: Toolbox, tmp_path: Path
) -> None:
    """Otherwise PostgreSQL plans "which incidents share this" for the table as it was before
    the import, and a first million rows were searched by a sequential scan."""
    incident_id = import_both(box, tmp_path)
    records = (
        ObservableRecord(
            incident_id, Observable(ObservableKind.DOMAIN, f"h{n}.example"), "t", Tlp.GREEN
        )
        for n in range(12_000)
    )
    with box.database.transaction() as store:
        store.observables.add_many(records)
    with box.database.connect(read_only=True) as connection:
        if connection.dialect.name != "postgresql":
            pytest.skip("SQLite's planner has no row estimates to refresh")
        estimate = connection.exec_driver_sql(
            "SELECT reltuples FROM pg_class WHERE oid = 'observables'::regclass"
        ).scalar_one()
    assert estimate >= 12_000
