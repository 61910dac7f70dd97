"""Counts over a set of incidents and over the public responses to them, as the dashboard and
the API report them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cdtoolbox.model.response import RespondingPartyKind
from cdtoolbox.model.vocabulary import Tlp

__all__ = [
    "Count",
    "IncidentCoverage",
    "IncidentStatistics",
    "InstrumentCount",
    "ResponseStatistics",
    "ResponseYearCount",
    "YearTypeCount",
]


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


@dataclass(frozen=True)
class IncidentCoverage:
    """What a report over the incidents matching one filter also needs: the victim sectors
    (every sector with an incident, most frequent first), the most restrictive marking among
    the incidents (None when there are none) and when the latest of them last changed."""

    by_sector: tuple[Count, ...]
    highest_tlp: Tlp | None
    last_updated: datetime | None


@dataclass(frozen=True)
class InstrumentCount:
    """How many public responses used one instrument. A Member State's national measure has
    no Toolbox instrument: national responses count under ``instrument_id`` None."""

    party_kind: RespondingPartyKind
    instrument_id: str | None
    label: str
    responses: int


@dataclass(frozen=True)
class ResponseYearCount:
    """The public responses of one year, and the persons and entities the EU listed in it."""

    year: int
    eu: int
    national: int
    listed: int


@dataclass(frozen=True)
class ResponseStatistics:
    """The EU's and the Member States' public responses dated within one period.

    ``by_instrument`` runs from most to fewest responses; ``by_year`` covers every year from
    the first to the last with a response or a listing (gaps as zeros). ``listed`` counts the
    listings of the sanctions register made in the period (each person or entity once): one
    listing round is one EU response, however many it listed.
    """

    eu: int
    national: int
    listed: int
    by_instrument: tuple[InstrumentCount, ...]
    by_year: tuple[ResponseYearCount, ...]
