"""Markings survive import: what a partner marked is shown only to readers cleared for it, on
every read path (actor reads, filters, STIX and MISP exports, TAXII), and the TAXII
repository collection holds nothing its readers may not see."""

from __future__ import annotations

import io
import json
from pathlib import Path

import orjson
import pytest

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import Incident, PartialDate, Tlp
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.toolbox import Toolbox
from cdtoolbox.toolbox.taxii import REPOSITORY_ALIAS
from stix_support import TLP_RED, bundle, relationship, sdo

APT28_ID = "5b4ee3ea-eee3-4c8e-8323-85ae32658754"
UNKNOWN_MARKING = "marking-definition--0f0d3a5e-1b9c-4c55-9d31-0e7c2a1b3c4d"

LYNX = sdo(
    "intrusion-set",
    "lynx",
    name="Quiet Lynx",
    aliases=["UNC7777"],
    description="Seen only by one partner",
    object_marking_refs=[TLP_RED],
)
SECRET = sdo("incident", "secret", name="Secret intrusion", object_marking_refs=[TLP_RED])
BY_LYNX = relationship("attributed-to", SECRET["id"], LYNX["id"], object_marking_refs=[TLP_RED])


def account(toolbox: Toolbox, username: str, clearance: Tlp) -> User:
    return toolbox.users.add(
        by=SYSTEM_USER,
        username=username,
        display_name=username.title(),
        role=Role.VIEWER,
        clearance=clearance,
    )


@pytest.fixture
def box(toolbox: Toolbox, knowledge: KnowledgeBase) -> Toolbox:
    """A migrated store with the reference actors and the TAXII collections."""
    with toolbox.database.transaction() as store:
        store.actors.upsert_many(knowledge.actors.all())
    toolbox.taxii.create_default_collections()
    return toolbox


@pytest.fixture
def green(box: Toolbox) -> User:
    return account(box, "green-reader", Tlp.GREEN)


@pytest.fixture
def red(box: Toolbox) -> User:
    return account(box, "red-reader", Tlp.RED)


def import_stix(box: Toolbox, tmp_path: Path, *objects: object) -> None:
    path = tmp_path / "partner.json"
    path.write_bytes(bundle(*objects))
    box.stix.import_bundle(path, by=SYSTEM_USER)


def taxii_names(box: Toolbox, reader: User) -> dict[str, str]:
    """Each object of the repository collection ``reader`` may see: id -> name (or type)."""
    page = box.taxii.objects(REPOSITORY_ALIAS, {"limit": ["1000"]}, by=reader)
    found = {}
    for item in page.objects:
        document = orjson.loads(item.document)
        found[item.id] = document.get("name", document["type"])
    return found


def stix_export(box: Toolbox, max_tlp: Tlp) -> list[dict[str, object]]:
    out = io.BytesIO()
    box.stix.export_bundle(out, by=SYSTEM_USER, max_tlp=max_tlp)
    objects: list[dict[str, object]] = orjson.loads(out.getvalue())["objects"]
    return objects


def test_a_red_intrusion_set_is_shown_only_to_red_readers(
    box: Toolbox, green: User, red: User, tmp_path: Path
) -> None:
    import_stix(box, tmp_path, LYNX, SECRET, BY_LYNX)
    lynx = box.actors.get("UNC7777", by=red)
    assert lynx.tlp is Tlp.RED and lynx.description == "Seen only by one partner"
    # The GREEN reader: not listed, counted, searched, found by any name, nor named.
    assert lynx.id not in {actor.id for actor in box.actors.all(by=green)}
    assert lynx.id not in {actor.id for actor in box.actors.list(by=green, limit=1000).items}
    assert box.actors.list(by=green, limit=1).total == box.actors.list(by=red, limit=1).total - 1
    assert box.actors.search("quiet lyn", by=green) == []
    assert box.actors.find("Quiet Lynx", by=green) is None
    with pytest.raises(NotFound):
        box.actors.get(lynx.id, by=green)
    assert box.actors.names([lynx.id], by=green) == {lynx.id: lynx.id}
    assert box.actors.names([lynx.id], by=red) == {lynx.id: "Quiet Lynx"}
    assert [actor.id for actor in box.actors.search("quiet lyn", by=red)] == [lynx.id]


def test_a_filter_naming_a_hidden_actor_is_refused_as_an_unknown_name_is(
    box: Toolbox, green: User, red: User, tmp_path: Path
) -> None:
    import_stix(box, tmp_path, LYNX, SECRET, BY_LYNX)
    with pytest.raises(InvalidInput) as hidden:
        box.incidents.filter_from({"actor": "UNC7777"}, by=green)
    with pytest.raises(InvalidInput) as unknown:
        box.incidents.filter_from({"actor": "UNC7778"}, by=green)
    assert hidden.value.reason == unknown.value.reason
    assert "Quiet Lynx" not in str(hidden.value)
    query = box.incidents.filter_from({"actor": "UNC7777"}, by=red)
    assert [i.title for i in box.incidents.list(query, by=red).items] == ["Secret intrusion"]


