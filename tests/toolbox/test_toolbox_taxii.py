"""The TAXII service: default collections, publishing the repository, adding objects, rights,
statuses, and the TLP rule: nothing above a reader's clearance leaves, by any read."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import orjson
import pytest

from cdtoolbox.errors import Forbidden, ImportRejected, InvalidInput, NotFound
from cdtoolbox.model import Incident, PartialDate, Tlp
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.taxii import TaxiiObjectPage
from cdtoolbox.toolbox import Toolbox
from cdtoolbox.toolbox.taxii import EXCHANGE_ALIAS, REPOSITORY_ALIAS, STATUS_DETAILS_LIMIT
from toolbox_support import CHEAP_PASSWORDS

RED_MARKING = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
GREEN_MARKING = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"


def indicator(number: int, *, marking: str | None = GREEN_MARKING, **changes: object) -> dict:
    obj: dict[str, object] = {
        "type": "indicator",
        "spec_version": "2.1",
        "id": f"indicator--00000000-0000-4000-8000-{number:012d}",
        "created": "2026-01-01T00:00:00.000Z",
        "modified": "2026-01-01T00:00:00.000Z",
        "pattern": "[ipv4-addr:value = '198.51.100.7']",
        "pattern_type": "stix",
        "valid_from": "2026-01-01T00:00:00Z",
    }
    if marking:
        obj["object_marking_refs"] = [marking]
    obj.update(changes)
    return obj


def envelope(*objects: object) -> bytes:
    return orjson.dumps({"objects": list(objects)})


def account(toolbox: Toolbox, username: str, role: Role, clearance: Tlp) -> User:
    return toolbox.users.add(
        by=SYSTEM_USER,
        username=username,
        display_name=username.title(),
        role=role,
        clearance=clearance,
    )


@pytest.fixture
def taxii(toolbox: Toolbox) -> Toolbox:
    toolbox.taxii.create_default_collections()
    return toolbox


@pytest.fixture
def analyst(taxii: Toolbox) -> User:
    return account(taxii, "amber-analyst", Role.ANALYST, Tlp.AMBER)


def ids(page: TaxiiObjectPage) -> list[str]:
    return [item.id for item in page.objects]


def test_the_default_collections_are_created_once(taxii: Toolbox) -> None:
    assert taxii.taxii.create_default_collections() == 0
    collections = taxii.taxii.collections(by=SYSTEM_USER)
    assert {c.alias for c in collections} == {REPOSITORY_ALIAS, EXCHANGE_ALIAS}
    viewer = account(taxii, "viewer", Role.VIEWER, Tlp.GREEN)
    repository = taxii.taxii.collection(REPOSITORY_ALIAS, by=viewer)
    exchange = taxii.taxii.collection(EXCHANGE_ALIAS, by=viewer)
    assert repository.can_read(viewer) and not repository.can_write(SYSTEM_USER)
    assert exchange.can_read(viewer) and not exchange.can_write(viewer)
    assert exchange.can_write(account(taxii, "analyst", Role.ANALYST, Tlp.GREEN))
    with pytest.raises(NotFound, match="no TAXII collection matches 'nothing'"):
        taxii.taxii.collection("nothing", by=viewer)


def test_a_red_object_never_leaves_to_an_amber_cleared_reader(
    taxii: Toolbox, analyst: User
) -> None:
    red, green = indicator(1, marking=RED_MARKING), indicator(2)
    unmarked = indicator(3, marking=None)
    status = taxii.taxii.add_objects(EXCHANGE_ALIAS, envelope(red, green, unmarked), by=analyst)
    assert len(status.successes) == 3
    red_id = str(red["id"])

    every = {"match[version]": ["all"]}
    assert ids(taxii.taxii.objects(EXCHANGE_ALIAS, {}, by=analyst)) == [green["id"], unmarked["id"]]
    assert red_id not in ids(taxii.taxii.objects(EXCHANGE_ALIAS, every, by=analyst))
    assert red_id not in ids(taxii.taxii.manifest(EXCHANGE_ALIAS, every, by=analyst))
    assert red_id not in ids(
        taxii.taxii.objects(EXCHANGE_ALIAS, {"match[id]": [red_id]}, by=analyst)
    )
    with pytest.raises(NotFound):
        taxii.taxii.object(EXCHANGE_ALIAS, red_id, every, by=analyst)
    with pytest.raises(NotFound):
        taxii.taxii.versions(EXCHANGE_ALIAS, red_id, {}, by=analyst)
    assert taxii.taxii.object_count(EXCHANGE_ALIAS, by=analyst) == 2
    # The same account's colleague cleared for RED sees it: the filter is the clearance.
    cleared = account(taxii, "red-analyst", Role.ANALYST, Tlp.RED)
    assert ids(taxii.taxii.object(EXCHANGE_ALIAS, red_id, {}, by=cleared)) == [red_id]
    assert taxii.taxii.object_count(EXCHANGE_ALIAS, by=cleared) == 3


def test_adding_reports_each_object_and_keeps_what_was_sent(taxii: Toolbox, analyst: User) -> None:
    broken = indicator(2)
    del broken["pattern"]
    body = envelope(indicator(1), broken, "not an object", indicator(1))
    status = taxii.taxii.add_objects(EXCHANGE_ALIAS, body, by=analyst)
    assert status.total_count == 4
    assert [(d.id, d.message) for d in status.successes] == [
        (indicator(1)["id"], None),
        (indicator(1)["id"], "already in the collection at this version; the copy held was kept"),
    ]
    assert [d.id for d in status.failures] == [broken["id"], "objects[2]"]
    assert "`objects[1].pattern` is required" in (status.failures[0].message or "")
    assert "must be a JSON object" in (status.failures[1].message or "")
    [stored] = taxii.taxii.objects(EXCHANGE_ALIAS, {}, by=analyst).objects
    assert orjson.loads(stored.document) == indicator(1)
    # A newer version becomes the latest; the older stays reachable.
    newer = indicator(1, modified="2026-02-01T00:00:00.000Z")
    taxii.taxii.add_objects(EXCHANGE_ALIAS, envelope(newer), by=analyst)
    [latest] = taxii.taxii.objects(EXCHANGE_ALIAS, {}, by=analyst).objects
    assert latest.version == "2026-02-01T00:00:00.000Z"
    versions = taxii.taxii.versions(EXCHANGE_ALIAS, str(newer["id"]), {}, by=analyst)
    assert [item.version for item in versions.objects] == [
        "2026-01-01T00:00:00.000Z",
        "2026-02-01T00:00:00.000Z",
    ]


def test_a_body_that_is_not_an_envelope_is_refused_whole(taxii: Toolbox, analyst: User) -> None:
    for body, reason in (
        (b"{not json", "is not valid JSON"),
        (b"[1, 2]", "is not a TAXII envelope"),
        (b'{"objects": {"a": 1}}', "must be a list of STIX objects"),
    ):
        with pytest.raises(ImportRejected, match=reason):
            taxii.taxii.add_objects(EXCHANGE_ALIAS, body, by=analyst)
    assert taxii.taxii.object_count(EXCHANGE_ALIAS, by=analyst) == 0


def test_a_bad_nested_value_fails_its_object_alone(taxii: Toolbox, analyst: User) -> None:
    # Objects where identifiers belong once raised TypeError and refused the whole envelope.
    nested_marking = indicator(2, marking=None, object_marking_refs=[{"id": GREEN_MARKING}])
    nested_creator = indicator(3, created_by_ref={"type": "identity"})
    body = envelope(indicator(1), nested_marking, nested_creator)
    status = taxii.taxii.add_objects(EXCHANGE_ALIAS, body, by=analyst)
    assert (status.success_count, status.failure_count) == (1, 2)
    [marking_failure, creator_failure] = status.failures
    assert "`objects[1].object_marking_refs[0]`" in (marking_failure.message or "")
    assert "`objects[2].created_by_ref`" in (creator_failure.message or "")
    assert ids(taxii.taxii.objects(EXCHANGE_ALIAS, {}, by=analyst)) == [indicator(1)["id"]]


def test_an_envelope_is_limited_in_objects(taxii: Toolbox, analyst: User) -> None:
    small = Toolbox(
        replace(taxii.settings, taxii_max_objects=3),
        knowledge=taxii.knowledge,
        passwords=CHEAP_PASSWORDS,
    )
    with small:
        with pytest.raises(ImportRejected, match="holds 4 objects; an envelope may hold at most 3"):
            small.taxii.add_objects(EXCHANGE_ALIAS, envelope(*map(indicator, range(4))), by=analyst)
        assert (
            small.taxii.add_objects(
                EXCHANGE_ALIAS, envelope(*map(indicator, range(3))), by=analyst
            ).success_count
            == 3
        )


def test_a_status_stays_small_however_large_the_envelope(taxii: Toolbox, analyst: User) -> None:
    refused = ["not an object"] * (STATUS_DETAILS_LIMIT + 1)
    status = taxii.taxii.add_objects(EXCHANGE_ALIAS, envelope(indicator(1), *refused), by=analyst)
    assert (status.total_count, status.success_count) == (STATUS_DETAILS_LIMIT + 2, 1)
    assert status.failure_count == STATUS_DETAILS_LIMIT + 1
    # A list is complete or left out (TAXII clients check it against its count).
    assert [d.id for d in status.successes] == [indicator(1)["id"]]
    assert status.failures == ()
    assert taxii.taxii.status(status.id, by=analyst) == status


def test_adding_needs_the_collection_right(taxii: Toolbox, analyst: User) -> None:
    viewer = account(taxii, "viewer", Role.VIEWER, Tlp.RED)
    with pytest.raises(Forbidden, match="'viewer' is a viewer; this needs a role that may import"):
        taxii.taxii.add_objects(EXCHANGE_ALIAS, envelope(indicator(1)), by=viewer)
    # The role's article follows its first letter ("a analyst" was once written here).
    approver = account(taxii, "approver", Role.APPROVER, Tlp.RED)
    with pytest.raises(Forbidden, match="'approver' is an approver; this needs a role"):
        taxii.taxii.add_objects(EXCHANGE_ALIAS, envelope(indicator(1)), by=approver)
    with pytest.raises(Forbidden, match="it is read-only"):
        taxii.taxii.add_objects(REPOSITORY_ALIAS, envelope(indicator(1)), by=SYSTEM_USER)
    disabled = taxii.users.update("amber-analyst", by=SYSTEM_USER, active=False)
    with pytest.raises(Forbidden, match="disabled"):
        taxii.taxii.objects(EXCHANGE_ALIAS, {}, by=disabled)
    assert taxii.taxii.object_count(EXCHANGE_ALIAS, by=SYSTEM_USER) == 0


def test_a_status_is_shown_to_its_poster_and_administrators_only(
    taxii: Toolbox, analyst: User
) -> None:
    status = taxii.taxii.add_objects(EXCHANGE_ALIAS, envelope(indicator(1)), by=analyst)
    assert taxii.taxii.status(status.id, by=analyst) == status
    assert taxii.taxii.status(status.id, by=SYSTEM_USER) == status
    other = account(taxii, "other", Role.ANALYST, Tlp.RED)
    with pytest.raises(NotFound, match="no TAXII status matches"):
        taxii.taxii.status(status.id, by=other)
    entries = taxii.audit.entries(by=SYSTEM_USER, entity="taxii collection")
    assert [(e.action, e.actor) for e in entries] == [("taxii.add", "amber-analyst")]


def test_paging_with_next_tokens_misses_nothing_added_meanwhile(
    taxii: Toolbox, analyst: User
) -> None:
    taxii.taxii.add_objects(EXCHANGE_ALIAS, envelope(*(indicator(n) for n in range(7))), by=analyst)
    first = taxii.taxii.objects(EXCHANGE_ALIAS, {"limit": ["3"]}, by=analyst)
    assert first.more and first.next is not None
    taxii.taxii.add_objects(EXCHANGE_ALIAS, envelope(indicator(7), indicator(8)), by=analyst)
    seen = ids(first)
    page = first
    while page.more:
        assert page.next is not None
        page = taxii.taxii.objects(
            EXCHANGE_ALIAS, {"limit": ["3"], "next": [page.next]}, by=analyst
        )
        seen += ids(page)
    assert seen == [indicator(n)["id"] for n in range(9)]
    assert page.next is None


def test_malformed_parameters_are_refused_by_name(taxii: Toolbox, analyst: User) -> None:
    for parameters, field in (
        ({"limit": ["0"]}, "limit"),
        ({"limit": ["ten"]}, "limit"),
        ({"added_after": ["yesterday"]}, "added_after"),
        ({"next": ["bm90IGEgdG9rZW4"]}, "next"),
        ({"match[version]": ["all,last"]}, "match[version]"),
        ({"match[version]": ["first,first"]}, "match[version]"),
        ({"match[version]": ["2026-13-01T00:00:00Z"]}, "match[version]"),
        ({"match[type]": ["indicator", "malware"]}, "match[type]"),
        ({"match[type]": ["indicator,,malware"]}, "match[type]"),
    ):
        with pytest.raises(InvalidInput) as refused:
            taxii.taxii.objects(EXCHANGE_ALIAS, parameters, by=analyst)
        assert refused.value.field == field, parameters


def test_publishing_mirrors_the_repository_and_changes_nothing_when_it_has_not_changed(
    taxii: Toolbox,
) -> None:
    red = Incident(
        id="c4e6a1d2-0b3f-4e5a-9c8d-7f6e5d4c3b2a",
        slug="secret-intrusion",
        title="Secret intrusion",
        start=PartialDate.parse("2025-03-01"),
        tlp=Tlp.RED,
    )
    clear = Incident(
        id="d5f7b2e3-1c4a-4f6b-8d9e-8a7f6e5d4c3b",
        slug="public-defacement",
        title="Public defacement",
        start=PartialDate(date(2025, 4, 1)),
        tlp=Tlp.CLEAR,
    )
    with taxii.database.transaction() as store:
        store.incidents.add_many([red, clear])
    first = taxii.taxii.publish(by=SYSTEM_USER)
    assert first.added == first.objects > 2 and first.withdrawn == 0
    again = taxii.taxii.publish(by=SYSTEM_USER)
    assert (again.added, again.unchanged, again.withdrawn) == (0, first.objects, 0)
    publications = [
        e
        for e in taxii.audit.entries(by=SYSTEM_USER, entity="taxii collection")
        if e.action == "taxii.publish"
    ]
    assert len(publications) == 1  # an unchanged publication records nothing

    viewer = account(taxii, "viewer", Role.VIEWER, Tlp.AMBER)
    names = [
        orjson.loads(item.document).get("name")
        for item in taxii.taxii.objects(REPOSITORY_ALIAS, {"limit": ["1000"]}, by=viewer).objects
    ]
    assert "Public defacement" in names and "Secret intrusion" not in names
    red_cleared = account(taxii, "cleared", Role.VIEWER, Tlp.RED)
    names = [
        orjson.loads(item.document).get("name")
        for item in taxii.taxii.objects(
            REPOSITORY_ALIAS, {"limit": ["1000"]}, by=red_cleared
        ).objects
    ]
    assert "Secret intrusion" in names

    with taxii.database.transaction() as store:
        store.incidents.delete(red.id, expected_version=1)
    gone = taxii.taxii.publish(by=SYSTEM_USER)
    assert gone.withdrawn >= 1 and gone.added == 0
    names = [
        orjson.loads(item.document).get("name")
        for item in taxii.taxii.objects(
            REPOSITORY_ALIAS, {"limit": ["1000"]}, by=red_cleared
        ).objects
    ]
    assert "Secret intrusion" not in names


def test_publishing_needs_a_role_that_edits_incidents(taxii: Toolbox) -> None:
    viewer = account(taxii, "viewer", Role.VIEWER, Tlp.RED)
    with pytest.raises(Forbidden):
        taxii.taxii.publish(by=viewer)


def test_deleting_needs_both_rights_and_only_touches_what_the_reader_may_see(
    taxii: Toolbox, analyst: User
) -> None:
    red = indicator(1, marking=RED_MARKING)
    taxii.taxii.add_objects(EXCHANGE_ALIAS, envelope(red, indicator(2)), by=SYSTEM_USER)
    with pytest.raises(NotFound):
        taxii.taxii.delete_object(EXCHANGE_ALIAS, str(red["id"]), {}, by=analyst)
    assert taxii.taxii.delete_object(EXCHANGE_ALIAS, str(indicator(2)["id"]), {}, by=analyst) == 1
    viewer = account(taxii, "viewer", Role.VIEWER, Tlp.RED)
    with pytest.raises(Forbidden):
        taxii.taxii.delete_object(EXCHANGE_ALIAS, str(red["id"]), {}, by=viewer)
    assert taxii.taxii.object_count(EXCHANGE_ALIAS, by=SYSTEM_USER) == 1
