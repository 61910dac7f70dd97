"""How to ask the repository for incidents: one filter shape for library, CLI, API and pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Generic, TypeVar

from cdtoolbox.model.vocabulary import Classification, IncidentType, Tlp

__all__ = ["IncidentFilter", "IncidentSort", "Page"]

T = TypeVar("T")


class IncidentSort(StrEnum):
    """Orders for incident listings; a leading "-" means descending. Undated incidents last."""

    START_DESC = "-start"
    START_ASC = "start"
    TITLE = "title"
    UPDATED_DESC = "-updated"


@dataclass(frozen=True)
class IncidentFilter:
    """Filters combine with AND; several values of one filter combine with OR.

    Values are canonical: ISO alpha-2 country codes, sector ids, actor ids. Turning what a
    user typed ("fancy bear", "Ukraine") into these is the Toolbox's job, not the store's.
    A sector filter matches the sector and its sub-sectors.
    """

    types: tuple[IncidentType, ...] = ()
    since: date | None = None  # incident period overlaps [since, until]
    until: date | None = None
    victim_countries: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    actor_ids: tuple[str, ...] = ()
    sponsors: tuple[str, ...] = ()  # an actor's sponsor or an attributed state
    tlp: tuple[Tlp, ...] = ()
    text: str | None = None  # full-text query over title, summary, organisations and sources
    max_tlp: Tlp | None = None  # clearance: hide anything more restricted than this
    # The EU classification clearance. Fails closed: left unset, classified incidents are
    # hidden, so a read path that forgets the reader's clearance under-shows, never leaks.
    max_classification: Classification | None = None

    @property
    def is_empty(self) -> bool:
        return self == IncidentFilter()

    @property
    def is_empty_but_clearance(self) -> bool:
        """True when nothing narrows the selection except the reader's clearance."""
        return self == IncidentFilter(
            max_tlp=self.max_tlp, max_classification=self.max_classification
        )


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of results; ``next_cursor`` is opaque and None on the last page."""

    items: Sequence[T] = field(default_factory=tuple)
    next_cursor: str | None = None
    total: int | None = None
