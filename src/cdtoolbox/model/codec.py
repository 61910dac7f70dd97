"""Domain objects ↔ plain JSON-ready dicts (the document form used by the store, ``--json``
output and incident files).

``*_to_dict`` omits nothing: unknown values are ``None`` so a reader sees they are unknown.
``*_from_dict`` reads documents this module wrote; checking what a *user* wrote, with errors that
name the field, is the ingest package's job.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from cdtoolbox.model.actor import ThreatActor
from cdtoolbox.model.attribution import AttributingParty, Attribution
from cdtoolbox.model.dates import PartialDate
from cdtoolbox.model.incident import MAX_IMPACT_FIGURE, Impact, Incident
from cdtoolbox.model.reference import Organisation
from cdtoolbox.model.sources import Source
from cdtoolbox.model.vocabulary import (
    AttributionBasis,
    Confidence,
    IncidentStatus,
    IncidentType,
    InformationCredibility,
    Likelihood,
    PartyKind,
    SourceReliability,
    Tlp,
)

__all__ = [
    "actor_from_dict",
    "actor_to_dict",
    "incident_from_dict",
    "incident_to_dict",
    "source_from_dict",
    "source_to_dict",
]

Document = dict[str, Any]


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _partial(value: PartialDate | None) -> str | None:
    return str(value) if value is not None else None


def _read_partial(value: str | None) -> PartialDate | None:
    return PartialDate.parse(value) if value else None


def _read_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _read_datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def source_to_dict(source: Source) -> Document:
    return {
        "title": source.title,
        "url": source.url,
        "publisher": source.publisher,
        "published": _iso(source.published),
        "reliability": source.reliability.value if source.reliability else None,
        "credibility": source.credibility.value if source.credibility else None,
    }


def source_from_dict(data: Document) -> Source:
    reliability = data.get("reliability")
    credibility = data.get("credibility")
    return Source(
        title=data["title"],
        url=data.get("url"),
        publisher=data.get("publisher"),
        published=_read_date(data.get("published")),
        reliability=SourceReliability(reliability) if reliability else None,
        credibility=InformationCredibility(credibility) if credibility else None,
    )


def _attribution_to_dict(attribution: Attribution) -> Document:
    party = attribution.party
    return {
        "party": {"kind": party.kind.value, "name": party.name, "country": party.country},
        "actor_id": attribution.actor_id,
        "state": attribution.state,
        "date": _partial(attribution.date),
        "likelihood": attribution.likelihood.value if attribution.likelihood else None,
        "confidence": attribution.confidence.value if attribution.confidence else None,
        "basis": [basis.value for basis in attribution.basis],
        "public": attribution.public,
        "wording": attribution.wording,
        "perpetrators": list(attribution.perpetrators),
        "source": source_to_dict(attribution.source) if attribution.source else None,
    }


def _attribution_from_dict(data: Document) -> Attribution:
    party = data["party"]
    likelihood = data.get("likelihood")
    confidence = data.get("confidence")
    return Attribution(
        party=AttributingParty(PartyKind(party["kind"]), party["name"], party.get("country")),
        actor_id=data.get("actor_id"),
        state=data.get("state"),
        date=_read_partial(data.get("date")),
        likelihood=Likelihood(likelihood) if likelihood else None,
        confidence=Confidence(confidence) if confidence else None,
        basis=tuple(AttributionBasis(value) for value in data.get("basis", ())),
        public=bool(data.get("public", True)),
        wording=data.get("wording"),
        perpetrators=tuple(data.get("perpetrators", ())),
        source=source_from_dict(data["source"]) if data.get("source") else None,
    )


def _impact_to_dict(impact: Impact) -> Document:
    return {name: getattr(impact, name) for name in Impact.__dataclass_fields__}


def _impact_from_dict(data: Document) -> Impact:
    """The stored impact, with any figure outside 0..MAX_IMPACT_FIGURE read as unknown.

    Only versions before the readers checked that bound could store such a figure (10**30
    records); kept, it would break every output that writes JSON integers, and no reading of
    it is better than "unknown".
    """
    figures = {name: None if _out_of_bounds(value) else value for name, value in data.items()}
    return Impact(**figures)


def _out_of_bounds(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return not 0 <= value <= MAX_IMPACT_FIGURE


def incident_to_dict(incident: Incident) -> Document:
    return {
        "id": incident.id,
        "slug": incident.slug,
        "title": incident.title,
        "summary": incident.summary,
        "start": _partial(incident.start),
        "end": _partial(incident.end),
        "disclosed": _partial(incident.disclosed),
        "types": [kind.value for kind in incident.types],
        "is_campaign": incident.is_campaign,
        "victim_countries": list(incident.victim_countries),
        "victim_sectors": list(incident.victim_sectors),
        "victim_organisations": [
            {"name": org.name, "country": org.country, "sector": org.sector}
            for org in incident.victim_organisations
        ],
        "actor_ids": list(incident.actor_ids),
        "attributions": [_attribution_to_dict(item) for item in incident.attributions],
        "impact": _impact_to_dict(incident.impact),
        "sources": [source_to_dict(source) for source in incident.sources],
        "tlp": incident.tlp.value,
        "status": incident.status.value,
        "created_at": _iso(incident.created_at),
        "updated_at": _iso(incident.updated_at),
        "version": incident.version,
    }


def incident_from_dict(data: Document) -> Incident:
    return Incident(
        id=data["id"],
        slug=data["slug"],
        title=data["title"],
        summary=data.get("summary", ""),
        start=_read_partial(data.get("start")),
        end=_read_partial(data.get("end")),
        disclosed=_read_partial(data.get("disclosed")),
        types=tuple(IncidentType(value) for value in data.get("types", ())),
        is_campaign=bool(data.get("is_campaign", False)),
        victim_countries=tuple(data.get("victim_countries", ())),
        victim_sectors=tuple(data.get("victim_sectors", ())),
        victim_organisations=tuple(
            Organisation(org["name"], org.get("country"), org.get("sector"))
            for org in data.get("victim_organisations", ())
        ),
        actor_ids=tuple(data.get("actor_ids", ())),
        attributions=tuple(_attribution_from_dict(item) for item in data.get("attributions", ())),
        impact=_impact_from_dict(data.get("impact") or {}),
        sources=tuple(source_from_dict(item) for item in data.get("sources", ())),
        tlp=Tlp(data.get("tlp", Tlp.CLEAR.value)),
        status=IncidentStatus(data.get("status", IncidentStatus.CONFIRMED.value)),
        created_at=_read_datetime(data.get("created_at")),
        updated_at=_read_datetime(data.get("updated_at")),
        version=int(data.get("version", 0)),
    )


def actor_to_dict(actor: ThreatActor) -> Document:
    document: Document = {
        "id": actor.id,
        "slug": actor.slug,
        "name": actor.name,
        "aliases": list(actor.aliases),
        "sponsor": actor.sponsor,
        "country": actor.country,
        "description": actor.description,
        "references": list(actor.references),
        "suspected_victims": list(actor.suspected_victims),
        "target_categories": list(actor.target_categories),
        "incident_types": list(actor.incident_types),
        "mitre_ids": list(actor.mitre_ids),
        "origin": actor.origin,
    }
    # Written only when marked, so the documents of reference actors stay as they were.
    if actor.tlp is not Tlp.CLEAR:
        document["tlp"] = actor.tlp.value
    return document


def actor_from_dict(data: Document) -> ThreatActor:
    return ThreatActor(
        id=data["id"],
        slug=data["slug"],
        name=data["name"],
        aliases=tuple(data.get("aliases", ())),
        sponsor=data.get("sponsor"),
        country=data.get("country"),
        description=data.get("description", ""),
        references=tuple(data.get("references", ())),
        suspected_victims=tuple(data.get("suspected_victims", ())),
        target_categories=tuple(data.get("target_categories", ())),
        incident_types=tuple(data.get("incident_types", ())),
        mitre_ids=tuple(data.get("mitre_ids", ())),
        origin=data.get("origin", "misp-galaxy"),
        tlp=Tlp(data.get("tlp", Tlp.CLEAR)),
    )
