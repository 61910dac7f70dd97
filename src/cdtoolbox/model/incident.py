"""A malicious cyber activity: one incident, or a campaign of related ones."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

from cdtoolbox.model.attribution import Attribution
from cdtoolbox.model.dates import PartialDate
from cdtoolbox.model.reference import Organisation
from cdtoolbox.model.sources import Source
from cdtoolbox.model.vocabulary import Classification, IncidentStatus, IncidentType, Tlp

__all__ = ["MAX_IMPACT_FIGURE", "RESERVED_INCIDENT_SLUGS", "Impact", "Incident"]

MAX_IMPACT_FIGURE = 2**53 - 1
"""The largest count or amount an impact figure may hold.

2**53 - 1 is the largest integer every JSON reader (JavaScript's included) holds exactly, and it
fits a signed 64-bit column; no real incident comes near it (the largest known breach exposed
about 3 * 10**9 records). Figures are also never negative. The readers in ``cdtoolbox.ingest``
refuse anything outside 0..MAX_IMPACT_FIGURE, so no import or edit can store it.
"""

RESERVED_INCIDENT_SLUGS = frozenset({"new"})
"""Handles no incident may take: an incident is addressed by its slug beside pages of the
same address space (``/incidents/new`` creates an incident), so an incident with one of these
slugs could not be reached by it."""


@dataclass(frozen=True)
class Impact:
    """Measured consequences. ``None`` always means *unknown*, never zero.

    Counts and amounts lie in 0..``MAX_IMPACT_FIGURE``.
    """

    records_exposed: int | None = None
    people_affected: int | None = None
    systems_affected: int | None = None
    financial_loss_usd: float | None = None
    outage_hours: float | None = None
    physical_damage: bool | None = None
    physical_effects: str | None = None  # what broke, in words
    notes: str | None = None

    @property
    def is_unknown(self) -> bool:
        return all(getattr(self, name) is None for name in self.__dataclass_fields__)


@dataclass(frozen=True)
class Incident:
    """An incident or campaign as recorded in the repository.

    Immutable: a change is a new object (``evolve``) stored as a new ``version``.
    ``version`` is 0 until the store has accepted the incident.
    """

    id: str
    slug: str
    title: str
    summary: str = ""
    start: PartialDate | None = None
    end: PartialDate | None = None
    disclosed: PartialDate | None = None
    types: tuple[IncidentType, ...] = ()
    is_campaign: bool = False
    victim_countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2
    victim_sectors: tuple[str, ...] = ()  # Sector ids
    victim_organisations: tuple[Organisation, ...] = ()
    actor_ids: tuple[str, ...] = ()  # ThreatActor ids
    attributions: tuple[Attribution, ...] = ()
    impact: Impact = field(default_factory=Impact)
    sources: tuple[Source, ...] = ()
    tlp: Tlp = Tlp.CLEAR
    classification: Classification | None = None  # EU classification; None: unclassified
    status: IncidentStatus = IncidentStatus.CONFIRMED
    created_at: datetime | None = None
    updated_at: datetime | None = None
    version: int = 0

    def evolve(self, **changes: object) -> Incident:
        """A copy with some fields changed (same id, same version until stored)."""
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def attributed_states(self) -> tuple[str, ...]:
        """States named by any attribution, in first-seen order."""
        return _first_seen(attribution.state for attribution in self.attributions)

    @property
    def officially_attributed_states(self) -> tuple[str, ...]:
        """States that a government, the EU or an international organisation publicly held
        responsible, in first-seen order; a vendor's or a newspaper's naming is not enough."""
        return _first_seen(
            attribution.state
            for attribution in self.attributions
            if attribution.public and attribution.party.is_official
        )

    @property
    def attributed_actor_ids(self) -> tuple[str, ...]:
        """Actors named by any attribution, in first-seen order."""
        return _first_seen(attribution.actor_id for attribution in self.attributions)


def _first_seen(values: Iterable[str | None]) -> tuple[str, ...]:
    """The values that are set, each once, in the order first met."""
    return tuple(dict.fromkeys(value for value in values if value))
