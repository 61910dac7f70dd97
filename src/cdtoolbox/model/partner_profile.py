"""A partner country's profile: what capacity building serves it, how it implements the CBMs,
the incidents it suffered and those attributed to it, and its points of contact.

Everything in a profile is what the store holds within one reader's clearance: a profile is
never a complete picture, and an empty one says "nothing readable on record", not "nothing".

Budget over time: a project's budget is spread evenly over the calendar years from its start
to its end (a three-year EUR 3 m project counts EUR 1 m a year). A project without a budget is
counted, never valued; one with a budget but without both dates cannot be placed in years and
is counted apart, with its budget.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cdtoolbox.model.capacity import CapacityProject, CapacityTheme
from cdtoolbox.model.cooperation import (
    ImplementationStatus,
    PointOfContact,
    StateImplementation,
)
from cdtoolbox.model.incident import Incident
from cdtoolbox.model.vocabulary import SeverityLevel

__all__ = [
    "BudgetYear",
    "PartnerBudget",
    "PartnerIncident",
    "PartnerProfile",
    "budget_over_time",
]


@dataclass(frozen=True)
class BudgetYear:
    """The share of the projects' budgets falling in one calendar year."""

    year: int
    eur: int
    projects: int  # the projects with a share in this year


@dataclass(frozen=True)
class PartnerBudget:
    years: tuple[BudgetYear, ...]  # oldest first; a year no project covers is left out
    # Projects with a budget but without a start or an end: their budget cannot be placed in
    # years, so it is given apart rather than guessed into one.
    undated: tuple[str, ...]
    undated_eur: int
    unbudgeted: tuple[str, ...]  # projects no source gives a budget for: counted, not valued

    @property
    def total_eur(self) -> int:
        return sum(year.eur for year in self.years) + self.undated_eur


def budget_over_time(projects: Iterable[CapacityProject]) -> PartnerBudget:
    """The projects' budgets by year, each spread evenly over its years. The euros a division
    leaves over go one each to the first years, so the years add up to the budget exactly."""
    eur: dict[int, int] = {}
    counted: dict[int, int] = {}
    undated: list[str] = []
    undated_eur = 0
    unbudgeted: list[str] = []
    for project in projects:
        if project.budget_eur is None:
            unbudgeted.append(project.id)
            continue
        if project.starts_on is None or project.ends_on is None:
            undated.append(project.id)
            undated_eur += project.budget_eur
            continue
        years = range(project.starts_on.year, project.ends_on.year + 1)
        share, left_over = divmod(project.budget_eur, len(years))
        for position, year in enumerate(years):
            eur[year] = eur.get(year, 0) + share + (1 if position < left_over else 0)
            counted[year] = counted.get(year, 0) + 1
    return PartnerBudget(
        years=tuple(BudgetYear(year, eur[year], counted[year]) for year in sorted(eur)),
        undated=tuple(undated),
        undated_eur=undated_eur,
        unbudgeted=tuple(unbudgeted),
    )


@dataclass(frozen=True)
class PartnerIncident:
    """An incident in a profile, with the assessment engine's most likely severity level (the
    level lists and charts use; ``unknown`` when no dimension could be scored)."""

    incident: Incident
    severity: SeverityLevel
    # The State is publicly named by a government, the EU or an international organisation
    # (not only by a vendor or the press, nor only as the sponsor of the actor).
    officially_attributed: bool = False


@dataclass(frozen=True)
class PartnerProfile:
    country: str  # ISO 3166-1 alpha-2
    name: str
    projects: tuple[CapacityProject, ...]  # those naming the country as partner, by id
    budget: PartnerBudget
    cbm: StateImplementation
    suffered: tuple[PartnerIncident, ...]  # the country among the victims, newest first
    attributed: tuple[PartnerIncident, ...]  # the country held responsible, newest first
    contacts: tuple[PointOfContact, ...]
    stale_contacts: frozenset[str] = frozenset()  # ids of those not verified within a year

    @property
    def themes(self) -> tuple[tuple[CapacityTheme, int], ...]:
        """Each theme the projects serve, with how many serve it, in the themes' order."""
        return tuple(
            (theme, count)
            for theme in CapacityTheme
            if (count := sum(theme in p.themes for p in self.projects))
        )

    @property
    def cbm_counts(self) -> tuple[tuple[ImplementationStatus, int], ...]:
        """How many of the State's measures are at each status, not-reported included."""
        statuses = [self.cbm.status_of(m) for m in self.cbm.measure_ids]
        return tuple((status, statuses.count(status)) for status in ImplementationStatus)

    @property
    def is_empty(self) -> bool:
        return not (
            self.projects or self.cbm.records or self.suffered or self.attributed or self.contacts
        )

    @property
    def highest_suffered(self) -> SeverityLevel | None:
        """The highest most-likely level among the incidents suffered; None for none."""
        return _highest(self.suffered)

    @property
    def highest_attributed(self) -> SeverityLevel | None:
        """The highest most-likely level among the incidents attributed; None for none."""
        return _highest(self.attributed)


def _highest(incidents: Iterable[PartnerIncident]) -> SeverityLevel | None:
    return max((found.severity for found in incidents), key=lambda level: level.rank, default=None)
