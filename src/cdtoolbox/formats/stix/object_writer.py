"""One STIX 2.1 object per domain fact, as plain dicts ready for JSON.

Ids come from ``formats.stix.identifiers.stix_id`` (name-based, per producer namespace);
timestamps from the incident's own ``created_at`` / ``updated_at``, so exporting the same
incidents twice gives the same bytes.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final
from urllib.parse import urlsplit

from cdtoolbox.formats.stix.extension import (
    actor_payload,
    attribution_payload,
    incident_payload,
    state_payload,
)
from cdtoolbox.formats.stix.identifiers import stix_id
from cdtoolbox.formats.stix.timestamps import format_timestamp
from cdtoolbox.formats.stix.vocabulary import (
    EXTENSION_CREATED,
    EXTENSION_CREATOR_ID,
    EXTENSION_ID,
    EXTENSION_MODIFIED,
    EXTENSION_VERSION,
    SPEC_VERSION,
    TLP2_CREATED,
    TLP2_EXTENSION_ID,
    TLP2_MARKING_IDS,
    stix_confidence,
)
from cdtoolbox.model import Attribution, Incident, Source, ThreatActor, Tlp

__all__ = [
    "STIX_TYPES",
    "actor_object",
    "attribution_objects",
    "extension_objects",
    "incident_object",
    "marking_object",
    "state_object",
]

Json = dict[str, Any]

# The STIX type each kind of domain object becomes; ids are derived per type.
STIX_TYPES: Final = {"incident": "incident", "actor": "intrusion-set", "state": "identity"}

_EXTENSION_DESCRIPTION = (
    "Properties cdtoolbox adds to STIX 2.1 objects for cyber-diplomacy work: on `incident`, "
    "the incident record (types, period, victims, impact, graded sources, every attribution); "
    "on `intrusion-set`, the threat actor's catalogue entry; on `identity`, the state it "
    "stands for (or the kind of a statement's issuer); on `relationship`, which attribution "
    "of the incident it shows; on `report`, the official statement it carries (its archive "
    "id, the SHA-256 of its text, its instrument and its issuer's kind)."
)
_EXTENSION_SCHEMA = (
    "Plain-text definition: section 'The cdtoolbox extension' of docs/stix-mapping.md in the "
    "cdtoolbox source distribution. Every property is optional unless that section says "
    "otherwise; extension_type is always property-extension."
)


def _stamp(moment: datetime) -> str:
    return format_timestamp(moment)


def _times(created: datetime, modified: datetime) -> Json:
    return {"created": _stamp(created), "modified": _stamp(max(created, modified))}


def incident_times(incident: Incident, fallback: datetime) -> tuple[datetime, datetime]:
    """When the incident was recorded and last changed; ``fallback`` for one never stored."""
    created = incident.created_at or incident.updated_at or fallback
    return created, incident.updated_at or created


def incident_object(
    incident: Incident, namespace: uuid.UUID, created: datetime, modified: datetime
) -> Json:
    obj: Json = {
        "type": "incident",
        "spec_version": SPEC_VERSION,
        "id": stix_id(namespace, "incident", incident.id),
        **_times(created, modified),
        "name": incident.title,
    }
    if incident.summary:
        obj["description"] = incident.summary
    references = [_reference(source) for source in incident.sources]
    if references:
        obj["external_references"] = references
    obj["object_marking_refs"] = [TLP2_MARKING_IDS[incident.tlp]]
    obj["extensions"] = {EXTENSION_ID: incident_payload(incident)}
    return obj


def attribution_objects(
    incident: Incident,
    position: int,
    attribution: Attribution,
    namespace: uuid.UUID,
    created: datetime,
    modified: datetime,
) -> list[Json]:
    """The ``attributed-to`` relationships showing one attribution: to the actor it names,
    and to the state it names. An attribution naming neither has no STIX target; it lives in
    the incident's extension alone."""
    targets = []
    if attribution.actor_id:
        targets.append(("actor", stix_id(namespace, "intrusion-set", attribution.actor_id)))
    if attribution.state:
        targets.append(("state", stix_id(namespace, "identity", f"state:{attribution.state}")))
    objects = []
    for role, target in targets:
        obj: Json = {
            "type": "relationship",
            "spec_version": SPEC_VERSION,
            "id": stix_id(
                namespace, "relationship", f"attribution:{incident.id}:{position}:{role}"
            ),
            **_times(created, modified),
            "relationship_type": "attributed-to",
            "source_ref": stix_id(namespace, "incident", incident.id),
            "target_ref": target,
        }
        if attribution.wording:
            obj["description"] = attribution.wording
        confidence = stix_confidence(attribution.likelihood, attribution.confidence)
        if confidence is not None:
            obj["confidence"] = confidence
        if attribution.source is not None:
            obj["external_references"] = [_reference(attribution.source)]
        obj["object_marking_refs"] = [TLP2_MARKING_IDS[incident.tlp]]
        obj["extensions"] = {EXTENSION_ID: attribution_payload(position)}
        objects.append(obj)
    return objects


