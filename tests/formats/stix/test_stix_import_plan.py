"""Reading STIX bundles into import plans: folding, actors by alias, kept objects, errors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cdtoolbox.errors import ImportRejected
from cdtoolbox.formats.stix.vocabulary import EXTENSION_ID
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import Confidence, PartyKind, Tlp
from stix_support import (
    TLP_AMBER,
    TLP_CLEAR,
    TLP_GREEN,
    TLP_RED,
    bundle,
    read_plan,
    relationship,
    sdo,
    sid,
)

APT28_ID = "5b4ee3ea-eee3-4c8e-8323-85ae32658754"

CERT = sdo("identity", "cert", name="CERT-EU", identity_class="organization")
RUSSIA = sdo(
    "identity",
    "russia",
    name="Government of Russian Federation",
    identity_class="organization",
    sectors=["government-national"],
)
UKRAINE = sdo("location", "ukraine", name="Ukraine", country="UA")
GRID = sdo(
    "identity", "grid", name="Kyivoblenergo", identity_class="organization", sectors=["energy"]
)
FANCY = sdo("intrusion-set", "fancy", name="Fancy Bear", aliases=["Strontium"])
NEW_SET = sdo("intrusion-set", "heron", name="Obsidian Heron", aliases=["UNC9999"])
UNIT = sdo("threat-actor", "unit", name="Unit 99999", threat_actor_types=["nation-state"])
CAMPAIGN = sdo("campaign", "campaign", name="Operation Night Needle")
INCIDENT = sdo(
    "incident",
    "grid",
    name="Power cut in Kyiv region",
    description="Substations were switched off remotely.",
    labels=["sabotage", "energy"],
    created_by_ref=CERT["id"],
    object_marking_refs=[TLP_GREEN],
    external_references=[
        {"source_name": "CERT-UA", "description": "Alert 2024-17", "url": "https://cert.gov.ua/a"}
    ],
)
ATTRIBUTED = relationship(
    "attributed-to",
    INCIDENT["id"],
    FANCY["id"],
    confidence=85,
    created_by_ref=CERT["id"],
    description="Assessed by CERT-EU.",
    object_marking_refs=[TLP_CLEAR],
    modified="2024-04-01T00:00:00.000Z",
)
# Marked no more restrictively than the incident, so they fold into it.
TARGETS_GRID = relationship("targets", INCIDENT["id"], GRID["id"], object_marking_refs=[TLP_GREEN])
TARGETS_UA = relationship("targets", INCIDENT["id"], UKRAINE["id"], object_marking_refs=[TLP_CLEAR])
RELATED = relationship("related-to", INCIDENT["id"], CAMPAIGN["id"])
SET_TO_UNIT = relationship("attributed-to", NEW_SET["id"], UNIT["id"])
UNIT_TO_STATE = relationship("attributed-to", UNIT["id"], RUSSIA["id"])

FOREIGN = bundle(
    CERT,
    RUSSIA,
    UKRAINE,
    GRID,
    FANCY,
    NEW_SET,
    UNIT,
    CAMPAIGN,
    INCIDENT,
    ATTRIBUTED,
    TARGETS_GRID,
    TARGETS_UA,
    RELATED,
    SET_TO_UNIT,
    UNIT_TO_STATE,
)


def test_a_partners_incident_folds_its_attribution_and_victims(knowledge: KnowledgeBase) -> None:
    plan, _ = read_plan(FOREIGN, knowledge, knowledge.actors)
    assert plan.errors == ()
    (planned,) = plan.incidents
    incident = planned.incident
    assert incident.title == "Power cut in Kyiv region"
    assert [kind.value for kind in incident.types] == ["sabotage"]
    assert incident.tlp is Tlp.GREEN
    assert incident.victim_countries == ("UA",)
    assert [(org.name, org.sector) for org in incident.victim_organisations] == [
        ("Kyivoblenergo", "energy")
    ]
    (attribution,) = incident.attributions
    assert attribution.actor_id == APT28_ID
    assert attribution.party.name == "CERT-EU"
    assert attribution.party.kind is PartyKind.COMPANY
    assert attribution.confidence is Confidence.HIGH
    assert attribution.public is True  # the relationship is TLP:CLEAR
    assert attribution.wording == "Assessed by CERT-EU."
    assert incident.actor_ids == (APT28_ID,)
    assert [(source.publisher, source.title) for source in incident.sources] == [
        ("CERT-UA", "Alert 2024-17")
    ]
    # A newer relationship makes the incident as new as it.
    assert incident.updated_at == datetime(2024, 4, 1, tzinfo=UTC)
    assert planned.modified.startswith("2024-04-01T00:00:00")


def test_actors_are_found_by_alias_or_created_with_their_sponsor(
    knowledge: KnowledgeBase,
) -> None:
    plan, _ = read_plan(FOREIGN, knowledge, knowledge.actors)
    by_stix_id = {planned.stix_id: planned for planned in plan.actors}
    fancy = by_stix_id[FANCY["id"]]
    assert fancy.known and fancy.actor.id == APT28_ID
    heron = by_stix_id[NEW_SET["id"]]
    assert not heron.known
    assert heron.actor.name == "Obsidian Heron"
    assert heron.actor.aliases == ("UNC9999",)
    assert heron.actor.origin == "stix"
    assert heron.actor.sponsor == "RU"  # intrusion set -> threat actor -> state
    assert by_stix_id[UNIT["id"]].actor.sponsor == "RU"


def test_what_we_do_not_model_is_kept_and_what_folds_is_not(knowledge: KnowledgeBase) -> None:
    plan, kept = read_plan(FOREIGN, knowledge, knowledge.actors)
    kept_ids = {item.id for item in kept}
    assert {CERT["id"], RUSSIA["id"], UKRAINE["id"], GRID["id"], CAMPAIGN["id"]} <= kept_ids
    assert {RELATED["id"], SET_TO_UNIT["id"], UNIT_TO_STATE["id"]} <= kept_ids
    assert not kept_ids & {INCIDENT["id"], FANCY["id"], ATTRIBUTED["id"], TARGETS_UA["id"]}
    held = len(plan.incidents) + len(plan.actors)
    assert plan.objects == len(kept) + plan.merged + plan.rejected + held


def test_markings_decide_each_kept_objects_tlp(knowledge: KnowledgeBase) -> None:
    statement = sdo(
        "marking-definition",
        "copyright",
        definition_type="statement",
        definition={"statement": "Copyright partner"},
    )
    del statement["modified"]
    red = sdo("campaign", "red", name="Secret", object_marking_refs=[TLP_GREEN, TLP_RED])
    plain = sdo("campaign", "plain", name="Unmarked")
    stated = sdo("campaign", "stated", name="Stated", object_marking_refs=[statement["id"]])
    granular = sdo(
        "campaign",
        "granular",
        name="Partly red",
        object_marking_refs=[TLP_GREEN],
        granular_markings=[{"marking_ref": TLP_RED, "selectors": ["description"]}],
        description="Only for RED readers",
    )
    tlp = sdo("campaign", "tlp", name="Green", object_marking_refs=[TLP_GREEN])
    objects = bundle(statement, red, plain, stated, granular, tlp)
    _, kept = read_plan(objects, knowledge, knowledge.actors)
    # A marking we cannot interpret (here a statement) restricts as TLP:RED does, and so
    # does its definition; a property marked RED makes the whole object RED.
    assert {item.id: item.tlp for item in kept} == {
        statement["id"]: Tlp.RED,
        red["id"]: Tlp.RED,
        plain["id"]: Tlp.AMBER,
        stated["id"]: Tlp.RED,
        granular["id"]: Tlp.RED,
        tlp["id"]: Tlp.GREEN,
    }


def test_an_actor_keeps_the_marking_of_its_object(knowledge: KnowledgeBase) -> None:
    secret = sdo("intrusion-set", "secret", name="Quiet Lynx", object_marking_refs=[TLP_RED])
    custom = sdo(
        "intrusion-set",
        "custom",
        name="Loud Lynx",
        object_marking_refs=["marking-definition--0f0d3a5e-1b9c-4c55-9d31-0e7c2a1b3c4d"],
    )
    known = sdo("intrusion-set", "known", name="Fancy Bear", object_marking_refs=[TLP_RED])
    plan, _ = read_plan(bundle(secret, custom, known), knowledge, knowledge.actors)
    by_stix_id = {planned.stix_id: planned for planned in plan.actors}
    assert by_stix_id[secret["id"]].actor.tlp is Tlp.RED
    assert by_stix_id[custom["id"]].actor.tlp is Tlp.RED  # an unknown marking: the strictest
    # A partner's marked object naming a reference actor neither marks nor changes it.
    assert by_stix_id[known["id"]].known
    assert by_stix_id[known["id"]].actor == knowledge.actors.get(APT28_ID)
    assert by_stix_id[known["id"]].actor.tlp is Tlp.CLEAR


def test_facts_marked_above_their_incident_do_not_fold_into_it(
    knowledge: KnowledgeBase,
) -> None:
    secret = sdo("intrusion-set", "secret", name="Quiet Lynx", object_marking_refs=[TLP_RED])
    green = sdo("intrusion-set", "green", name="Open Lynx", object_marking_refs=[TLP_GREEN])
    to_secret = relationship(
        "attributed-to", INCIDENT["id"], secret["id"], object_marking_refs=[TLP_GREEN]
    )
    red_link = relationship(
        "attributed-to", INCIDENT["id"], green["id"], object_marking_refs=[TLP_RED]
    )
    red_victim = relationship(
        "targets", INCIDENT["id"], UKRAINE["id"], object_marking_refs=[TLP_AMBER]
    )
    objects = bundle(UKRAINE, secret, green, INCIDENT, to_secret, red_link, red_victim)
    plan, kept = read_plan(objects, knowledge, knowledge.actors)
    (planned,) = plan.incidents
    # The GREEN incident names neither the RED actor nor what RED and AMBER relationships say.
    assert planned.incident.attributions == ()
    assert planned.incident.actor_ids == ()
    assert planned.incident.victim_countries == ()
    tlps = {item.id: item.tlp for item in kept}
    assert tlps[to_secret["id"]] is Tlp.GREEN  # kept as received, at its own level
    assert tlps[red_link["id"]] is Tlp.RED
    assert tlps[red_victim["id"]] is Tlp.AMBER


def test_the_newest_version_of_an_incident_in_a_bundle_wins(knowledge: KnowledgeBase) -> None:
    newer = {**INCIDENT, "name": "Renamed", "modified": "2024-05-01T00:00:00.000Z"}
    plan, _ = read_plan(bundle(newer, INCIDENT), knowledge, knowledge.actors)
    assert [planned.incident.title for planned in plan.incidents] == ["Renamed"]
    assert plan.merged == 1


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"created": "2024-13-01T00:00:00Z"}, "created", "is not a STIX timestamp"),
        ({"modified": "2020-01-01T00:00:00.000Z"}, "modified", "is earlier than `created`"),
        ({"name": None}, "name", "is required"),
        ({"spec_version": "2.0"}, "spec_version", "only STIX 2.1"),
        ({"id": sid("campaign", "x")}, "id", "does not name an object of type `incident`"),
        ({"confidence": 101}, "confidence", "from 0 to 100"),
        ({"object_marking_refs": ["tlp:red"]}, "object_marking_refs[0]", "marking definition"),
        ({"created_by_ref": "CERT-EU"}, "created_by_ref", "identity"),
    ],
)
def test_each_error_names_the_object_and_its_json_path(
    knowledge: KnowledgeBase, change: dict[str, object], field: str, reason: str
) -> None:
    broken = {**INCIDENT, **change}
    plan, _ = read_plan(bundle(CERT, CAMPAIGN, broken), knowledge, knowledge.actors)
    (error,) = plan.errors
    assert error.field == f"objects[2].{field}"
    if "id" not in change:
        assert error.entity == broken["id"]
    assert reason in error.reason
    assert plan.rejected == 1
    assert plan.incidents == ()
    assert "test.json" in str(error) and f"objects[2].{field}" in str(error)


def test_a_relationship_naming_no_object_is_refused(knowledge: KnowledgeBase) -> None:
    broken = {**RELATED, "target_ref": "Operation Night Needle"}
    plan, _ = read_plan(bundle(broken), knowledge, knowledge.actors)
    assert [error.field for error in plan.errors] == ["objects[0].target_ref"]


def test_our_extension_is_checked_property_by_property(knowledge: KnowledgeBase) -> None:
    ours = {
        **INCIDENT,
        "extensions": {
            EXTENSION_ID: {
                "extension_type": "property-extension",
                "id": "3b0bd1ee-8b4c-4b61-9a30-0d1f7b1b8a10",
                "slug": "grid-2024",
                "types": ["sabotage", "telepathy"],
                "victims": {"countries": ["Atlantis"]},
            }
        },
    }
    plan, _ = read_plan(bundle(ours), knowledge, knowledge.actors)
    path = f"objects[0].extensions.{EXTENSION_ID}"
    assert sorted(error.field for error in plan.errors) == [
        f"{path}.types[1]",
        f"{path}.victims.countries[0]",
    ]
    assert all(error.entity == INCIDENT["id"] for error in plan.errors)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (b"not json", "(the file)"),
        (b"[1, 2, 3]", "(the file)"),
        (b'{"type": "report", "id": "x", "objects": []}', "type"),
        (b'{"type": "bundle", "id": "bundle--1", "objects": []}', "id"),
        (b'{"type": "bundle", "spec_version": "2.0", "objects": []}', "spec_version"),
        (b'{"type": "bundle", "objects": 7}', "objects"),
        (b'{"type": "bundle"}', "objects"),
        (b'{"type": "bundle", "objects": [{"type": "x"}, ', "(the file)"),
    ],
)
def test_a_file_that_is_not_a_stix_2_1_bundle_is_refused_whole(
    knowledge: KnowledgeBase, data: bytes, field: str
) -> None:
    with pytest.raises(ImportRejected) as rejected:
        read_plan(data, knowledge, knowledge.actors)
    assert [error.field for error in rejected.value.errors] == [field]


def test_unmarked_incidents_are_amber(knowledge: KnowledgeBase) -> None:
    plain = {key: value for key, value in INCIDENT.items() if key != "object_marking_refs"}
    plan, _ = read_plan(bundle(plain), knowledge, knowledge.actors)
    assert plan.incidents[0].incident.tlp is Tlp.AMBER


def test_tlp_1_markings_are_understood(knowledge: KnowledgeBase) -> None:
    amber_1 = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"
    marked = {**INCIDENT, "object_marking_refs": [amber_1]}
    plan, _ = read_plan(bundle(marked), knowledge, knowledge.actors)
    assert plan.incidents[0].incident.tlp is Tlp.AMBER
    assert amber_1 != TLP_AMBER


def test_a_bundle_of_many_bad_objects_keeps_a_bounded_report(
    knowledge: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cdtoolbox.formats.stix import bundle_import as plan_module

    monkeypatch.setattr(plan_module, "MAX_ERRORS", 5)
    bad = [{**CAMPAIGN, "id": sid("campaign", str(n)), "created": "soon"} for n in range(12)]
    plan, _ = read_plan(bundle(*bad), knowledge, knowledge.actors)
    assert plan.rejected == 12
    assert len(plan.errors) == 5
