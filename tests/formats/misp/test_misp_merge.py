"""A newer version of an event replaces what it states and keeps what it does not know."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from cdtoolbox.formats.misp import apply_newer_event
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import (
    AttributingParty,
    Attribution,
    Impact,
    Incident,
    IncidentType,
    PartialDate,
    PartyKind,
    Tlp,
)
from misp_support import CLOUD_HOPPER_UUID, cloud_hopper, event_document, read_events

UK = AttributingParty(PartyKind.STATE, "United Kingdom", "GB")
CERT_EU = AttributingParty(PartyKind.COMPANY, "CERT-EU")
HELD = Incident(
    id=CLOUD_HOPPER_UUID,
    slug="operation-cloud-hopper-2017",
    title="Cloud Hopper",
    summary="Held summary.",
    start=PartialDate.parse("2017-04"),
    types=(IncidentType.ESPIONAGE,),
    attributions=(
        Attribution(UK, state="CN", wording="the Chinese Ministry of State Security"),
        Attribution(CERT_EU, actor_id="some-old-actor"),
    ),
    actor_ids=("some-old-actor", "linked-actor"),
    impact=Impact(notes="Companies on six continents."),
    tlp=Tlp.GREEN,
    created_at=datetime(2020, 1, 1, tzinfo=UTC),
    updated_at=datetime(2020, 1, 1, tzinfo=UTC),
    version=3,
)


def test_a_newer_event_replaces_its_own_facts_only(knowledge: KnowledgeBase) -> None:
    [event] = read_events(event_document(cloud_hopper()), knowledge, knowledge.actors).events
    merged = apply_newer_event(HELD, event)
    assert (merged.id, merged.slug, merged.version) == (HELD.id, HELD.slug, 3)
    assert merged.created_at == HELD.created_at
    assert merged.updated_at == event.timestamp
    assert merged.title == "Operation Cloud Hopper"
    assert merged.summary == "MSP compromise for espionage against their clients."
    assert merged.types == (IncidentType.DATA_BREACH,)
    assert merged.tlp is Tlp.AMBER_STRICT
    assert merged.impact == HELD.impact  # MISP says nothing of impact
    # 2017-04-03 lies within the month we hold: the more precise-looking date is not news.
    assert merged.start == HELD.start
    # The UK's attribution stays; CERT-EU's earlier view is replaced by its newer event.
    assert merged.attributions[0] == HELD.attributions[0]
    assert [a.party for a in merged.attributions] == [UK, CERT_EU]
    assert merged.attributions[1].actor_id == event.incident.actor_ids[0]
    assert "some-old-actor" not in merged.actor_ids
    assert "linked-actor" in merged.actor_ids  # linked without an attribution: kept
    assert set(HELD.sources) <= set(merged.sources)


def test_facts_an_event_is_silent_on_stay(knowledge: KnowledgeBase) -> None:
    document = event_document(cloud_hopper())
    document["Tag"] = [
        tag for tag in document["Tag"] if not tag["name"].startswith(("tlp", "circl"))
    ]
    del document["EventReport"]
    document["date"] = "2016-12-01"
    [event] = read_events(document, knowledge, knowledge.actors).events
    merged = apply_newer_event(replace(HELD, attributions=()), event)
    assert merged.tlp is Tlp.GREEN
    assert merged.types == HELD.types
    assert merged.summary == HELD.summary
    assert str(merged.start) == "2016-12-01"  # outside the held month: the event's date
