"""The annual report: what the store holds for one period, in the four parts of the EU's
cyber diplomacy — prevent, detect, respond, deter — with the trends across the five years the
period ends in, and a template for the Member States' contributions.

Every figure is counted from the store for the reader's clearance and handed here by the
Toolbox; ``build_annual_report`` only arranges and words them. A register this system does not
keep (capacity building, rapid-response deployments) is said to be not recorded: no figure is
ever made up for it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import IncidentType, Tlp
from cdtoolbox.model.case import ResponseCase
from cdtoolbox.model.cooperation import ImplementationRecord, RoundReport
from cdtoolbox.model.sanctions import Listing, Regime
from cdtoolbox.model.statistics import (
    Count,
    IncidentCoverage,
    IncidentStatistics,
    ResponseStatistics,
)
from cdtoolbox.report.capacity import RunningProjects, capacity_projects
from cdtoolbox.report.cooperation import (
    CheckRoundRow,
    cbm_implementation,
    cbm_reference,
    communication_checks,
)
from cdtoolbox.report.counted import marking_of, updates_of
from cdtoolbox.report.notes import Note, SourceNotes
from cdtoolbox.report.parts import Breakdown, Paragraph, Tally, breakdown
from cdtoolbox.report.words import country, day, long_date, when
from cdtoolbox.report.world_map import areas_of

__all__ = [
    "ANNUAL_SCHEMA",
    "AnnualFigures",
    "AnnualReport",
    "Breakdown",
    "CheckRoundRow",
    "ContributionHeading",
    "Paragraph",
    "ReportSection",
    "Tally",
    "TrendRow",
    "Trends",
    "build_annual_report",
    "labelled_tallies",
    "trends_of",
    "type_tallies",
]

ANNUAL_SCHEMA = "cdtoolbox/annual-report/1"
"""Names the JSON layout (docs/reports.md); a change that breaks readers gets a new number."""

TREND_YEARS = 5
"""The trends cover the year the period ends in and the four before it."""

_Label = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class TrendRow:
    type: str
    label: str
    counts: tuple[int, ...]  # one per year of ``Trends.years``


@dataclass(frozen=True, slots=True)
class Trends:
    """Incidents by type and by the year they started, over the five years to the period's
    end; ``data_breach_change`` says how data breaches moved from the first year to the last."""

    years: tuple[int, ...]
    rows: tuple[TrendRow, ...]
    partial_year: str | None  # "2026 is counted to 30 June 2026"
    data_breach_change: str
    data_breaches: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ReportSection:
    id: str  # "prevent", "detect", "respond", "deter"
    title: str
    paragraphs: tuple[Paragraph, ...]
    breakdowns: tuple[Breakdown, ...]
    not_recorded: tuple[str, ...]  # registers this system does not keep, by name


@dataclass(frozen=True, slots=True)
class ContributionHeading:
    """A heading of the Member State contribution template and what to write under it."""

    heading: str
    guidance: str


@dataclass(frozen=True, slots=True)
class AnnualReport:
    """The report of one period as its reader is cleared to see it.

    ``tlp`` is the most restrictive marking of what it counts (incidents, CBM implementation
    records, the points of contact of its communication checks); ``as_of`` is the day the
    latest incident counted last changed, so the same store gives the same report.
    """

    schema: str
    title: str
    since: str  # ISO day
    until: str
    period: str  # "1 January 2025 to 31 December 2025"
    tlp: str
    tlp_label: str
    as_of: str | None
    key_figures: tuple[Tally, ...]
    sections: tuple[ReportSection, ...]
    trends: Trends
    communication_checks: tuple[CheckRoundRow, ...]  # worded in the Respond section
    contribution_template: tuple[ContributionHeading, ...]
    notes: tuple[Note, ...]


@dataclass(frozen=True, slots=True)
class AnnualFigures:
    """What the Toolbox counted for one period and one reader, to be worded here."""

    since: date
    until: date
    incidents: IncidentStatistics  # the period
    coverage: IncidentCoverage  # the period
    trend: IncidentStatistics  # the five years to the period's end
    trend_coverage: IncidentCoverage
    responses: ResponseStatistics  # the period
    cases: Sequence[ResponseCase]  # every case the reader may read
    regimes: Sequence[Regime]
    listings: Sequence[Listing]  # every listing of the register, listed or delisted
    implementations: Sequence[ImplementationRecord]  # reported in the period
    check_rounds: Sequence[RoundReport]  # opened in the period
    networks: Mapping[str, str]  # network id -> name
    contact_markings: Mapping[str, Tlp]  # point of contact id -> its marking
    projects: RunningProjects  # capacity-building projects running in the period


def build_annual_report(figures: AnnualFigures, knowledge: KnowledgeBase) -> AnnualReport:
    since, until = figures.since, figures.until
    notes = SourceNotes()
    marking = max(
        (marking_of(figures), *(project.tlp for project in figures.projects[0])),
        key=lambda tlp: tlp.rank,
    )
    updated = updates_of(figures)
    trends = trends_of(figures.trend, since, until)
    # Built in the order they are printed: the notes are numbered as first cited.
    prevent = _prevent(figures, knowledge, notes)
    detect = _detect(figures, knowledge, notes)
    checked, rounds = communication_checks(figures.check_rounds, figures.networks)
    respond, opened, decided = _respond(figures, checked)
    deter, listed, delisted = _deter(figures, knowledge, notes)
    key_figures = (
        Tally("incidents", "Incidents active in the period", figures.incidents.total),
        Tally("eu-responses", "Public responses of the EU", figures.responses.eu),
        Tally(
            "national-responses", "Public responses of Member States", figures.responses.national
        ),
        Tally("cases-opened", "Response cases opened", opened),
        Tally("cases-decided", "Response cases decided", decided),
        Tally("listed", "Persons and entities listed", listed),
        Tally("delisted", "Persons and entities delisted", delisted),
        Tally(
            "cbm-records",
            "CBM implementation records dated in the period",
            len(figures.implementations),
        ),
        Tally("check-rounds", "Communication checks opened", len(rounds)),
    )
    return AnnualReport(
        schema=ANNUAL_SCHEMA,
        title=_title(since, until),
        since=since.isoformat(),
        until=until.isoformat(),
        period=f"{long_date(since)} to {long_date(until)}",
        tlp=marking.value,
        tlp_label=marking.label,
        as_of=day(max(updated)) if updated else None,
        key_figures=key_figures,
        sections=(prevent, detect, respond, deter),
        trends=trends,
        communication_checks=rounds,
        contribution_template=CONTRIBUTION_TEMPLATE,
        notes=notes.all(),
    )


def _title(since: date, until: date) -> str:
    if (since.month, since.day, until.month, until.day) == (1, 1, 12, 31):
        years = f"{since.year}" if since.year == until.year else f"{since.year} to {until.year}"
        return f"Annual report {years}"
    return f"Report for {long_date(since)} to {long_date(until)}"


def _prevent(figures: AnnualFigures, knowledge: KnowledgeBase, notes: SourceNotes) -> ReportSection:
    reported, breakdowns = cbm_implementation(figures.implementations, knowledge)
    projects, project_breakdowns = capacity_projects(figures.projects, knowledge)
    return ReportSection(
        id="prevent",
        title="Prevent",
        paragraphs=(cbm_reference(knowledge, notes), reported, projects),
        breakdowns=(*breakdowns, *project_breakdowns),
        not_recorded=(),
    )


def _detect(figures: AnnualFigures, knowledge: KnowledgeBase, notes: SourceNotes) -> ReportSection:
    stats = figures.incidents
    types = type_tallies(stats.by_type)
    sectors = labelled_tallies(
        figures.coverage.by_sector,
        lambda key: found.name if (found := knowledge.sectors.find(key)) else key,
    )
    countries = labelled_tallies(stats.by_victim_country, lambda key: country(key, knowledge))
    sponsors = labelled_tallies(stats.by_sponsor, lambda key: country(key, knowledge))
    counted = (
        "Counted: the incidents whose activity overlaps the period, within your clearance; "
        "an incident with two types, sectors or victim countries counts under each. "
        "Incidents without a start date cannot be placed in a period and are not counted."
    )
    return ReportSection(
        id="detect",
        title="Detect",
        paragraphs=(Paragraph(f"{stats.total:,} incidents were active in the period. {counted}"),),
        breakdowns=(
            breakdown("by-type", "Incidents by type", "incidents", types, chart=True),
            breakdown("by-sector", "Incidents by victim sector", "incidents", sectors, chart=True),
            breakdown(
                "by-victim-country",
                "Incidents by victim country",
                "incidents",
                countries,
                chart=True,
                map=areas_of(stats.by_victim_country, knowledge.countries),
            ),
            breakdown(
                "by-sponsor",
                "Incidents by suspected sponsor State",
                "incidents",
                sponsors,
                chart=True,
                note="A State counts when an actor it sponsors is named or a party attributed "
                "the incident to it; the ten most frequent are shown.",
            ),
        ),
        not_recorded=(),
    )


def _respond(figures: AnnualFigures, checked: Paragraph) -> tuple[ReportSection, int, int]:
    since, until = figures.since, figures.until
    responses = figures.responses
    instruments = tuple(
        Tally(
            row.instrument_id or "national",
            row.label,
            row.responses,
        )
        for row in responses.by_instrument
    )
    opened = [c for c in figures.cases if since <= c.created_at.date() <= until]
    decided = [
        c
        for c in figures.cases
        if c.decided_at is not None and since <= c.decided_at.date() <= until
    ]
    standing = Counter(case.state for case in opened)
    states = tuple(
        Tally(state.value, state.label, count)
        for state, count in sorted(standing.items(), key=lambda item: (-item[1], item[0].value))
    )
    return (
        ReportSection(
            id="respond",
            title="Respond",
            paragraphs=(
                Paragraph(
                    f"The EU made {responses.eu:,} public responses in the period and the "
                    f"Member States {responses.national:,}, as the knowledge base's register "
                    "of public responses records them. A response about incidents counts "
                    "only when you may read one of them.",
                ),
                Paragraph(
                    f"{len(opened):,} response cases were opened in the period and "
                    f"{len(decided):,} decided."
                ),
                checked,
            ),
            breakdowns=(
                breakdown(
                    "by-instrument",
                    "Public responses by instrument",
                    "responses",
                    instruments,
                    chart=True,
                ),
                breakdown(
                    "cases-by-state",
                    "Response cases opened in the period, by where they stand now",
                    "cases",
                    states,
                    chart=False,
                ),
            ),
            not_recorded=("Rapid-response team deployments",),
        ),
        len(opened),
        len(decided),
    )


def _deter(
    figures: AnnualFigures, knowledge: KnowledgeBase, notes: SourceNotes
) -> tuple[ReportSection, int, int]:
    since, until = figures.since, figures.until
    listed = [item for item in figures.listings if since <= item.listed_on <= until]
    delisted = [
        item
        for item in figures.listings
        if item.delisting is not None and since <= item.delisting.delisted_on <= until
    ]
    paragraphs: list[Paragraph] = []
    persons = sum(1 for item in listed if item.kind.value == "person")
    paragraphs.append(
        Paragraph(
            f"{len(listed):,} persons and entities were listed under the EU's cyber "
            f"sanctions in the period ({persons:,} persons, {len(listed) - persons:,} "
            "entities).",
            _cite(notes, [source for item in listed for source in item.sources]),
        )
    )
    for regime in figures.regimes:
        for renewal in regime.renewals:
            if renewal.decided_on.latest < since or renewal.decided_on.earliest > until:
                continue
            paragraphs.append(
                Paragraph(
                    f"Renewal ({when(renewal.decided_on)}, {renewal.act}): "
                    f"{renewal.summary.rstrip('.')}.",
                    _cite(notes, renewal.sources),
                )
            )
    for item in delisted:
        assert item.delisting is not None  # chosen for its delisting above
        paragraphs.append(
            Paragraph(
                f"Delisted: {item.name} ({long_date(item.delisting.delisted_on)}, "
                f"{item.delisting.act}): {item.delisting.reason.rstrip('.')}.",
                _cite(notes, item.delisting.sources),
            )
        )
    if not delisted:
        paragraphs.append(Paragraph("No person or entity was delisted in the period."))
    sponsors = Counter(item.sponsor or "" for item in listed)
    by_sponsor = tuple(
        Tally(code or "none", country(code, knowledge) if code else "No State linked", count)
        for code, count in sorted(sponsors.items(), key=lambda item: (-item[1], item[0]))
    )
    return (
        ReportSection(
            id="deter",
            title="Deter",
            paragraphs=tuple(paragraphs),
            breakdowns=(
                breakdown(
                    "listed-by-sponsor",
                    "Persons and entities listed in the period, by the State public "
                    "attributions link them to",
                    "listings",
                    by_sponsor,
                    chart=True,
                ),
            ),
            not_recorded=(),
        ),
        len(listed),
        len(delisted),
    )


def trends_of(trend: IncidentStatistics, since: date, until: date) -> Trends:
    years = tuple(range(until.year - TREND_YEARS + 1, until.year + 1))
    counts: dict[str, dict[int, int]] = {}
    for row in trend.by_year_and_type:
        if row.year in years:
            counts.setdefault(row.type, {})[row.year] = row.incidents
    rows = tuple(
        TrendRow(kind.value, kind.label, tuple(counts.get(kind.value, {}).get(y, 0) for y in years))
        for kind in IncidentType
        if kind.value in counts
    )
    breaches = tuple(counts.get(IncidentType.DATA_BREACH.value, {}).get(y, 0) for y in years)
    first, last = breaches[0], breaches[-1]
    if first == 0:
        change = (
            f"Data breaches: none recorded in {years[0]}, {last:,} in {years[-1]}; "
            "no rate of change from zero."
        )
    else:
        percent = round((last - first) * 100 / first)
        moved = f"{percent:+d} % over five years" if percent else "no change over five years"
        change = f"Data breaches: {first:,} in {years[0]}, {last:,} in {years[-1]} ({moved})."
    partial = (
        f"{until.year} is counted to {long_date(until)}."
        if (until.month, until.day) != (12, 31)
        else None
    )
    return Trends(years, rows, partial, change, breaches)


def type_tallies(counts: Sequence[Count]) -> tuple[Tally, ...]:
    labels = {kind.value: kind.label for kind in IncidentType}
    return tuple(Tally(row.key, labels.get(row.key, row.key), row.incidents) for row in counts)


def labelled_tallies(counts: Sequence[Count], label: _Label) -> tuple[Tally, ...]:
    return tuple(Tally(row.key, label(row.key), row.incidents) for row in counts)


def _cite(notes: SourceNotes, sources: Sequence[str]) -> tuple[int, ...]:
    return tuple(sorted({notes.cite_reference(source) for source in sources}))


CONTRIBUTION_TEMPLATE = (
    ContributionHeading(
        "1. National overview",
        "The main malicious cyber activities that affected your State in the period, with "
        "their dates, victims and effects; the marking (TLP) of each contribution.",
    ),
    ContributionHeading(
        "2. Prevent",
        "Confidence-building measures implemented (OSCE CBM number, what was done, when), "
        "capacity-building projects led or funded (partner, budget, period), points of "
        "contact kept up to date.",
    ),
    ContributionHeading(
        "3. Detect",
        "Incidents your authorities detected or handled, by type and sector; information "
        "shared with EU bodies and partners (which networks, how often).",
    ),
    ContributionHeading(
        "4. Respond",
        "National responses (statements, attributions, démarches, summoning of "
        "ambassadors) with date and source; your positions in EU response cases.",
    ),
    ContributionHeading(
        "5. Deter",
        "Proposals for listings or delistings under the cyber sanctions regime, national "
        "restrictive measures, prosecutions and indictments with their references.",
    ),
    ContributionHeading(
        "6. Lessons and proposals",
        "What worked, what did not, and what the EU should change in the coming year.",
    ),
    ContributionHeading(
        "7. Contact",
        "The name, service and address of who can answer questions on the contribution.",
    ),
)