def test_an_unknown_marking_definition_counts_as_red(
    box: Toolbox, green: User, red: User, tmp_path: Path
) -> None:
    marked = {**LYNX, "object_marking_refs": [UNKNOWN_MARKING]}
    import_stix(box, tmp_path, marked)
    assert box.actors.get("UNC7777", by=red).tlp is Tlp.RED
    assert box.actors.find("UNC7777", by=green) is None
    assert box.actors.find("UNC7777", by=account(box, "amber-strict", Tlp.AMBER_STRICT)) is None


def test_a_partners_marked_object_leaves_the_reference_actor_as_it_was(
    box: Toolbox, green: User, knowledge: KnowledgeBase, tmp_path: Path
) -> None:
    fancy = sdo(
        "intrusion-set",
        "fancy",
        name="Fancy Bear",
        aliases=["Secret Codename"],
        description="Partner-only notes",
        object_marking_refs=[TLP_RED],
    )
    import_stix(box, tmp_path, fancy)
    apt28 = box.actors.get("Fancy Bear", by=green)
    assert apt28 == knowledge.actors.get(APT28_ID)
    assert apt28.tlp is Tlp.CLEAR
    assert box.actors.find("Secret Codename", by=green) is None


def test_exports_leave_out_marked_actors_above_their_level(box: Toolbox, tmp_path: Path) -> None:
    import_stix(box, tmp_path, LYNX, SECRET, BY_LYNX)
    names_at = {
        level: {obj.get("name") for obj in stix_export(box, level)}
        for level in (Tlp.GREEN, Tlp.RED)
    }
    assert "Quiet Lynx" not in names_at[Tlp.GREEN] and "Secret intrusion" not in names_at[Tlp.GREEN]
    assert {"Quiet Lynx", "Secret intrusion"} <= names_at[Tlp.RED]
    (lynx,) = [obj for obj in stix_export(box, Tlp.RED) if obj.get("name") == "Quiet Lynx"]
    assert lynx["object_marking_refs"] == [TLP_RED]


def test_taxii_repository_holds_only_what_each_reader_may_see(
    box: Toolbox, green: User, red: User, tmp_path: Path
) -> None:
    # A hidden incident naming a reference actor and a state, and the RED partner actor.
    hidden = Incident(
        id="c4e6a1d2-0b3f-4e5a-9c8d-7f6e5d4c3b2a",
        slug="hidden",
        title="Hidden intrusion",
        start=PartialDate.parse("2025-03-01"),
        tlp=Tlp.RED,
        actor_ids=(APT28_ID,),
    )
    with box.database.transaction() as store:
        store.incidents.add(hidden)
    import_stix(box, tmp_path, LYNX, SECRET, BY_LYNX)
    box.taxii.publish(by=SYSTEM_USER)
    seen_green = taxii_names(box, green)
    seen_red = taxii_names(box, red)
    for name in ("Hidden intrusion", "Secret intrusion", "Quiet Lynx", "APT28", "TLP:RED"):
        assert name in seen_red.values()
        assert name not in seen_green.values()
    hidden_ids = set(seen_red) - set(seen_green)
    for object_id in hidden_ids:  # by id and by version, too
        with pytest.raises(NotFound):
            box.taxii.object(REPOSITORY_ALIAS, object_id, {}, by=green)
        with pytest.raises(NotFound):
            box.taxii.versions(REPOSITORY_ALIAS, object_id, {}, by=green)
    manifest = box.taxii.manifest(REPOSITORY_ALIAS, {"limit": ["1000"]}, by=green)
    assert not {item.id for item in manifest.objects} & hidden_ids
    assert box.taxii.object_count(REPOSITORY_ALIAS, by=green) == len(seen_green)


def test_an_actor_no_longer_named_by_a_visible_incident_is_withdrawn_from_lower_readers(
    box: Toolbox, green: User
) -> None:
    public = Incident(
        id="d5f7b2e3-1c4a-4f6b-8d9e-8a7f6e5d4c3b",
        slug="public",
        title="Public defacement",
        start=PartialDate.parse("2025-04-01"),
        tlp=Tlp.CLEAR,
        actor_ids=(APT28_ID,),
    )
    with box.database.transaction() as store:
        store.incidents.add(public)
    box.taxii.publish(by=SYSTEM_USER)
    assert "APT28" in taxii_names(box, green).values()
    with box.database.transaction() as store:
        store.incidents.update(public.evolve(tlp=Tlp.RED), expected_version=1)
    report = box.taxii.publish(by=SYSTEM_USER)
    assert report.remarked >= 1 and report.changed_anything
    assert "APT28" not in taxii_names(box, green).values()


