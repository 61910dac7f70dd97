"""Our STIX property extension: what the ``incident``, ``intrusion-set``, ``identity`` and
``relationship`` objects we write carry beyond STIX's own properties, both ways.

The incident payload is the incident document users write (``incident_document``) without
``title``, ``summary`` and ``tlp``, which travel in STIX's ``name``, ``description`` and
``object_marking_refs``; actors are given by id. Unlike a user's document, ``start`` and
``types`` may be absent: an incident first received from a partner may know neither.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

from cdtoolbox.formats.stix.vocabulary import EXTENSION_ID
from cdtoolbox.ingest.fields import (
    country_reader,
    read_incident_slug,
    read_incident_status,
    read_incident_type,
    read_partial_date,
    read_slug,
    read_text,
    read_url,
    read_uuid,
    read_whole_number,
)
from cdtoolbox.ingest.incident_document import INCIDENT_FIELDS
from cdtoolbox.ingest.incident_parts import IncidentPartsReader
from cdtoolbox.ingest.incident_writer import incident_to_document
from cdtoolbox.ingest.record import MappingReader, RecordErrors
from cdtoolbox.ingest.references import ReferenceResolver
from cdtoolbox.model import Incident, IncidentStatus, ThreatActor, Tlp
from cdtoolbox.model.statement import IssuerKind, Statement

__all__ = [
    "ACTOR_PAYLOAD_FIELDS",
    "INCIDENT_PAYLOAD_FIELDS",
    "PROPERTY_EXTENSION",
    "PayloadReader",
    "actor_payload",
    "attribution_payload",
    "incident_payload",
    "is_statement_payload",
    "issuer_payload",
    "payload_of",
    "state_payload",
    "statement_payload",
]

PROPERTY_EXTENSION: Final = "property-extension"

_CARRIED_BY_STIX = {"title": "name", "summary": "description", "tlp": "object_marking_refs"}
INCIDENT_PAYLOAD_FIELDS: Final = (
    "extension_type",
    *(name for name in INCIDENT_FIELDS if name not in _CARRIED_BY_STIX),
)
ACTOR_PAYLOAD_FIELDS: Final = (
    "extension_type",
    "id",
    "slug",
    "sponsor",
    "country",
    "references",
    "suspected_victims",
    "target_categories",
    "incident_types",
    "mitre_ids",
    "origin",
)


def payload_of(obj: Mapping[str, Any]) -> Mapping[Any, Any] | None:
    """Our extension's properties in ``obj``, or None when it carries none."""
    extensions = obj.get("extensions")
    if not isinstance(extensions, Mapping):
        return None
    payload = extensions.get(EXTENSION_ID)
    return payload if isinstance(payload, Mapping) else None


def incident_payload(incident: Incident) -> dict[str, Any]:
    document = incident_to_document(incident, {})
    for name in _CARRIED_BY_STIX:
        document.pop(name, None)
    impact = document.get("impact")
    if impact:
        # A whole amount beyond 64 bits stays a number JSON writers everywhere accept.
        document["impact"] = {
            key: float(value) if isinstance(value, int) and abs(value) >= 2**63 else value
            for key, value in impact.items()
        }
    return {"extension_type": PROPERTY_EXTENSION, **document}


def actor_payload(actor: ThreatActor) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "extension_type": PROPERTY_EXTENSION,
        "id": actor.id,
        "slug": actor.slug,
        "sponsor": actor.sponsor,
        "country": actor.country,
        "references": list(actor.references),
        "suspected_victims": list(actor.suspected_victims),
        "target_categories": list(actor.target_categories),
        "incident_types": list(actor.incident_types),
        "mitre_ids": list(actor.mitre_ids),
        "origin": actor.origin,
    }
    return {key: value for key, value in payload.items() if value not in (None, [])}


def statement_payload(statement: Statement) -> dict[str, Any]:
    """What a statement's report carries beyond the STIX report: the archive's id of the
    statement, the digest of its text, its instrument and its issuer's kind."""
    return {
        "extension_type": PROPERTY_EXTENSION,
        "statement": statement.id,
        "sha256": statement.sha256,
        "instrument": statement.instrument,
        "issuer_kind": statement.issuer_kind.value,
    }


def issuer_payload(kind: IssuerKind) -> dict[str, Any]:
    """What the identity of a statement's (non-national) issuer carries: the issuer's kind."""
    return {"extension_type": PROPERTY_EXTENSION, "issuer_kind": kind.value}