def actor_object(
    actor: ThreatActor, namespace: uuid.UUID, moment: datetime, tlp: Tlp | None = None
) -> Json:
    """An actor as an intrusion set, marked ``tlp`` (by default the actor's own marking)."""
    obj: Json = {
        "type": "intrusion-set",
        "spec_version": SPEC_VERSION,
        "id": stix_id(namespace, "intrusion-set", actor.id),
        **_times(moment, moment),
        "name": actor.name,
    }
    aliases = [alias for alias in actor.aliases if alias != actor.name]
    if aliases:
        obj["aliases"] = aliases
    if actor.description:
        obj["description"] = actor.description
    references = [
        {
            "source_name": "mitre-attack",
            "external_id": group,
            "url": f"https://attack.mitre.org/groups/{group}/",
        }
        for group in actor.mitre_ids
    ]
    references += [{"source_name": _host(url), "url": url} for url in actor.references]
    if references:
        obj["external_references"] = references
    obj["object_marking_refs"] = [TLP2_MARKING_IDS[tlp or actor.tlp]]
    obj["extensions"] = {EXTENSION_ID: actor_payload(actor)}
    return obj


def state_object(
    country: str,
    names: Mapping[str, str],
    namespace: uuid.UUID,
    moment: datetime,
    tlp: Tlp = Tlp.CLEAR,
) -> Json:
    """A state as STIX sees those who act: an identity, of the national government sector,
    marked ``tlp``."""
    return {
        "type": "identity",
        "spec_version": SPEC_VERSION,
        "id": stix_id(namespace, "identity", f"state:{country}"),
        **_times(moment, moment),
        "name": names.get(country, country),
        "identity_class": "organization",
        "sectors": ["government-national"],
        "object_marking_refs": [TLP2_MARKING_IDS[tlp]],
        "extensions": {EXTENSION_ID: state_payload(country)},
    }


def marking_object(tlp: Tlp) -> Json:
    """The OASIS TLP 2.0 marking definition, exactly as published."""
    return {
        "type": "marking-definition",
        "spec_version": SPEC_VERSION,
        "id": TLP2_MARKING_IDS[tlp],
        "created": TLP2_CREATED,
        "name": tlp.label,
        "extensions": {
            TLP2_EXTENSION_ID: {"extension_type": "property-extension", "tlp_2_0": tlp.value}
        },
    }


def extension_objects() -> list[Json]:
    """Our extension definition and the identity that defines it (the same everywhere)."""
    creator: Json = {
        "type": "identity",
        "spec_version": SPEC_VERSION,
        "id": EXTENSION_CREATOR_ID,
        "created": EXTENSION_CREATED,
        "modified": EXTENSION_CREATED,
        "name": "cdtoolbox project",
        "description": "Maintainers of cdtoolbox, the EU Cyber Diplomacy Toolbox software.",
        "identity_class": "organization",
        "object_marking_refs": [TLP2_MARKING_IDS[Tlp.CLEAR]],
    }
    definition: Json = {
        "type": "extension-definition",
        "spec_version": SPEC_VERSION,
        "id": EXTENSION_ID,
        "created_by_ref": EXTENSION_CREATOR_ID,
        "created": EXTENSION_CREATED,
        "modified": EXTENSION_MODIFIED,
        "name": "cdtoolbox cyber-diplomacy properties",
        "description": _EXTENSION_DESCRIPTION,
        "schema": _EXTENSION_SCHEMA,
        "version": EXTENSION_VERSION,
        "extension_types": ["property-extension"],
        "object_marking_refs": [TLP2_MARKING_IDS[Tlp.CLEAR]],
    }
    return [creator, definition]


def _reference(source: Source) -> Json:
    reference: Json = {"source_name": source.publisher or source.title}
    reference["description"] = source.title
    if source.url:
        reference["url"] = source.url
    return reference


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or "reference"
    except ValueError:
        return "reference"
