"""Incidents written back as the document users write (see ``incident_document``).

Unknown values are left out rather than written as null, actors are named rather than
given by id, and victims are grouped, so the output reads like a hand-written file and
reads back to the same incident.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from cdtoolbox.model import Attribution, Impact, Incident, PartialDate, Source

__all__ = ["incident_to_document"]


def incident_to_document(incident: Incident, actor_names: Mapping[str, str]) -> dict[str, Any]:
    """The incident as the document a user would write; unknown values are left out.

    ``actor_names`` maps actor ids to canonical names; an id missing from it is written as is.
    """
    impact = {field.name: _number(getattr(incident.impact, field.name)) for field in fields(Impact)}
    return _without_blanks(
        {
            "id": incident.id,
            "slug": incident.slug,
            "title": incident.title,
            "summary": incident.summary,
            "start": _partial(incident.start),
            "end": _partial(incident.end),
            "disclosed": _partial(incident.disclosed),
            "types": [kind.value for kind in incident.types],
            "campaign": incident.is_campaign or None,
            "victims": _without_blanks(
                {
                    "countries": list(incident.victim_countries),
                    "sectors": list(incident.victim_sectors),
                    "organisations": [
                        _without_blanks(
                            {"name": org.name, "country": org.country, "sector": org.sector}
                        )
                        for org in incident.victim_organisations
                    ],
                }
            ),
            "actors": [actor_names.get(actor, actor) for actor in incident.actor_ids],
            "attributions": [
                _attribution_document(item, actor_names) for item in incident.attributions
            ],
            "impact": _without_blanks(impact),
            "sources": [_source_document(source) for source in incident.sources],
            "tlp": incident.tlp.value,
            "classification": incident.classification.value if incident.classification else None,
            "status": incident.status.value,
        }
    )


def _attribution_document(
    attribution: Attribution, actor_names: Mapping[str, str]
) -> dict[str, Any]:
    party = attribution.party
    actor = attribution.actor_id
    return _without_blanks(
        {
            "by": _without_blanks(
                {"kind": party.kind.value, "name": party.name, "country": party.country}
            ),
            "actor": actor_names.get(actor, actor) if actor else None,
            "state": attribution.state,
            "date": _partial(attribution.date),
            "likelihood": attribution.likelihood.value if attribution.likelihood else None,
            "confidence": attribution.confidence.value if attribution.confidence else None,
            "basis": [basis.value for basis in attribution.basis],
            "public": attribution.public,
            "wording": attribution.wording,
            "perpetrators": list(attribution.perpetrators),
            "source": _source_document(attribution.source) if attribution.source else None,
        }
    )


def _source_document(source: Source) -> dict[str, Any]:
    return _without_blanks(
        {
            "title": source.title,
            "url": source.url,
            "publisher": source.publisher,
            "published": source.published.isoformat() if source.published else None,
            "reliability": source.reliability.value.upper() if source.reliability else None,
            "credibility": int(source.credibility.value) if source.credibility else None,
        }
    )


def _without_blanks(document: Mapping[str, Any]) -> dict[str, Any]:
    """Leave out what is unknown; ``False`` and ``0`` are known values and stay."""
    return {
        key: value
        for key, value in document.items()
        if value is not None and not (isinstance(value, str | list | dict) and not value)
    }


def _partial(value: PartialDate | None) -> str | None:
    return str(value) if value is not None else None


def _number(value: object) -> object:
    """Whole amounts as integers, so ``4000000000`` is not written ``4000000000.0``."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
