"""The threat landscape of a period: the most frequent actors, victim sectors, victim countries
and suspected sponsor States; what is new (first seen in the period, compared with everything
recorded before it); and the change against the previous period of equal length.

Every figure is counted from the store for the reader's clearance by the Toolbox; this module
only arranges and words them (the same parts as the annual report: ``report.parts``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import IncidentType, Tlp
from cdtoolbox.model.statistics import IncidentCoverage, IncidentStatistics
from cdtoolbox.report.annual import (
    ReportSection,
    labelled_tallies,
    type_tallies,
)
from cdtoolbox.report.counted import coverage_markings
from cdtoolbox.report.notes import Note
from cdtoolbox.report.parts import Breakdown, Paragraph, Tally, breakdown
from cdtoolbox.report.words import country, day, long_date
from cdtoolbox.report.world_map import areas_of

__all__ = [
    "DIMENSIONS",
    "LANDSCAPE_SCHEMA",
    "ChangeRow",
    "Landscape",
    "LandscapeFigures",
    "build_landscape",
]

LANDSCAPE_SCHEMA = "cdtoolbox/threat-landscape/1"
"""Names the JSON layout (docs/reports.md); a change that breaks readers gets a new number."""

DIMENSIONS = ("types", "sectors", "countries", "actors", "sponsors")
"""What "what is new" looks at: the keys of ``LandscapeFigures.first_seen``."""


@dataclass(frozen=True, slots=True)
class ChangeRow:
    """One count in the previous period and in this one."""

    dimension: str  # "total", "type", "sector"
    key: str
    label: str
    previous: int
    current: int
    change: int  # current - previous


@dataclass(frozen=True, slots=True)
class Landscape:
    """The landscape of one period as its reader is cleared to see it. ``tlp`` is the most
    restrictive marking of the incidents it looks at: the period's, the previous period's and
    the earlier ones "what is new" compares with (that something is not new tells of them)."""

    schema: str
    title: str
    since: str  # ISO day
    until: str
    period: str
    previous_since: str
    previous_until: str
    previous_period: str
    tlp: str
    tlp_label: str
    as_of: str | None
    key_figures: tuple[Tally, ...]
    sections: tuple[ReportSection, ...]  # "top", "new", "change"
    changes: tuple[ChangeRow, ...]  # worded in the "change" section
    notes: tuple[Note, ...]


@dataclass(frozen=True, slots=True)
class LandscapeFigures:
    """What the Toolbox counted for one period and one reader, to be worded here."""

    since: date
    until: date
    previous_since: date
    previous_until: date
    incidents: IncidentStatistics  # the period
    coverage: IncidentCoverage
    previous: IncidentStatistics  # the previous period of equal length
    previous_coverage: IncidentCoverage
    earlier_coverage: IncidentCoverage  # everything before the period
    first_seen: Mapping[str, frozenset[str]]  # dimension (DIMENSIONS) -> keys new in the period


def build_landscape(figures: LandscapeFigures, knowledge: KnowledgeBase) -> Landscape:
    since, until = figures.since, figures.until
    stats = figures.incidents
    marking = max(
        (
            Tlp.CLEAR,
            *coverage_markings(figures.coverage),
            *coverage_markings(figures.previous_coverage),
            *coverage_markings(figures.earlier_coverage),
        ),
        key=lambda tlp: tlp.rank,
    )
    updated = [
        moment
        for moment in (
            figures.coverage.last_updated,
            figures.previous_coverage.last_updated,
            figures.earlier_coverage.last_updated,
        )
        if moment is not None
    ]

    def sector(key: str) -> str:
        found = knowledge.sectors.find(key)
        return found.name if found else key

    dimensions = {
        "types": type_tallies(stats.by_type),
        "sectors": labelled_tallies(figures.coverage.by_sector, sector),
        "countries": labelled_tallies(stats.by_victim_country, lambda key: country(key, knowledge)),
        "actors": tuple(
            Tally(row.key, row.label or row.key, row.incidents) for row in stats.by_actor
        ),
        "sponsors": labelled_tallies(stats.by_sponsor, lambda key: country(key, knowledge)),
    }
    top = ReportSection(
        id="top",
        title="Most frequent in the period",
        paragraphs=(
            Paragraph(
                f"{stats.total:,} incidents were active in the period. Counted: the incidents "
                "whose activity overlaps the period, within your clearance; an incident with "
                "two actors, sectors or countries counts under each. Incidents without a start "
                "date are not counted."
            ),
        ),
        breakdowns=(
            breakdown(
                "top-actors",
                "Incidents by threat actor",
                "incidents",
                dimensions["actors"],
                chart=True,
            ),
            breakdown(
                "top-sectors",
                "Incidents by victim sector",
                "incidents",
                dimensions["sectors"],
                chart=True,
            ),
            breakdown(
                "top-countries",
                "Incidents by victim country",
                "incidents",
                dimensions["countries"],
                chart=True,
                map=areas_of(stats.by_victim_country, knowledge.countries),
            ),
            breakdown(
                "top-sponsors",
                "Incidents by suspected sponsor State",
                "incidents",
                dimensions["sponsors"],
                chart=True,
                note="A State counts when an actor it sponsors is named or a party attributed "
                "the incident to it.",
            ),
        ),
        not_recorded=(),
    )
    new = _new(figures, dimensions)
    changes = _changes(figures)
    previous_period = f"{long_date(figures.previous_since)} to {long_date(figures.previous_until)}"
    moved = _signed(stats.total - figures.previous.total)
    change = ReportSection(
        id="change",
        title="Change against the previous period",
        paragraphs=(
            Paragraph(
                f"The previous period of equal length ran from {previous_period}: "
                f"{figures.previous.total:,} incidents were active in it, {stats.total:,} in "
                f"this one ({moved})."
            ),
        ),
        breakdowns=(),
        not_recorded=(),
    )
    new_count = sum(len(keys) for keys in figures.first_seen.values())
    key_figures = (
        Tally("incidents", "Incidents active in the period", stats.total),
        Tally(
            "previous-incidents", "Incidents active in the previous period", figures.previous.total
        ),
        Tally("actors", "Threat actors named", len(stats.by_actor)),
        Tally("victim-countries", "Victim countries", len(stats.by_victim_country)),
        Tally("first-seen", "Types, sectors, countries, actors and sponsors first seen", new_count),
    )
    return Landscape(
        schema=LANDSCAPE_SCHEMA,
        title=f"Threat landscape: {long_date(since)} to {long_date(until)}",
        since=since.isoformat(),
        until=until.isoformat(),
        period=f"{long_date(since)} to {long_date(until)}",
        previous_since=figures.previous_since.isoformat(),
        previous_until=figures.previous_until.isoformat(),
        previous_period=previous_period,
        tlp=marking.value,
        tlp_label=marking.label,
        as_of=day(max(updated)) if updated else None,
        key_figures=key_figures,
        sections=(top, new, change),
        changes=changes,
        notes=(),
    )


_NEW_TITLES = {
    "types": "Incident types",
    "sectors": "Victim sectors",
    "countries": "Victim countries",
    "actors": "Threat actors",
    "sponsors": "Suspected sponsor States",
}


def _new(figures: LandscapeFigures, dimensions: Mapping[str, tuple[Tally, ...]]) -> ReportSection:
    breakdowns: list[Breakdown] = []
    for dimension in DIMENSIONS:
        keys = figures.first_seen.get(dimension, frozenset())
        rows = tuple(row for row in dimensions[dimension] if row.key in keys)
        breakdowns.append(
            breakdown(
                f"new-{dimension}",
                f"{_NEW_TITLES[dimension]} first seen in the period",
                "incidents",
                rows,
                chart=False,
            )
        )
    total = sum(len(b.rows) + b.more for b in breakdowns)
    return ReportSection(
        id="new",
        title="What is new",
        paragraphs=(
            Paragraph(
                f"{total:,} types, sectors, countries, actors and sponsor States appear in the "
                "period and in no incident you may read that was active before it. Actors and "
                "sponsors are looked at among the most frequent of the period."
            ),
        ),
        breakdowns=tuple(breakdowns),
        not_recorded=(),
    )


def _changes(figures: LandscapeFigures) -> tuple[ChangeRow, ...]:
    rows = [
        ChangeRow(
            "total",
            "incidents",
            "All incidents",
            figures.previous.total,
            figures.incidents.total,
            figures.incidents.total - figures.previous.total,
        )
    ]
    now = {row.key: row.incidents for row in figures.incidents.by_type}
    before = {row.key: row.incidents for row in figures.previous.by_type}
    for kind in IncidentType:
        if kind.value in now or kind.value in before:
            current, previous = now.get(kind.value, 0), before.get(kind.value, 0)
            rows.append(
                ChangeRow("type", kind.value, kind.label, previous, current, current - previous)
            )
    return tuple(rows)


def _signed(value: int) -> str:
    return f"{value:+,}" if value else "no change"
