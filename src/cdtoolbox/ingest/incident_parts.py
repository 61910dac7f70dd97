"""Reading the parts of an incident record that every format holding one writes alike.

Victims, actors, attributions (with their attributing party and source), impact and sources
have one shape in the incident document users write and in our STIX extension's incident
payload; both read them here, so the two cannot drift apart. What differs between the two
formats stays with each caller and is named where the reader is made.
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from typing import TypedDict

from cdtoolbox.ingest.fields import (
    actor_reader,
    choice_reader,
    country_reader,
    read_amount,
    read_boolean,
    read_full_date,
    read_partial_date,
    read_text,
    read_url,
    read_whole_number,
    sector_reader,
)
from cdtoolbox.ingest.record import MappingReader
from cdtoolbox.ingest.references import ReferenceResolver
from cdtoolbox.model import (
    AttributingParty,
    Attribution,
    AttributionBasis,
    Confidence,
    Impact,
    InformationCredibility,
    Likelihood,
    Organisation,
    PartyKind,
    Source,
    SourceReliability,
)

__all__ = [
    "ATTRIBUTION_FIELDS",
    "IMPACT_FIELDS",
    "ORGANISATION_FIELDS",
    "PARTY_FIELDS",
    "SOURCE_FIELDS",
    "VICTIM_FIELDS",
    "IncidentParts",
    "IncidentPartsReader",
]

VICTIM_FIELDS = ("countries", "sectors", "organisations")
ORGANISATION_FIELDS = ("name", "country", "sector")
ATTRIBUTION_FIELDS = (
    "by",
    "actor",
    "state",
    "date",
    "likelihood",
    "confidence",
    "basis",
    "public",
    "wording",
    "perpetrators",
    "source",
)
PARTY_FIELDS = ("kind", "name", "country")
SOURCE_FIELDS = ("title", "url", "publisher", "published", "reliability", "credibility")
IMPACT_FIELDS = tuple(field.name for field in dataclass_fields(Impact))

_read_party_kind = choice_reader(PartyKind)
_read_likelihood = choice_reader(Likelihood)
_read_confidence = choice_reader(Confidence)
_read_basis = choice_reader(AttributionBasis)
_read_reliability = choice_reader(SourceReliability)
_read_credibility = choice_reader(InformationCredibility)


class IncidentParts(TypedDict):
    """The :class:`~cdtoolbox.model.Incident` fields the shared parts give, as keywords."""

    is_campaign: bool
    victim_countries: tuple[str, ...]
    victim_sectors: tuple[str, ...]
    victim_organisations: tuple[Organisation, ...]
    actor_ids: tuple[str, ...]
    attributions: tuple[Attribution, ...]
    impact: Impact
    sources: tuple[Source, ...]


class IncidentPartsReader:
    """Reads the shared parts of one incident record from the record's reader.

    A part that is wrong is left out (or None); its errors are recorded through the reader it
    came from, so the caller rejects the whole record.

    ``state_country_from_name``: a state party written without a country gets the country its
    name resolves to (``by: {kind: state, name: France}``). People writing documents rely on
    that; a STIX payload is our own exact serialisation of a stored incident, so reading it
    must give back the party as stored.
    """

    def __init__(self, resolver: ReferenceResolver, *, state_country_from_name: bool) -> None:
        self._resolver = resolver
        self._state_country_from_name = state_country_from_name
        self._country = country_reader(resolver)
        self._sector = sector_reader(resolver)
        self._actor = actor_reader(resolver)

    def read(self, record: MappingReader) -> IncidentParts:
        """``campaign``, ``victims``, ``actors``, ``attributions``, ``impact`` and ``sources``
        of ``record``, read in that order (the order their errors are listed in)."""
        campaign = record.value("campaign", read_boolean)
        countries, sectors, organisations = self._victims(record)
        return IncidentParts(
            is_campaign=bool(campaign),
            victim_countries=countries,
            victim_sectors=sectors,
            victim_organisations=organisations,
            actor_ids=record.values("actors", self._actor),
            attributions=self._attributions(record),
            impact=self._impact(record),
            sources=self._sources(record),
        )

    def _victims(
        self, record: MappingReader
    ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[Organisation, ...]]:
        victims = record.mapping("victims", VICTIM_FIELDS)
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

    def _attributions(self, record: MappingReader) -> tuple[Attribution, ...]:
        return tuple(
            attribution
            for reader in record.mappings("attributions", ATTRIBUTION_FIELDS)
            if (attribution := self._attribution(reader)) is not None
        )

    def _impact(self, record: MappingReader) -> Impact:
        reader = record.mapping("impact", IMPACT_FIELDS)
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

    def _sources(self, record: MappingReader) -> tuple[Source, ...]:
        return tuple(
            source
            for reader in record.mappings("sources", SOURCE_FIELDS)
            if (source := self._source(reader)) is not None
        )

    def _organisation(self, reader: MappingReader) -> Organisation | None:
        name = reader.value("name", read_text, required=True)
        country = reader.value("country", self._country)
        sector = reader.value("sector", self._sector)
        if name is None or not reader.clean:
            return None
        return Organisation(name, country, sector)

    def _attribution(self, reader: MappingReader) -> Attribution | None:
        party = self._party(reader)
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

    def _party(self, attribution: MappingReader) -> AttributingParty | None:
        if not attribution.has("by"):
            attribution.reject("by", None, "is required")
            return None
        reader = attribution.mapping("by", PARTY_FIELDS)
        if reader is None:
            return None
        kind = reader.value("kind", _read_party_kind, required=True)
        name = reader.value("name", read_text, required=True)
        country = reader.value("country", self._country)
        if kind is None or name is None or not reader.clean:
            return None
        if country is None and kind is PartyKind.STATE and self._state_country_from_name:
            country = self._resolver.country_code(name)
        return AttributingParty(kind, name, country)

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