def is_statement_payload(payload: Mapping[Any, Any]) -> bool:
    """Whether a payload is that of a statement's report or of its issuer's identity."""
    return "issuer_kind" in payload


def state_payload(country: str) -> dict[str, Any]:
    """Marks an identity as the state of ``country`` (ISO 3166-1 alpha-2)."""
    return {"extension_type": PROPERTY_EXTENSION, "state": country}


def attribution_payload(position: int) -> dict[str, Any]:
    """Marks a relationship as the STIX view of the incident's attribution at ``position``;
    the incident's own payload stays the authority on it."""
    return {"extension_type": PROPERTY_EXTENSION, "attribution": position}


class PayloadReader:
    """Reads our extension's properties, recording each error at its JSON path."""

    def __init__(self, resolver: ReferenceResolver, errors: RecordErrors, path: str) -> None:
        self._errors = errors
        self._path = f"{path}.extensions.{EXTENSION_ID}"
        self._country = country_reader(resolver)
        self._parts = IncidentPartsReader(resolver, state_country_from_name=False)

    def incident(
        self,
        payload: Mapping[Any, Any],
        *,
        title: str,
        summary: str,
        tlp: Tlp,
        created: datetime,
        modified: datetime,
    ) -> Incident | None:
        """The incident the payload describes, with what STIX itself carries filled in."""
        doc = MappingReader(payload, self._errors, INCIDENT_PAYLOAD_FIELDS, self._path)
        self._check_extension_type(doc)
        incident_id = doc.value("id", read_uuid, required=True)
        slug = doc.value("slug", read_incident_slug, required=True)
        start = doc.value("start", read_partial_date)
        end = doc.value("end", read_partial_date)
        disclosed = doc.value("disclosed", read_partial_date)
        types = doc.values("types", read_incident_type)
        parts = self._parts.read(doc)
        status = doc.value("status", read_incident_status)
        if incident_id is None or slug is None or not doc.clean:
            return None
        return Incident(
            id=incident_id,
            slug=slug,
            title=title,
            summary=summary,
            start=start,
            end=end,
            disclosed=disclosed,
            types=types,
            tlp=tlp,
            status=status or IncidentStatus.CONFIRMED,
            created_at=created,
            updated_at=modified,
            **parts,
        )

    def actor(
        self, payload: Mapping[Any, Any], *, name: str, aliases: tuple[str, ...], description: str
    ) -> ThreatActor | None:
        doc = MappingReader(payload, self._errors, ACTOR_PAYLOAD_FIELDS, self._path)
        self._check_extension_type(doc)
        actor_id = doc.value("id", read_text, required=True)
        slug = doc.value("slug", read_slug, required=True)
        sponsor = doc.value("sponsor", self._country)
        country = doc.value("country", self._country)
        references = doc.values("references", read_url)
        suspected_victims = doc.values("suspected_victims", self._country)
        target_categories = doc.values("target_categories", read_text)
        incident_types = doc.values("incident_types", read_text)
        mitre_ids = doc.values("mitre_ids", read_text)
        origin = doc.value("origin", read_text)
        if actor_id is None or slug is None or not doc.clean:
            return None
        return ThreatActor(
            id=actor_id,
            slug=slug,
            name=name,
            aliases=aliases,
            sponsor=sponsor,
            country=country,
            description=description,
            references=references,
            suspected_victims=suspected_victims,
            target_categories=target_categories,
            incident_types=incident_types,
            mitre_ids=mitre_ids,
            origin=origin or "stix",
        )

    def state(self, payload: Mapping[Any, Any]) -> str | None:
        doc = MappingReader(payload, self._errors, ("extension_type", "state"), self._path)
        self._check_extension_type(doc)
        return doc.value("state", self._country, required=True)

    def attribution_position(self, payload: Mapping[Any, Any]) -> int | None:
        doc = MappingReader(payload, self._errors, ("extension_type", "attribution"), self._path)
        self._check_extension_type(doc)
        return doc.value("attribution", read_whole_number, required=True)

    def _check_extension_type(self, doc: MappingReader) -> None:
        kind = doc.value("extension_type", read_text, required=True)
        if kind is not None and kind != PROPERTY_EXTENSION:
            doc.reject("extension_type", kind, f"must be `{PROPERTY_EXTENSION}`")
