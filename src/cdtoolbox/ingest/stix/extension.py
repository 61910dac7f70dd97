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

from cdtoolbox.ingest.fields import (
    actor_reader,
    choice_reader,
    country_reader,
    read_amount,
    read_boolean,
    read_full_date,
    read_partial_date,
    read_slug,
    read_text,
    read_url,
    read_uuid,
    read_whole_number,
    sector_reader,
)
from cdtoolbox.ingest.incident_document import (
    ATTRIBUTION_FIELDS,
    IMPACT_FIELDS,
    ORGANISATION_FIELDS,
    PARTY_FIELDS,
    SOURCE_FIELDS,
    VICTIM_FIELDS,
)
from cdtoolbox.ingest.incident_writer import incident_to_document
from cdtoolbox.ingest.record import MappingReader, RecordErrors
from cdtoolbox.ingest.references import ReferenceResolver
from cdtoolbox.ingest.stix.vocabulary import EXTENSION_ID
from cdtoolbox.model import (
    AttributingParty,
    Attribution,
    AttributionBasis,
    Confidence,
    Impact,
    Incident,
    IncidentStatus,
    IncidentType,
    InformationCredibility,
    Likelihood,
    Organisation,
    PartyKind,
    Source,
    SourceReliability,
    ThreatActor,
    Tlp,
)

__all__ = [
    "ACTOR_PAYLOAD_FIELDS",
    "INCIDENT_PAYLOAD_FIELDS",
    "PROPERTY_EXTENSION",
    "PayloadReader",
    "actor_payload",
    "attribution_payload",
    "incident_payload",
    "payload_of",
    "state_payload",
]

PROPERTY_EXTENSION: Final = "property-extension"

INCIDENT_PAYLOAD_FIELDS: Final = (
    "extension_type",
    "id",
    "slug",
    "start",
    "end",
    "disclosed",
    "types",
    "campaign",
    "victims",
    "actors",
    "attributions",
    "impact",
    "sources",
    "status",
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
_CARRIED_BY_STIX = {"title": "name", "summary": "description", "tlp": "object_marking_refs"}

_read_type = choice_reader(IncidentType)
_read_status = choice_reader(IncidentStatus)
_read_party_kind = choice_reader(PartyKind)
_read_likelihood = choice_reader(Likelihood)
_read_confidence = choice_reader(Confidence)
_read_basis = choice_reader(AttributionBasis)
_read_reliability = choice_reader(SourceReliability)
_read_credibility = choice_reader(InformationCredibility)


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
        self._resolver = resolver
        self._country = country_reader(resolver)
        self._sector = sector_reader(resolver)
        self._actor = actor_reader(resolver)

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
        slug = doc.value("slug", read_slug, required=True)
        start = doc.value("start", read_partial_date)
        end = doc.value("end", read_partial_date)
        disclosed = doc.value("disclosed", read_partial_date)
        types = doc.values("types", _read_type)
        campaign = doc.value("campaign", read_boolean)
        countries, sectors, organisations = self._victims(doc.mapping("victims", VICTIM_FIELDS))
        actor_ids = doc.values("actors", self._actor)
        attributions = tuple(
            attribution
            for reader in doc.mappings("attributions", ATTRIBUTION_FIELDS)
            if (attribution := self._attribution(reader)) is not None
        )
        impact = self._impact(doc.mapping("impact", IMPACT_FIELDS))
        sources = tuple(
            source
            for reader in doc.mappings("sources", SOURCE_FIELDS)
            if (source := self._source(reader)) is not None
        )
        status = doc.value("status", _read_status)
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
            is_campaign=bool(campaign),
            victim_countries=countries,
            victim_sectors=sectors,
            victim_organisations=organisations,
            actor_ids=actor_ids,
            attributions=attributions,
            impact=impact,
            sources=sources,
            tlp=tlp,
            status=status or IncidentStatus.CONFIRMED,
            created_at=created,
            updated_at=modified,
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

    def _victims(
        self, victims: MappingReader | None
    ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[Organisation, ...]]:
        if victims is None:
            return (), (), ()
        countries = victims.values("countries", self._country)
        sectors = victims.values("sectors", self._sector)
        organisations = tuple(
            organisation
            for reader in victims.mappings("organisations", ORGANISATION_FIELDS)
            if (organisation := self._organisation(reader)) is not None
        )
        return countries, sectors, organisations

    def _organisation(self, reader: MappingReader) -> Organisation | None:
        name = reader.value("name", read_text, required=True)
        country = reader.value("country", self._country)
        sector = reader.value("sector", self._sector)
        if name is None or not reader.clean:
            return None
        return Organisation(name, country, sector)

    def _attribution(self, reader: MappingReader) -> Attribution | None:
        party = self._party(reader.mapping("by", PARTY_FIELDS), reader)
        actor_id = reader.value("actor", self._actor)
        state = reader.value("state", self._country)
        when = reader.value("date", read_partial_date)
        likelihood = reader.value("likelihood", _read_likelihood)
        confidence = reader.value("confidence", _read_confidence)
        basis = reader.values("basis", _read_basis)
        public = reader.value("public", read_boolean)
        wording = reader.value("wording", read_text)
        perpetrators = reader.values("perpetrators", read_text)
        source_reader = reader.mapping("source", SOURCE_FIELDS)
        source = self._source(source_reader) if source_reader is not None else None
        if party is None or not reader.clean:
            return None
        return Attribution(
            party=party,
            actor_id=actor_id,
            state=state,
            date=when,
            likelihood=likelihood,
            confidence=confidence,
            basis=basis,
            public=public is not False,
            wording=wording,
            perpetrators=perpetrators,
            source=source,
        )

    def _party(
        self, reader: MappingReader | None, attribution: MappingReader
    ) -> AttributingParty | None:
        if reader is None:
            if not attribution.has("by"):
                attribution.reject("by", None, "is required")
            return None
        kind = reader.value("kind", _read_party_kind, required=True)
        name = reader.value("name", read_text, required=True)
        country = reader.value("country", self._country)
        if kind is None or name is None or not reader.clean:
            return None
        return AttributingParty(kind, name, country)

    def _impact(self, reader: MappingReader | None) -> Impact:
        if reader is None:
            return Impact()
        return Impact(
            records_exposed=reader.value("records_exposed", read_whole_number),
            people_affected=reader.value("people_affected", read_whole_number),
            systems_affected=reader.value("systems_affected", read_whole_number),
            financial_loss_usd=reader.value("financial_loss_usd", read_amount),
            outage_hours=reader.value("outage_hours", read_amount),
            physical_damage=reader.value("physical_damage", read_boolean),
            physical_effects=reader.value("physical_effects", read_text),
            notes=reader.value("notes", read_text),
        )

    def _source(self, reader: MappingReader) -> Source | None:
        title = reader.value("title", read_text, required=True)
        url = reader.value("url", read_url)
        publisher = reader.value("publisher", read_text)
        published = reader.value("published", read_full_date)
        reliability = reader.value("reliability", _read_reliability)
        credibility = reader.value("credibility", _read_credibility)
        if title is None or not reader.clean:
            return None
        return Source(title, url, publisher, published, reliability, credibility)
