"""MISP events for tests, built with PyMISP itself (the reference producer) and read back."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from pymisp import MISPEvent, MISPOrganisation

from cdtoolbox.formats.misp import MispEventsImport, MispImportPlan
from cdtoolbox.ingest.references import ReferenceResolver
from cdtoolbox.model.ports import ActorFinder

NAMESPACE = uuid.UUID("1b6c0d2e-8f4a-4c3b-9e7d-5a2f1c0b9d8e")
CLOUD_HOPPER_UUID = "5c1f3e2a-9b7d-4e6f-8a1c-2d3b4e5f6a70"
APT10_ID = "56b37b05-72e7-4a89-ba8a-61ce45269a8c"  # the threat-actor galaxy's APT10
CERT_EU = "4a1f9c3e-2b7d-4e5a-9c8b-1d2e3f4a5b6c"
STAMP = datetime(2024, 3, 1, 10, 0, tzinfo=UTC)


def cloud_hopper(
    *,
    actor_tag: str = 'misp-galaxy:threat-actor="Stone Panda"',
    timestamp: datetime | None = STAMP,
    info: str = "Operation Cloud Hopper",
) -> MISPEvent:
    """A partner's event as PyMISP writes it: an actor tag by alias, TLP, estimative language,
    admiralty grades, a NIS2 sector, a victim country, a reference link and two observables."""
    # force_timestamps: PyMISP otherwise drops the timestamp of an event it built, for the
    # MISP server to set, while exports and feeds carry it.
    event = MISPEvent(force_timestamps=True)
    event.uuid = CLOUD_HOPPER_UUID
    event.info = info
    event.set_date("2017-04-03")
    if timestamp is not None:
        event.timestamp = timestamp
    organisation = MISPOrganisation()
    organisation.from_dict(name="CERT-EU", uuid=CERT_EU)
    event.Orgc = organisation
    for tag in (
        "tlp:amber+strict",
        actor_tag,
        'estimative-language:likelihood-probability="very-likely"',
        'estimative-language:confidence-in-analytic-judgment="moderate"',
        'admiralty-scale:source-reliability="b"',
        'admiralty-scale:information-credibility="2"',
        'nis2:impact-sectors-impacted="ict-services"',
        'misp-galaxy:country="united kingdom"',
        'circl:incident-classification="information-leak"',
        "type:OSINT",
    ):
        event.add_tag(tag)
    event.add_attribute(
        "link",
        "https://www.pwc.co.uk/cyber-security/pdf/cloud-hopper-report-final-v4.pdf",
        comment="Operation Cloud Hopper (PwC and BAE Systems)",
    )
    event.add_attribute("ip-dst", "198.51.100.7", comment="C2 server")
    event.add_attribute("sha256", "a" * 64)
    event.add_attribute("comment", "Seen by two partners")
    event.add_event_report("Summary", "MSP compromise for espionage against their clients.")
    return event


def event_document(event: MISPEvent) -> dict[str, Any]:
    """The event as MISPEvent.to_json() writes it (a bare event)."""
    document: dict[str, Any] = json.loads(event.to_json())
    return document


def read_events(
    document: object,
    resolver: ReferenceResolver,
    actors: ActorFinder,
    *,
    location: str = "events.json",
) -> MispImportPlan:
    reading = MispEventsImport(
        source=location, resolver=resolver, actors=actors, stix_namespace=NAMESPACE
    )
    reading.add_document(document, location)
    return reading.plan
