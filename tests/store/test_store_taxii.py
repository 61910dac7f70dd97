"""TAXII collections in the store: versions and their first/last marks, dates added, pages
by position, the TLP ceiling, deletion and statuses, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from cdtoolbox.model import Tlp
from cdtoolbox.model.access import Permission
from cdtoolbox.model.taxii import (
    AdditionState,
    PostedObject,
    StatusDetail,
    TaxiiAddition,
    TaxiiCollection,
    TaxiiObject,
    TaxiiObjectQuery,
    VersionMatch,
)
from cdtoolbox.store import Database, dump

COLLECTION = TaxiiCollection(
    id="2f0b1c5e-3b0a-4a4e-9d3c-1b7e6c2a9f10",
    alias="exchange",
    title="Exchange",
    description="for tests",
    read_permission=Permission.READ,
    write_permission=Permission.IMPORT,
)
OTHER = TaxiiCollection(
    id="7d4c1a2b-9e8f-4a6b-8c3d-2e1f0a9b8c7d", title="Other", read_permission=Permission.READ
)
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
EVERY = VersionMatch(last=False, every=True)


def posted(
    number: int,
    version: str = "2026-01-01T00:00:00.000Z",
    *,
    kind: str = "indicator",
    tlp: Tlp = Tlp.GREEN,
) -> PostedObject:
    object_id = f"{kind}--00000000-0000-4000-8000-{number:012d}"
    return PostedObject(
        id=object_id,
        type=kind,
        version=version,
        spec_version="2.1",
        tlp=tlp,
        document=f'{{"id":"{object_id}","modified":"{version}"}}',
    )


def query(**changes: object) -> TaxiiObjectQuery:
    return replace(TaxiiObjectQuery(max_tlp=Tlp.RED, limit=100), **changes)


@pytest.fixture
def store(database: Database) -> Database:
    with database.transaction() as repositories:
        repositories.taxii.add_collection(COLLECTION, NOW)
        repositories.taxii.add_collection(OTHER, NOW + timedelta(seconds=1))
    return database


def add(database: Database, items: list[PostedObject], at: datetime = NOW) -> list[datetime | None]:
    with database.transaction() as repositories:
        return [moment for _, moment in repositories.taxii.add_versions(COLLECTION.id, items, at)]


def read(
    database: Database, wanted: TaxiiObjectQuery, collection: str = COLLECTION.id
) -> tuple[list[TaxiiObject], bool]:
    with database.read() as repositories:
        return repositories.taxii.page(collection, wanted)


def test_collections_are_found_by_id_or_alias_and_listed_in_a_stable_order(store: Database) -> None:
    with store.read() as repositories:
        assert repositories.taxii.collection("exchange") == COLLECTION
        assert repositories.taxii.collection(COLLECTION.id) == COLLECTION
        assert repositories.taxii.collection("nothing") is None
        assert [c.id for c in repositories.taxii.collections()] == [COLLECTION.id, OTHER.id]
        assert repositories.taxii.collection(OTHER.id) == OTHER


def test_dates_added_increase_strictly_even_within_one_microsecond(store: Database) -> None:
    first = add(store, [posted(n) for n in range(5)])
    # A second addition "earlier" than the first (a clock set back) still comes after it.
    second = add(store, [posted(n) for n in range(5, 8)], at=NOW - timedelta(days=1))
    moments = [moment for moment in first + second if moment is not None]
    assert len(moments) == 8
    assert moments == sorted(set(moments))
    assert moments[0] == NOW
    assert moments[1] - moments[0] == timedelta(microseconds=1)


def test_the_same_version_is_held_once_and_reported_as_held(store: Database) -> None:
    assert add(store, [posted(1), posted(1)]) == [NOW, None]
    assert add(store, [posted(1)]) == [None]
    # Equal instants written differently are the same version.
    assert add(store, [posted(1, "2026-01-01T00:00:00Z")]) == [None]
    found, _ = read(store, query(versions=EVERY))
    assert len(found) == 1


def test_the_latest_and_earliest_versions_are_tracked_whatever_order_they_arrive_in(
    store: Database,
) -> None:
    add(store, [posted(1, "2026-03-01T00:00:00.000Z"), posted(1, "2026-01-01T00:00:00.000Z")])
    add(store, [posted(1, "2026-02-01T00:00:00.000Z"), posted(1, "2026-04-01T00:00:00.000Z")])
    add(store, [posted(2, "2025-01-01T00:00:00.000Z")])

    def versions(match: VersionMatch) -> list[tuple[str, str]]:
        found, _ = read(store, query(versions=match))
        return sorted((item.id[-1], item.version[:10]) for item in found)

    assert versions(VersionMatch()) == [("1", "2026-04-01"), ("2", "2025-01-01")]
    assert versions(VersionMatch(last=False, first=True)) == [
        ("1", "2026-01-01"),
        ("2", "2025-01-01"),
    ]
    assert len(versions(EVERY)) == 5
    exact = VersionMatch(last=False, timestamps=("2026-02-01T00:00:00.000000000Z",))
    assert versions(exact) == [("1", "2026-02-01")]
    assert versions(VersionMatch(last=False)) == []


def test_adding_only_versions_already_held_changes_nothing(store: Database) -> None:
    add(store, [posted(1), posted(2)])
    before = dump(store)
    assert add(store, [posted(2), posted(1)], at=NOW + timedelta(days=1)) == [None, None]
    assert dump(store) == before


def test_an_object_without_a_version_takes_its_first_date_added_and_is_never_added_again(
    store: Database,
) -> None:
    address = replace(posted(9, kind="ipv4-addr"), version="")
    with store.transaction() as repositories:
        [(version, moment)] = repositories.taxii.add_versions(COLLECTION.id, [address], NOW)
    assert moment == NOW
    assert version == "2026-11-25T09:00:00.000000Z"
    with store.transaction() as repositories:
        again = repositories.taxii.add_versions(COLLECTION.id, [address], NOW)
    assert again == [(version, None)]


def test_pages_continue_exactly_after_a_position_in_order_of_addition(store: Database) -> None:
    add(store, [posted(n) for n in range(25)])
    seen: list[str] = []
    after = None
    while True:
        found, more = read(store, query(limit=10, after=after))
        seen += [item.id for item in found]
        if not more:
            break
        after = found[-1].date_added
    assert seen == [posted(n).id for n in range(25)]
    assert len(found) == 5


def test_filters_by_id_type_spec_version_and_several_types_at_once(store: Database) -> None:
    add(
        store,
        [
            posted(1, kind="indicator"),
            posted(2, kind="malware"),
            posted(3, kind="campaign"),
            posted(4, kind="indicator"),
            posted(5, kind="note"),
        ],
    )

    def ids(wanted: TaxiiObjectQuery) -> list[str]:
        return [item.id.split("--")[0] + item.id[-1] for item in read(store, wanted)[0]]

    assert ids(query(types=("indicator",))) == ["indicator1", "indicator4"]
    assert ids(query(types=("note", "indicator", "malware"))) == [
        "indicator1",
        "malware2",
        "indicator4",
        "note5",
    ]
    found, more = read(store, query(types=("note", "indicator", "malware"), limit=2))
    assert [item.id[-1] for item in found] == ["1", "2"] and more
    assert ids(query(ids=(posted(3, kind="campaign").id, posted(5, kind="note").id))) == [
        "campaign3",
        "note5",
    ]
    assert ids(query(spec_versions=("2.0",))) == []
    assert len(ids(query(spec_versions=("2.0", "2.1")))) == 5


def test_nothing_above_the_ceiling_is_returned_held_or_counted(store: Database) -> None:
    add(store, [posted(1, tlp=Tlp.CLEAR), posted(2, tlp=Tlp.RED), posted(3, tlp=Tlp.AMBER)])
    found, _ = read(store, query(max_tlp=Tlp.AMBER))
    assert [item.tlp for item in found] == [Tlp.CLEAR, Tlp.AMBER]
    with store.read() as repositories:
        assert repositories.taxii.count(COLLECTION.id, Tlp.AMBER) == 2
        assert repositories.taxii.count(COLLECTION.id) == 3
        assert not repositories.taxii.holds(COLLECTION.id, posted(2).id, Tlp.AMBER)
        assert repositories.taxii.holds(COLLECTION.id, posted(2).id, Tlp.RED)


def test_a_latest_version_above_the_ceiling_withholds_the_object_from_latest_reads(
    store: Database,
) -> None:
    add(store, [posted(1, "2026-01-01T00:00:00.000Z", tlp=Tlp.GREEN)])
    add(store, [posted(1, "2026-02-01T00:00:00.000Z", tlp=Tlp.RED)])
    assert read(store, query(max_tlp=Tlp.AMBER))[0] == []
    older, _ = read(store, query(max_tlp=Tlp.AMBER, versions=EVERY))
    assert [item.version[:10] for item in older] == ["2026-01-01"]


def test_documents_are_returned_as_stored_or_left_out(store: Database) -> None:
    add(store, [posted(1)])
    [item], _ = read(store, query())
    assert item.document == posted(1).document
    with store.read() as repositories:
        [bare], _ = repositories.taxii.page(COLLECTION.id, query(), documents=False)
    assert bare.document == "" and bare.id == item.id and bare.date_added == item.date_added


def test_collections_do_not_see_each_others_objects(store: Database) -> None:
    add(store, [posted(1)])
    assert read(store, query(), collection=OTHER.id)[0] == []


def test_deleting_versions_marks_again_the_first_and_last_of_what_remains(
    store: Database,
) -> None:
    add(
        store,
        [
            posted(1, "2026-01-01T00:00:00.000Z"),
            posted(1, "2026-02-01T00:00:00.000Z"),
            posted(1, "2026-03-01T00:00:00.000Z"),
            posted(2),
        ],
    )
    latest = VersionMatch(last=True)
    with store.transaction() as repositories:
        removed = repositories.taxii.delete_versions(
            COLLECTION.id, query(ids=(posted(1).id,), versions=latest)
        )
    assert removed == 1
    found, _ = read(store, query(ids=(posted(1).id,)))
    assert [item.version[:10] for item in found] == ["2026-02-01"]
    with store.transaction() as repositories:
        removed = repositories.taxii.delete_versions(
            COLLECTION.id, query(ids=(posted(1).id,), versions=EVERY)
        )
        assert removed == 2
        assert repositories.taxii.object_ids(COLLECTION.id) == {posted(2).id}


def test_withdrawing_objects_removes_every_version(store: Database) -> None:
    add(store, [posted(1), posted(1, "2026-05-01T00:00:00.000Z"), posted(2)])
    with store.transaction() as repositories:
        assert repositories.taxii.withdraw(COLLECTION.id, [posted(1).id]) == 2
        assert repositories.taxii.object_ids(COLLECTION.id) == {posted(2).id}


def test_statuses_are_kept_and_read_back(store: Database) -> None:
    addition = TaxiiAddition(
        id="0c4e5b9a-8d7f-4e3c-9b2a-1f0e9d8c7b6a",
        collection_id=COLLECTION.id,
        posted_by="analyst",
        request_timestamp=NOW + timedelta(microseconds=123456),
        state=AdditionState.COMPLETE,
        success_count=1,
        failure_count=1,
        successes=(StatusDetail(posted(1).id, "2026-01-01T00:00:00.000Z"),),
        failures=(StatusDetail("objects[1]", "", "`objects[1].id` is required"),),
    )
    # A large addition keeps its counts without its details.
    counted = replace(
        addition, id="9d1f2e3c-4b5a-4c6d-8e7f-0a1b2c3d4e5f", success_count=5000, successes=()
    )
    with store.transaction() as repositories:
        repositories.taxii.add_status(addition)
        repositories.taxii.add_status(counted)
    with store.read() as repositories:
        assert repositories.taxii.status(addition.id) == addition
        assert repositories.taxii.status(counted.id) == counted
        assert repositories.taxii.status("0c4e5b9a-0000-4000-8000-000000000000") is None
