"""Wire schemas of the HTTP API (Pydantic v2) and the converters from domain objects.

Domain objects never travel as they are: each route converts them here, at the border. An
incident travels as the document ``cdt incidents show --json`` prints (``model.codec``), with
the actors named, so the API and the command line agree field for field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cdtoolbox.model import Incident, Page, ThreatActor
from cdtoolbox.model.codec import actor_to_dict, incident_to_dict
from cdtoolbox.model.dataclass_codec import Codec
from cdtoolbox.model.statistics import IncidentStatistics

__all__ = [
    "ActorOut",
    "ActorPageOut",
    "IncidentChanges",
    "IncidentOut",
    "IncidentPageOut",
    "StatisticsOut",
    "actor_out",
    "actor_page_out",
    "incident_out",
    "incident_page_out",
    "statistics_out",
]


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


# --- Incidents ---------------------------------------------------------------------------


class ActorRef(BaseModel):
    id: str
    name: str


class SourceOut(BaseModel):
    title: str
    url: str | None
    publisher: str | None
    published: str | None = Field(description="ISO date")
    reliability: str | None = Field(description="Admiralty source reliability, a to g")
    credibility: str | None = Field(description="Admiralty information credibility, 1 to 6")


class PartyOut(BaseModel):
    kind: str
    name: str
    country: str | None


class AttributionOut(BaseModel):
    party: PartyOut
    actor_id: str | None
    state: str | None = Field(description="ISO 3166-1 alpha-2 of the state held responsible")
    date: str | None
    likelihood: str | None
    confidence: str | None
    basis: list[str]
    public: bool
    wording: str | None
    perpetrators: list[str]
    source: SourceOut | None


class OrganisationOut(BaseModel):
    name: str
    country: str | None
    sector: str | None


class ImpactOut(BaseModel):
    """Every figure is null when unknown — never 0 for unknown."""

    records_exposed: int | None
    people_affected: int | None
    systems_affected: int | None
    financial_loss_usd: float | None
    outage_hours: float | None
    physical_damage: bool | None
    physical_effects: str | None
    notes: str | None


_INCIDENT_EXAMPLE: dict[str, Any] = {
    "id": "8f1e3c55-46ad-5c8e-8bb1-6b8e0c0b8b7e",
    "slug": "wannacry-2017",
    "title": "WannaCry ransomware worm",
    "summary": "From 12 May 2017 the WannaCry ransomware spread by itself …",
    "start": "2017-05-12",
    "end": None,
    "disclosed": "2017-05-12",
    "types": ["ransomware"],
    "is_campaign": False,
    "victim_countries": ["GB", "ES", "DE", "FR", "US"],
    "victim_sectors": ["health", "transport"],
    "victim_organisations": [{"name": "National Health Service", "country": "GB", "sector": None}],
    "actor_ids": ["68391641-859f-4a9a-9a1e-3e5cf71ec376"],
    "actors": [{"id": "68391641-859f-4a9a-9a1e-3e5cf71ec376", "name": "Lazarus Group"}],
    "attributions": [],
    "impact": {
        "records_exposed": None,
        "people_affected": None,
        "systems_affected": 200000,
        "financial_loss_usd": None,
        "outage_hours": None,
        "physical_damage": False,
        "physical_effects": None,
        "notes": None,
    },
    "sources": [],
    "tlp": "clear",
    "status": "confirmed",
    "created_at": "2026-01-05T10:00:00+00:00",
    "updated_at": "2026-01-05T10:00:00+00:00",
    "version": 1,
}


class IncidentOut(BaseModel):
    """An incident as stored, field for field as `cdt incidents show --json` prints it."""

    model_config = _examples(_INCIDENT_EXAMPLE)

    id: str
    slug: str
    title: str
    summary: str
    start: str | None = Field(description="YYYY, YYYY-MM or YYYY-MM-DD: the known precision")
    end: str | None
    disclosed: str | None
    types: list[str]
    is_campaign: bool
    victim_countries: list[str] = Field(description="ISO 3166-1 alpha-2 codes")
    victim_sectors: list[str] = Field(description="Sector ids (see /api/v1/sectors)")
    victim_organisations: list[OrganisationOut]
    actor_ids: list[str]
    actors: list[ActorRef]
    attributions: list[AttributionOut]
    impact: ImpactOut
    sources: list[SourceOut]
    tlp: str
    classification: str | None = Field(
        None,
        description="EU classification (restreint-ue, confidentiel-ue, secret-ue); absent or "
        "null: unclassified. Shown only to callers cleared for it and for the TLP marking",
    )
    status: str
    created_at: str | None
    updated_at: str | None
    version: int = Field(
        description="Goes up by one on every saved change; send it back as If-Match"
    )


class IncidentPageOut(BaseModel):
    """One page of incidents; pass `next_cursor` as `cursor` to read the next one."""

    model_config = _examples(
        {"items": [_INCIDENT_EXAMPLE], "total": 1, "limit": 50, "next_cursor": None}
    )

    items: list[IncidentOut]
    total: int | None = Field(description="How many incidents match the filters in all")
    limit: int
    next_cursor: str | None = Field(description="Opaque; null on the last page")


class IncidentChanges(BaseModel):
    """Fields to change, with the keys of an incident file (docs/incident-format.md)."""

    model_config = _examples(
        {"changes": {"tlp": "green", "types": ["ransomware", "wiper"]}, "expected_version": 1}
    )

    changes: dict[str, Any] = Field(description="A partial incident document")
    expected_version: int | None = Field(
        default=None,
        description="The version the change is based on (or send an If-Match header); a newer "
        "stored version refuses the change with 409",
    )


def incident_out(incident: Incident, names: Mapping[str, str]) -> IncidentOut:
    document = incident_to_dict(incident)
    document["actors"] = [
        {"id": actor, "name": names.get(actor, actor)} for actor in incident.actor_ids
    ]
    return IncidentOut.model_validate(document)


def incident_page_out(
    page: Page[Incident], names: Mapping[str, str], limit: int
) -> IncidentPageOut:
    return IncidentPageOut(
        items=[incident_out(incident, names) for incident in page.items],
        total=page.total,
        limit=limit,
        next_cursor=page.next_cursor,
    )


# --- Actors ------------------------------------------------------------------------------

_ACTOR_EXAMPLE: dict[str, Any] = {
    "id": "5b4ee3ea-eee3-4c8e-8323-85ae32658754",
    "slug": "apt28",
    "name": "APT28",
    "aliases": ["Fancy Bear", "Sofacy", "Pawn Storm", "STRONTIUM"],
    "sponsor": "RU",
    "sponsor_basis": "named by the CFR Cyber Operations Tracker",
    "country": "RU",
    "description": "The GRU's 85th Main Special Service Center (unit 26165) …",
    "references": ["https://attack.mitre.org/groups/G0007/"],
    "suspected_victims": ["DE", "US", "UA"],
    "target_categories": ["Government", "Military"],
    "incident_types": ["Espionage"],
    "mitre_ids": ["G0007"],
    "origin": "misp-galaxy",
}


class ActorOut(BaseModel):
    """A threat actor; any alias finds it."""

    model_config = _examples(_ACTOR_EXAMPLE)

    id: str
    slug: str
    name: str
    aliases: list[str]
    sponsor: str | None = Field(description="ISO alpha-2 of the suspected sponsor state")
    sponsor_basis: str | None = Field(
        default=None,
        description=(
            "What the sponsor rests on: 'named by the CFR Cyber Operations Tracker', or an "
            "inference from other MISP galaxy signals (beginning 'inferred')"
        ),
    )
    country: str | None
    description: str
    references: list[str]
    suspected_victims: list[str]
    target_categories: list[str]
    incident_types: list[str]
    mitre_ids: list[str]
    origin: str


class ActorPageOut(BaseModel):
    model_config = _examples(
        {"items": [_ACTOR_EXAMPLE], "total": 1, "limit": 100, "next_cursor": None}
    )

    items: list[ActorOut]
    total: int | None
    limit: int
    next_cursor: str | None


def actor_out(actor: ThreatActor) -> ActorOut:
    return ActorOut.model_validate(actor_to_dict(actor))


def actor_page_out(
    actors: Sequence[ThreatActor], total: int | None, limit: int, next_cursor: str | None
) -> ActorPageOut:
    return ActorPageOut(
        items=[actor_out(actor) for actor in actors],
        total=total,
        limit=limit,
        next_cursor=next_cursor,
    )


# --- Statistics --------------------------------------------------------------------------


class CountOut(BaseModel):
    key: str
    incidents: int
    label: str | None


class YearTypeCountOut(BaseModel):
    year: int
    type: str
    incidents: int


class StatisticsOut(BaseModel):
    """Counts of the incidents matching the filters (the dashboard's figures)."""

    model_config = _examples(
        {
            "total": 31,
            "undated": 0,
            "by_year_and_type": [{"year": 2017, "type": "ransomware", "incidents": 2}],
            "by_type": [{"key": "espionage", "incidents": 14, "label": None}],
            "by_victim_country": [{"key": "US", "incidents": 12, "label": None}],
            "by_sponsor": [{"key": "RU", "incidents": 15, "label": None}],
            "by_actor": [{"key": "5b4ee3ea-…", "incidents": 4, "label": "APT28"}],
        }
    )

    total: int
    undated: int
    by_year_and_type: list[YearTypeCountOut]
    by_type: list[CountOut]
    by_victim_country: list[CountOut]
    by_sponsor: list[CountOut] = Field(description="Suspected sponsor states, most first")
    by_actor: list[CountOut] = Field(description="Actors, most first; `label` is the name")


_STATISTICS = Codec(IncidentStatistics)


def statistics_out(statistics: IncidentStatistics) -> StatisticsOut:
    return StatisticsOut.model_validate(_STATISTICS.encode(statistics))
