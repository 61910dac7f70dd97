"""Exporting to STIX 2.1: validator-clean, deterministic, TLP-filtered, and read back intact."""

from __future__ import annotations

import io
import uuid
from collections import Counter
from datetime import UTC, datetime

import orjson
import pytest
from stix2validator import ValidationOptions, validate_string

from cdtoolbox.formats.stix import export_bundle, write_bundle
from cdtoolbox.formats.stix.vocabulary import TLP2_MARKING_IDS
from cdtoolbox.ingest.bundled import bundled_incident_documents
from cdtoolbox.ingest.incident_document import read_incident_document
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import Incident, ThreatActor, Tlp
from cdtoolbox.model.exchange import KeptObject
from stix_support import read_plan, sdo

NAMESPACE = uuid.UUID("6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f")
RECORDED = datetime(2025, 11, 25, 9, 30, tzinfo=UTC)
CHANGED = datetime(2026, 1, 12, 16, 5, 7, 250000, tzinfo=UTC)

# Warnings stix2-validator gives on our bundles that we accept, documented in
# docs/stix-mapping.md: STIX 2.1 defines no relationships for its incident stub (202), and
# we hold no hashes of the web pages our sources are (302).
ACCEPTED_WARNINGS = {"202", "302"}


@pytest.fixture(scope="module")
def dataset(knowledge: KnowledgeBase) -> list[Incident]:
    return [
        read_incident_document(document, knowledge, location=str(document["slug"])).evolve(
            created_at=RECORDED, updated_at=CHANGED
        )
        for document in bundled_incident_documents()
    ]


def actors_of(knowledge: KnowledgeBase, incidents: list[Incident]) -> list[ThreatActor]:
    wanted = {
        actor_id
        for incident in incidents
        for actor_id in (*incident.actor_ids, *(item.actor_id for item in incident.attributions))
        if actor_id
    }
    return [knowledge.actors.get(actor_id) for actor_id in sorted(wanted)]


def export(knowledge: KnowledgeBase, incidents: list[Incident], max_tlp: Tlp = Tlp.RED) -> bytes:
    names = {country.code: country.name for country in knowledge.countries.all()}
    return export_bundle(
        incidents,
        actors_of(knowledge, incidents),
        max_tlp=max_tlp,
        id_namespace=NAMESPACE,
        country_names=names,
    )


def test_the_bundled_dataset_passes_the_stix_validator(
    knowledge: KnowledgeBase, dataset: list[Incident]
) -> None:
    data = export(knowledge, dataset)
    result = validate_string(data.decode(), ValidationOptions(version="2.1"))
    assert result.errors == []
    assert result.is_valid
    codes = Counter(str(warning).split("{")[1][:3] for warning in result.warnings)
    assert set(codes) <= ACCEPTED_WARNINGS, codes


def test_relationship_warnings_concern_incident_attributions_only(
    knowledge: KnowledgeBase, dataset: list[Incident]
) -> None:
    result = validate_string(export(knowledge, dataset).decode(), ValidationOptions(version="2.1"))
    relationship_warnings = [str(w) for w in result.warnings if "{202}" in str(w)]
    assert relationship_warnings
    assert all(
        "'incident' is not a suggested relationship source" in w for w in relationship_warnings
    )


def test_the_export_is_byte_stable(knowledge: KnowledgeBase, dataset: list[Incident]) -> None:
    assert export(knowledge, dataset) == export(knowledge, list(dataset))


def test_the_bundle_holds_every_incident_with_its_actors_and_states(
    knowledge: KnowledgeBase, dataset: list[Incident]
) -> None:
    objects = orjson.loads(export(knowledge, dataset))["objects"]
    kinds = Counter(obj["type"] for obj in objects)
    assert kinds["incident"] == len(dataset)
    assert kinds["intrusion-set"] == len(actors_of(knowledge, dataset))
    states = {item.state for incident in dataset for item in incident.attributions if item.state}
    assert kinds["identity"] == len(states) + 1  # and the identity defining our extension
    assert kinds["extension-definition"] == 1
    wannacry = next(obj for obj in objects if obj.get("name", "").startswith("WannaCry"))
    assert wannacry["created"] == "2025-11-25T09:30:00.000Z"
    assert wannacry["modified"] == "2026-01-12T16:05:07.250Z"
    assert wannacry["object_marking_refs"] == [TLP2_MARKING_IDS[Tlp.CLEAR]]


def test_a_red_incident_never_leaves_below_red(
    knowledge: KnowledgeBase, dataset: list[Incident]
) -> None:
    secret = dataset[0].evolve(tlp=Tlp.RED, title="Secret briefing on the grid outage")
    others = dataset[1:4]
    for max_tlp in (Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT):
        data = export(knowledge, [secret, *others], max_tlp=max_tlp)
        assert b"Secret briefing" not in data
        assert secret.id.encode() not in data
        assert TLP2_MARKING_IDS[Tlp.RED].encode() not in data
        assert len([o for o in orjson.loads(data)["objects"] if o["type"] == "incident"]) == 3
    assert b"Secret briefing" in export(knowledge, [secret, *others], max_tlp=Tlp.RED)


def test_kept_objects_leave_unchanged_and_only_up_to_the_clearance(
    knowledge: KnowledgeBase,
) -> None:
    green = sdo("campaign", "g", name="Green campaign", x_detail={"nested": [1, 2.5, None]})
    red = sdo("campaign", "r", name="Red campaign")
    kept = [
        KeptObject(green["id"], "campaign", "", Tlp.GREEN, orjson.dumps(green)),
        KeptObject(red["id"], "campaign", "", Tlp.RED, orjson.dumps(red)),
    ]
    buffer = io.BytesIO()
    report = write_bundle(buffer, [], [], max_tlp=Tlp.AMBER, id_namespace=NAMESPACE, kept=kept)
    objects = orjson.loads(buffer.getvalue())["objects"]
    assert green in objects
    assert all(obj["id"] != red["id"] for obj in objects)
    assert (report.kept, report.withheld) == (1, 1)


def test_an_incident_naming_an_actor_that_was_not_given_is_a_programming_error(
    knowledge: KnowledgeBase, dataset: list[Incident]
) -> None:
    with_actor = next(incident for incident in dataset if incident.actor_ids)
    with pytest.raises(ValueError, match="names actors that were not given"):
        export_bundle([with_actor], [], max_tlp=Tlp.RED, id_namespace=NAMESPACE)


def test_the_exported_dataset_reads_back_to_the_same_incidents(
    knowledge: KnowledgeBase, dataset: list[Incident]
) -> None:
    plan, kept = read_plan(export(knowledge, dataset), knowledge, knowledge.actors)
    assert plan.errors == ()
    assert kept == []
    assert [planned.incident for planned in plan.incidents] == dataset
    assert all(planned.known for planned in plan.actors)
    assert plan.objects == plan.merged + len(plan.incidents) + len(plan.actors)
