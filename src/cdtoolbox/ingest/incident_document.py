"""The incident document (YAML or JSON) that users write and the bundled dataset is written in.

Reading checks one document against the format and collects *every* error of the record,
each naming its field path (``victims.countries[2]``); writing produces the same format back
(actors by name, victims grouped), so ``read(write(incident)) == incident``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields as dataclass_fields
from pathlib import Path

from cdtoolbox.errors import ImportRejected, InvalidInput
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
    read_tlp,
    read_url,
    read_uuid,
    read_whole_number,
    sector_reader,
)
from cdtoolbox.ingest.incident_writer import incident_to_document
from cdtoolbox.ingest.record import MappingReader, RecordErrors
from cdtoolbox.ingest.references import ReferenceResolver
from cdtoolbox.ingest.structured_text import load_structured_text
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
    Tlp,
)

__all__ = [
    "ATTRIBUTION_FIELDS",
    "IMPACT_FIELDS",
    "INCIDENT_FIELDS",
    "ORGANISATION_FIELDS",
    "PARTY_FIELDS",
    "SOURCE_FIELDS",
    "VICTIM_FIELDS",
    "incident_to_document",
    "read_incident_document",
    "read_incident_file",
    "read_incident_text",
]

INCIDENT_FIELDS = (
    "id",
    "slug",
    "title",
    "summary",
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
    "tlp",
    "status",
)
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

_read_type = choice_reader(IncidentType)
_read_status = choice_reader(IncidentStatus)
_read_party_kind = choice_reader(PartyKind)
_read_likelihood = choice_reader(Likelihood)
_read_confidence = choice_reader(Confidence)
_read_basis = choice_reader(AttributionBasis)
_read_reliability = choice_reader(SourceReliability)
_read_credibility = choice_reader(InformationCredibility)


class _DocumentReader:
    """Reads the sections of one incident document into domain objects.

    Each method returns None (or leaves a part out) when its section is wrong; the errors are
    in ``errors`` and the caller rejects the whole record.
    """

    def __init__(self, resolver: ReferenceResolver, errors: RecordErrors) -> None:
        self._errors = errors
        self._resolver = resolver
        self._country = country_reader(resolver)
        self._sector = sector_reader(resolver)
        self._actor = actor_reader(resolver)

    def incident(self, data: object) -> Incident | None:
        doc = MappingReader.open(data, self._errors, INCIDENT_FIELDS)
        if doc is None:
            return None
        incident_id = doc.value("id", read_uuid)
        slug = doc.value("slug", read_slug)
        title = doc.value("title", read_text, required=True)
        summary = doc.value("summary", read_text)
        start = doc.value("start", read_partial_date, required=True)
        end = doc.value("end", read_partial_date)
        if start is not None and end is not None and end.latest < start.earliest:
            doc.reject("end", str(end), f"is before the start ({start})")
        disclosed = doc.value("disclosed", read_partial_date)
        types = doc.values("types", _read_type, required=True)
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
        tlp = doc.value("tlp", read_tlp)
        status = doc.value("status", _read_status)
        if title is None or not doc.clean:
            return None
        return Incident(
            id=incident_id or "",
            slug=slug or "",
            title=title,
            summary=summary or "",
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
            tlp=tlp or Tlp.CLEAR,
            status=status or IncidentStatus.CONFIRMED,
        )

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
        if country is None and kind is PartyKind.STATE:
            # "by: {kind: state, name: France}" needs no separate country
            country = self._resolver.country_code(name)
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


def read_incident_document(
    data: object, resolver: ReferenceResolver, *, location: str = ""
) -> Incident:
    """One incident from one parsed document (a mapping), checked field by field.

    ``id`` and ``slug`` are ``""`` when the document has none (the Toolbox assigns them);
    ``version`` is 0. Raises :class:`ImportRejected` carrying every error of the record,
    each an :class:`InvalidInput` placed at ``location``.
    """
    errors = RecordErrors("incident", location)
    incident = _DocumentReader(resolver, errors).incident(data)
    if incident is None or errors.found:
        raise ImportRejected(location or "incident document", errors.found)
    return incident


def read_incident_text(
    text: str, resolver: ReferenceResolver, *, name: str = "incidents.yaml"
) -> list[Incident]:
    """Every incident in YAML or JSON ``text``, all or nothing.

    ``name`` (a file name) picks the format by its suffix and places the errors. The text
    holds one incident, a list of incidents or a mapping ``{incidents: [...]}``.
    """
    records = _records(load_structured_text(text, name), name)
    errors: list[InvalidInput] = []
    read: list[tuple[str, Incident]] = []
    for location, record in records:
        try:
            read.append((location, read_incident_document(record, resolver, location=location)))
        except ImportRejected as rejected:
            errors.extend(rejected.errors)
    errors.extend(_repeated_handles(read))
    if errors:
        raise ImportRejected(name, errors)
    return [incident for _, incident in read]


def read_incident_file(path: Path, resolver: ReferenceResolver) -> list[Incident]:
    """Every incident in a ``.json``, ``.yaml`` or ``.yml`` file, all or nothing."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise _file_error(path.name, "is not UTF-8 text") from None
    except OSError as error:
        raise _file_error(path.name, f"cannot be read: {error.strerror or error}") from None
    return read_incident_text(text, resolver, name=path.name)


def _file_error(
    name: str, reason: str, field: str | None = None, value: object = None
) -> ImportRejected:
    shown = name if field is None else value
    return ImportRejected(name, [InvalidInput("file", field or name, shown, reason, name)])


def _records(data: object, name: str) -> list[tuple[str, object]]:
    """The records of a file with the location each error in them will carry."""
    if isinstance(data, list):
        return [(f"{name}: incidents[{index}]", item) for index, item in enumerate(data)]
    if isinstance(data, Mapping) and "incidents" in data:
        extra = [key for key in data if key != "incidents"]
        if extra:
            raise _file_error(
                name,
                "is not a known field of an incidents file (only `incidents` is)",
                field=str(extra[0]),
                value=extra[0],
            )
        incidents = data["incidents"]
        if not isinstance(incidents, list):
            raise _file_error(name, "must be a list", field="incidents", value=incidents)
        return _records(incidents, name)
    if isinstance(data, Mapping):
        return [(name, data)]
    if data is None:
        raise _file_error(name, "holds no incidents")
    raise _file_error(
        name, "must hold an incident, a list of incidents or a mapping with an `incidents` list"
    )


def _repeated_handles(read: list[tuple[str, Incident]]) -> list[InvalidInput]:
    """Two records of one file with the same id or slug would overwrite each other."""
    errors = []
    for handle in ("id", "slug"):
        first_seen: dict[str, str] = {}
        for location, incident in read:
            value = getattr(incident, handle)
            if not value:
                continue
            if value in first_seen:
                reason = f"is used twice in this file (first at {first_seen[value]})"
                errors.append(InvalidInput("incident", handle, value, reason, location))
            else:
                first_seen[value] = location
    return errors
