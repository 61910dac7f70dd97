"""Small incidents built field by field for rule tests (the bundle covers the real cases)."""

from __future__ import annotations

from typing import Any

from cdtoolbox.model import (
    AttributingParty,
    Attribution,
    AttributionBasis,
    Impact,
    Incident,
    IncidentType,
    Organisation,
    PartialDate,
    PartyKind,
)

__all__ = ["attribution", "incident"]


def incident(
    slug: str = "test-incident",
    *,
    types: tuple[IncidentType, ...] = (),
    countries: tuple[str, ...] = (),
    sectors: tuple[str, ...] = (),
    organisations: tuple[str, ...] = (),
    attributions: tuple[Attribution, ...] = (),
    actor_ids: tuple[str, ...] = (),
    summary: str = "",
    start: str | None = None,
    end: str | None = None,
    disclosed: str | None = None,
    campaign: bool = False,
    **impact: Any,
) -> Incident:
    return Incident(
        id=f"id-{slug}",
        slug=slug,
        title=f"Test incident {slug}",
        summary=summary,
        start=PartialDate.parse(start) if start else None,
        end=PartialDate.parse(end) if end else None,
        disclosed=PartialDate.parse(disclosed) if disclosed else None,
        is_campaign=campaign,
        types=types,
        victim_countries=countries,
        victim_sectors=sectors,
        victim_organisations=tuple(Organisation(name) for name in organisations),
        attributions=attributions,
        actor_ids=actor_ids,
        impact=Impact(**impact),
    )


def attribution(
    state: str | None = "RU",
    *,
    party: str = "Germany",
    kind: PartyKind = PartyKind.STATE,
    country: str | None = "DE",
    basis: tuple[AttributionBasis, ...] = (AttributionBasis.POLITICAL,),
    **fields: Any,
) -> Attribution:
    return Attribution(
        party=AttributingParty(kind, party, country), state=state, basis=basis, **fields
    )