def misp_event(tags: list[str], attributes: list[dict[str, object]]) -> dict[str, object]:
    return {
        "Event": {
            "uuid": "9b0c2d4e-6f81-4a3b-8c5d-7e9f1a2b3c4d",
            "info": "Partner event",
            "date": "2025-05-01",
            "timestamp": "1746057600",
            "Orgc": {"name": "CERT-EU", "uuid": "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"},
            "Tag": [{"name": name} for name in tags],
            "Attribute": attributes,
        }
    }


def test_a_red_misp_attribute_stays_red_in_a_green_event(
    box: Toolbox, green: User, red: User, tmp_path: Path
) -> None:
    red_tag = [{"name": "tlp:red"}]
    document = misp_event(
        ["tlp:green", 'misp-galaxy:threat-actor="Quiet Puma"'],
        [
            {"type": "ip-dst", "category": "Network activity", "value": "198.51.100.7"},
            {
                "type": "ip-dst",
                "category": "Network activity",
                "value": "203.0.113.9",
                "Tag": [{"name": "tlp:clear"}],
            },
            {
                "type": "domain",
                "category": "Network activity",
                "value": "x.example",
                "Tag": red_tag,
            },
            {
                "type": "link",
                "category": "External analysis",
                "value": "https://partner.example/red-report",
                "Tag": red_tag,
            },
        ],
    )
    path = tmp_path / "event.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    report = box.misp.import_path(path, by=SYSTEM_USER)
    (incident_id,) = report.created
    incident = box.incidents.get(incident_id, by=green)
    assert incident.tlp is Tlp.GREEN
    assert all("red-report" not in (source.url or "") for source in incident.sources)
    values_at = {
        level: json.dumps(stix_export(box, level)) for level in (Tlp.CLEAR, Tlp.GREEN, Tlp.RED)
    }
    assert "198.51.100.7" in values_at[Tlp.GREEN]
    # An attribute is never shared wider than its event, whatever its own tag says.
    assert "203.0.113.9" in values_at[Tlp.GREEN] and "203.0.113.9" not in values_at[Tlp.CLEAR]
    assert "x.example" not in values_at[Tlp.GREEN] and "x.example" in values_at[Tlp.RED]
    # A new actor named only by a GREEN event is GREEN: not shown to the anonymous CLEAR web.
    puma = box.actors.get("Quiet Puma", by=green)
    assert puma.tlp is Tlp.GREEN
    assert box.actors.find("Quiet Puma", by=account(box, "clear-reader", Tlp.CLEAR)) is None


def test_a_new_actor_known_only_from_a_red_misp_event_is_hidden(
    box: Toolbox, green: User, red: User, tmp_path: Path
) -> None:
    document = misp_event(["tlp:red", 'misp-galaxy:threat-actor="Quiet Puma"'], [])
    path = tmp_path / "event.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    box.misp.import_path(path, by=SYSTEM_USER)
    assert box.actors.get("Quiet Puma", by=red).tlp is Tlp.RED
    assert box.actors.find("Quiet Puma", by=green) is None
    out = io.BytesIO()
    box.misp.export_events(out, by=SYSTEM_USER, max_tlp=Tlp.GREEN)
    assert b"Quiet Puma" not in out.getvalue()


def test_a_misp_event_leaves_out_an_actor_marked_above_it(box: Toolbox, tmp_path: Path) -> None:
    import_stix(box, tmp_path, LYNX)
    lynx = box.actors.get("Quiet Lynx", by=SYSTEM_USER)
    green_incident = Incident(
        id="e6a8c3f4-2d5b-4a7c-9e0f-9b8a7f6e5d4c",
        slug="green-incident",
        title="Green incident",
        start=PartialDate.parse("2025-04-01"),
        tlp=Tlp.GREEN,
        actor_ids=(lynx.id,),
    )
    with box.database.transaction() as store:
        store.incidents.add(green_incident)
    out = io.BytesIO()
    box.misp.export_events(out, by=SYSTEM_USER, max_tlp=Tlp.RED)
    assert b"Green incident" in out.getvalue()
    assert b"Quiet Lynx" not in out.getvalue()
    assert "Quiet Lynx" not in {str(obj.get("name")) for obj in stix_export(box, Tlp.GREEN)}


def test_statistics_name_no_actor_above_the_readers_clearance(
    box: Toolbox, green: User, red: User, tmp_path: Path
) -> None:
    import_stix(box, tmp_path, LYNX)
    lynx = box.actors.get("Quiet Lynx", by=SYSTEM_USER)
    # An incident a GREEN reader sees, naming the RED actor (as an editor cleared for RED
    # could make it): the GREEN reader's statistics still do not name the actor.
    with box.database.transaction() as store:
        store.incidents.add(
            Incident(
                id="f7b9d4a5-3e6c-4b8d-a0f1-0c9b8a7f6e5d",
                slug="green-incident",
                title="Green incident",
                start=PartialDate.parse("2025-04-01"),
                tlp=Tlp.GREEN,
                actor_ids=(lynx.id,),
            )
        )
    assert [c.key for c in box.statistics.summary(by=green).by_actor] == []
    assert [c.key for c in box.statistics.summary(by=red).by_actor] == [lynx.id]
