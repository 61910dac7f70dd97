"""Counts over a set of incidents, as the dashboard and the API report them."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Count", "IncidentStatistics", "YearTypeCount"]


@dataclass(frozen=True)
class Count:
    """How many incidents share one value (a type, a country code, a state, an actor id)."""

    key: str
    incidents: int
    label: str | None = None  # the actor's name for actor counts; None elsewhere


@dataclass(frozen=True)
class YearTypeCount:
    year: int
    type: str
    incidents: int


@dataclass(frozen=True)
class IncidentStatistics:
    """The shape of the incidents matching one filter. Lists run from most to fewest."""

    total: int
    undated: int
    by_year_and_type: tuple[YearTypeCount, ...]  # ordered by year, then type
    by_type: tuple[Count, ...]
    by_victim_country: tuple[Count, ...]  # every country with at least one incident
    by_sponsor: tuple[Count, ...]  # an actor's sponsor or an attributed state, top ``top``
    by_actor: tuple[Count, ...]  # top ``top``

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({row.year for row in self.by_year_and_type}))
