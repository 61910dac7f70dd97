"""Reading MISP events, as PyMISP writes them, into planned incidents."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import stix2
from pymisp import MISPEvent

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import (
    Confidence,
    IncidentStatus,
    IncidentType,
    InformationCredibility,
    Likelihood,
    PartyKind,
    SourceReliability,
    Tlp,
)
from misp_support import (
    APT10_ID,
    CLOUD_HOPPER_UUID,
    STAMP,
    cloud_hopper,
    event_document,
    read_events,
)


def test_a_pymisp_event_becomes_an_incident_with_its_actor_resolved_by_alias(
    knowledge: KnowledgeBase,
) -> None:
    plan = read_events(event_document(cloud_hopper()), knowledge, knowledge.actors)
    assert plan.errors == ()
    [event] = plan.events
    incident = event.incident
    assert incident.id == CLOUD_HOPPER_UUID
    assert incident.title == "Operation Cloud Hopper"
    assert incident.summary == "MSP compromise for espionage against their clients."
    assert str(incident.start) == "2017-04-03"
    assert incident.actor_ids == (APT10_ID,)  # "Stone Panda" is an alias of APT10
    assert incident.tlp is Tlp.AMBER_STRICT
    assert incident.types == (IncidentType.DATA_BREACH,)
    assert incident.victim_countries == ("GB",)
    assert incident.victim_sectors == ("ict-services",)
    assert incident.status is IncidentStatus.CONFIRMED
    assert incident.updated_at == STAMP == event.timestamp
    [attribution] = incident.attributions
    assert attribution.party.name == "CERT-EU" and attribution.party.kind is PartyKind.COMPANY
    assert attribution.actor_id == APT10_ID
    assert attribution.likelihood is Likelihood.VERY_LIKELY
    assert attribution.confidence is Confidence.MODERATE
    assert attribution.public is False  # amber+strict is not for publication
    event_source, report = incident.sources
    assert event_source.grade == "B2" and event_source.publisher == "CERT-EU"
    assert attribution.source == event_source
    assert report.url is not None and report.url.endswith("cloud-hopper-report-final-v4.pdf")
    assert report.title == "Operation Cloud Hopper (PwC and BAE Systems)"
    assert plan.actors == ()  # nothing new: APT10 is known


def test_observables_are_stix_observables_with_their_standard_ids(
    knowledge: KnowledgeBase,
) -> None:
    [event] = read_events(event_document(cloud_hopper()), knowledge, knowledge.actors).events
    assert (event.attributes, event.references, event.observables) == (4, 1, 2)
    kept = {obj["type"]: obj for obj in event.kept}
    assert set(kept) == {"ipv4-addr", "file", "relationship"}
    # The deterministic ids of STIX 2.1 section 2.9, as the stix2 library computes them.
    assert kept["ipv4-addr"]["id"] == stix2.IPv4Address(value="198.51.100.7").id
    assert kept["file"]["id"] == stix2.File(hashes={"SHA-256": "a" * 64}).id
    links = [obj for obj in event.kept if obj["type"] == "relationship"]
    assert {link["target_ref"] for link in links} == {kept["ipv4-addr"]["id"], kept["file"]["id"]}
    assert {link["relationship_type"] for link in links} == {"related-to"}
    assert "C2 server" in {link.get("description") for link in links}
    amber_strict = "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"
    assert all(obj["object_marking_refs"] == [amber_strict] for obj in event.kept)
    for obj in event.kept:
        stix2.parse(obj, allow_custom=False)  # each is a valid STIX 2.1 object


@pytest.mark.parametrize(
    "wrap",
    [
        lambda event: event,
        lambda event: {"Event": event},
        lambda event: [{"Event": event}],
        lambda event: {"response": [{"Event": event}]},
        lambda event: {"response": [event]},
    ],
    ids=["bare", "wrapped", "list", "search-result", "search-result-bare"],
)
def test_every_form_misp_writes_is_read(knowledge: KnowledgeBase, wrap: Any) -> None:
    plan = read_events(wrap(event_document(cloud_hopper())), knowledge, knowledge.actors)
    assert plan.errors == ()
    assert [event.incident.id for event in plan.events] == [CLOUD_HOPPER_UUID]


def test_a_galaxy_cluster_resolves_by_its_uuid_or_synonyms(knowledge: KnowledgeBase) -> None:
    event = cloud_hopper(actor_tag='misp-galaxy:threat-actor="Somebody else entirely"')
    document = event_document(event)
    document["Tag"] = [t for t in document["Tag"] if "threat-actor" not in t["name"]]
    document["Galaxy"] = [
        {
            "type": "threat-actor",
            "name": "Threat Actor",
            "GalaxyCluster": [
                {
                    "type": "threat-actor",
                    "value": "Partner name for it",
                    "tag_name": 'misp-galaxy:threat-actor="Partner name for it"',
                    "meta": {"synonyms": ["menuPass", "Potassium"]},
                }
            ],
        }
    ]
    [planned] = read_events(document, knowledge, knowledge.actors).events
    assert planned.incident.actor_ids == (APT10_ID,)


def test_an_unknown_cluster_becomes_a_new_actor_once(knowledge: KnowledgeBase) -> None:
    cluster = {
        "uuid": "0d7c1e52-3f4b-4a6e-9b8d-7c6e5f4a3b21",
        "type": "threat-actor",
        "value": "Obsidian Heron",
        "tag_name": 'misp-galaxy:threat-actor="Obsidian Heron"',
        "description": "A cluster only our partner tracks.",
        "meta": {"synonyms": ["UNC9999"], "cfr-suspected-state-sponsor": "Russia"},
    }
    first = event_document(cloud_hopper(actor_tag='misp-galaxy:threat-actor="Obsidian Heron"'))
    first["Galaxy"] = [{"type": "threat-actor", "GalaxyCluster": [cluster]}]
    second = copy.deepcopy(first)
    second["uuid"] = "7e1d2c3b-4a59-4867-9f8e-0d1c2b3a4f5e"
    del second["Galaxy"]  # the second event names it by its alias only
    second["Tag"].append({"name": 'misp-galaxy:threat-actor="UNC9999"'})
    plan = read_events([first, second], knowledge, knowledge.actors)
    assert plan.errors == ()
    [heron] = plan.actors
    assert (heron.id, heron.name, heron.aliases) == (
        cluster["uuid"],
        "Obsidian Heron",
        ("UNC9999",),
    )
    assert heron.sponsor == "RU" and heron.origin == "misp"
    assert [event.incident.actor_ids for event in plan.events] == [(heron.id,), (heron.id,)]


def test_an_attribute_with_a_bad_value_is_refused_alone(knowledge: KnowledgeBase) -> None:
    document = event_document(cloud_hopper())
    document["Attribute"][1]["value"] = "198.51.100.999"
    plan = read_events({"Event": document}, knowledge, knowledge.actors)
    [error] = plan.errors
    assert error.field == "Event.Attribute[1].value"
    assert "is not an IPv4 or IPv6 address" in str(error)
    assert str(error).startswith(f"events.json: MISP event {CLOUD_HOPPER_UUID} ")
    assert (plan.rejected, plan.rejected_attributes) == (0, 1)
    [event] = plan.events
    assert event.observables == 1  # the hash is still kept


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        (lambda e: e.pop("info"), "info", "is required"),
        (lambda e: e.update(uuid="not-a-uuid"), "uuid", "is not a UUID"),
        (lambda e: e.update(date="03/04/2017"), "date", "YYYY-MM-DD"),
        (lambda e: e.update(timestamp="yesterday"), "timestamp", "Unix timestamp"),
        (lambda e: e.update(analysis=7), "analysis", "0, 1 or 2"),
        (lambda e: e["Tag"].append({"name": "tlp:purple"}), "Tag[10].name", "TLP level"),
        (
            lambda e: e["Tag"].append(
                {"name": 'estimative-language:likelihood-probability="likely"'}
            ),
            "Tag[10].name",
            "contradicts the tag at Event.Tag[2].name",
        ),
        (
            lambda e: e["Tag"].append({"name": 'misp-galaxy:country="Atlantis"'}),
            "Tag[10].name",
            "not an ISO 3166 country",
        ),
        (
            lambda e: e["Tag"].append({"name": 'nis2:impact-sectors-impacted="bakeries"'}),
            "Tag[10].name",
            "not a known sector",
        ),
        (
            lambda e: e["Tag"].append({"name": 'cdtoolbox:incident-type="mischief"'}),
            "Tag[10].name",
            "is not one of: espionage",
        ),
        (
            lambda e: e["Tag"].append({"name": 'misp-galaxy:threat-actor="Grizzly Steppe"'}),
            "Tag[10].name",
            "ambiguous",
        ),
        (lambda e: e.update(Tag="tlp:amber"), "Tag", "must be a list"),
        (lambda e: e["Tag"].append("tlp:red"), "Tag[10]", "must be a JSON object"),
    ],
    ids=[
        "no-info",
        "bad-uuid",
        "bad-date",
        "bad-timestamp",
        "bad-analysis",
        "unknown-tlp",
        "two-likelihoods",
        "unknown-country",
        "unknown-sector",
        "unknown-type",
        "ambiguous-actor",
        "tags-not-a-list",
        "tag-not-an-object",
    ],
)
def test_a_bad_event_is_refused_with_the_field_and_the_reason(
    knowledge: KnowledgeBase, change: Any, field: str, reason: str
) -> None:
    document = event_document(cloud_hopper())
    change(document)
    plan = read_events({"Event": document}, knowledge, knowledge.actors)
    assert plan.events == () and plan.rejected == 1
    assert [error.field for error in plan.errors] == [f"Event.{field}"]
    assert reason in str(plan.errors[0])


def test_items_that_are_not_events_are_refused(knowledge: KnowledgeBase) -> None:
    plan = read_events(
        {"response": [event_document(cloud_hopper()), 42]}, knowledge, knowledge.actors
    )
    [error] = plan.errors
    assert error.field == "response[1]" and "is not a MISP event" in str(error)
    assert (plan.events_read, len(plan.events), plan.rejected) == (1, 1, 1)


def test_the_newest_version_of_an_event_in_one_import_wins(knowledge: KnowledgeBase) -> None:
    older = event_document(cloud_hopper(info="First draft"))
    newer = event_document(
        cloud_hopper(info="Operation Cloud Hopper", timestamp=STAMP.replace(year=2025))
    )
    plan = read_events([newer, older], knowledge, knowledge.actors)
    [event] = plan.events
    assert event.incident.title == "Operation Cloud Hopper"
    assert plan.superseded == 1


def test_an_event_without_tlp_is_amber_and_without_analysis_is_confirmed(
    knowledge: KnowledgeBase,
) -> None:
    event = MISPEvent()
    event.info = "Bare event"
    document = event_document(event)
    [planned] = read_events(document, knowledge, knowledge.actors).events
    assert planned.incident.tlp is Tlp.AMBER
    assert planned.incident.updated_at is None and planned.timestamp is None
    assert "tlp" not in planned.stated and "status" not in planned.stated
    assert planned.incident.sources[0].publisher == "Unnamed MISP organisation"


def test_attribute_tags_grade_the_source_and_mark_the_observable(
    knowledge: KnowledgeBase,
) -> None:
    document = event_document(cloud_hopper())
    link, address = document["Attribute"][0], document["Attribute"][1]
    link["Tag"] = [
        {"name": 'admiralty-scale:source-reliability="a"'},
        {"name": 'admiralty-scale:information-credibility="1"'},
    ]
    address["Tag"] = [{"name": "tlp:red"}]
    [event] = read_events(document, knowledge, knowledge.actors).events
    source = event.incident.sources[1]
    assert (source.reliability, source.credibility) == (
        SourceReliability.A,
        InformationCredibility.CONFIRMED,
    )
    red = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
    address_id = stix2.IPv4Address(value="198.51.100.7").id
    [observable] = [obj for obj in event.kept if obj["id"] == address_id]
    assert observable["object_marking_refs"] == [red]
