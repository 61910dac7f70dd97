"""The draft UN contribution: what the store holds for one period, arranged by the six pillars
of the UN Open-ended Working Group (OEWG) on ICT security — threats, norms, international law,
confidence-building measures, capacity building, regular institutional dialogue.

It draws on the same counts as the annual report (``report.annual``, ``report.cooperation``):
the Toolbox counts them for the reader's clearance, and this module only words them. Norms and
international law come from the assessment engine's findings on the incidents of the period.
A register this system does not keep is said to be not recorded; no figure is made up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from cdtoolbox.assess import LawFinding, LawStatus, NormFinding, NormStatus
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import Tlp
from cdtoolbox.model.cooperation import ImplementationRecord, RoundReport
from cdtoolbox.model.dialogues import Dialogue, DialogueRound
from cdtoolbox.model.statistics import IncidentCoverage, IncidentStatistics
from cdtoolbox.model.un_process import EU_PARTY, UnSession, UnStatement
from cdtoolbox.report.annual import (
    CheckRoundRow,
    ReportSection,
    Trends,
    labelled_tallies,
    trends_of,
    type_tallies,
)
from cdtoolbox.report.capacity import RunningProjects, capacity_projects
from cdtoolbox.report.cooperation import cbm_implementation, cbm_reference, communication_checks
from cdtoolbox.report.counted import marking_of, updates_of
from cdtoolbox.report.notes import Note, SourceNotes
from cdtoolbox.report.parts import Paragraph, Tally, breakdown
from cdtoolbox.report.words import country, day, long_date

__all__ = ["UN_SCHEMA", "Findings", "UnContribution", "UnFigures", "build_un_contribution"]

Findings = tuple[tuple[NormFinding, ...], tuple[LawFinding, ...]]
"""One incident's norm and law findings, as ``Assessor.norms_and_law`` gives them."""

UN_SCHEMA = "cdtoolbox/un-contribution/1"
"""Names the JSON layout (docs/reports.md); a change that breaks readers gets a new number."""

DRAFT_NOTICE = (
    "Draft contribution for the UN Open-ended Working Group on ICT security, prepared from "
    "the records of this system; to be reviewed and cleared before any use outside it."
)


@dataclass(frozen=True, slots=True)
class UnContribution:
    """The contribution of one period as its reader is cleared to see it; ``tlp`` is the most
    restrictive marking of what it counts, ``as_of`` the day the latest incident changed."""

    schema: str
    title: str
    status: str  # the draft notice of the title block
    since: str  # ISO day
    until: str
    period: str
    tlp: str
    tlp_label: str
    as_of: str | None
    key_figures: tuple[Tally, ...]
    sections: tuple[ReportSection, ...]  # the six OEWG pillars, in their usual order
    trends: Trends  # worded in the threats section
    communication_checks: tuple[CheckRoundRow, ...]  # worded in the CBM section
    notes: tuple[Note, ...]


@dataclass(frozen=True, slots=True)
class UnFigures:
    """What the Toolbox counted for one period and one reader, to be worded here."""

    since: date
    until: date
    incidents: IncidentStatistics  # the period
    coverage: IncidentCoverage  # the period
    trend: IncidentStatistics  # the five years to the period's end
    trend_coverage: IncidentCoverage
    # The norm and law findings of each incident of the period the reader may read.
    findings: Sequence[Findings]
    implementations: Sequence[ImplementationRecord]  # reported in the period
    check_rounds: Sequence[RoundReport]  # opened in the period
    networks: Mapping[str, str]  # network id -> name
    contact_markings: Mapping[str, Tlp]  # point of contact id -> its marking
    projects: RunningProjects  # capacity-building projects running in the period
    sessions: Sequence[UnSession]  # sessions of the UN process held in the period
    statements: Sequence[UnStatement]  # statements recorded as delivered in the period
    rounds: Sequence[tuple[Dialogue, DialogueRound]]  # dialogue rounds held in the period


def build_un_contribution(figures: UnFigures, knowledge: KnowledgeBase) -> UnContribution:
    since, until = figures.since, figures.until
    notes = SourceNotes()
    marking = max(
        (
            marking_of(figures),
            *(project.tlp for project in figures.projects[0]),
            *(statement.tlp for statement in figures.statements),
            *(held.tlp for _, held in figures.rounds),
        ),
        key=lambda tlp: tlp.rank,
    )
    updated = updates_of(figures)
    # Built in the order they are printed: the notes are numbered as first cited.
    threats = _threats(figures, knowledge)
    norms, engaged = _norms(figures.findings, knowledge, notes)
    law, principles = _law(figures.findings, knowledge, notes)
    checked, rounds = communication_checks(figures.check_rounds, figures.networks)
    reported, cbm_breakdowns = cbm_implementation(figures.implementations, knowledge)
    cbms = ReportSection(
        id="cbms",
        title="Confidence-building measures",
        paragraphs=(cbm_reference(knowledge, notes), reported, checked),
        breakdowns=cbm_breakdowns,
        not_recorded=(),
    )
    projects, capacity_breakdowns = capacity_projects(figures.projects, knowledge)
    capacity = ReportSection(
        id="capacity-building",
        title="Capacity building",
        paragraphs=(projects,),
        breakdowns=capacity_breakdowns,
        not_recorded=(),
    )
    dialogue = _dialogue(figures, knowledge)
    key_figures = (
        Tally("incidents", "Incidents active in the period", figures.incidents.total),
        Tally("norms-engaged", "UN norms found engaged by at least one incident", engaged),
        Tally(
            "law-principles",
            "Principles of international law the assessments point to",
            principles,
        ),
        Tally(
            "cbm-records",
            "CBM implementation records dated in the period",
            len(figures.implementations),
        ),
        Tally("check-rounds", "Communication checks opened", len(rounds)),
        Tally("capacity-projects", "Capacity-building projects running", len(figures.projects[0])),
        Tally(
            "un-statements", "Statements recorded as delivered at the UN", len(figures.statements)
        ),
        Tally("dialogue-rounds", "Rounds of the EU's cyber dialogues held", len(figures.rounds)),
    )
    return UnContribution(
        schema=UN_SCHEMA,
        title=f"Contribution to the UN OEWG: {long_date(since)} to {long_date(until)}",
        status=DRAFT_NOTICE,
        since=since.isoformat(),
        until=until.isoformat(),
        period=f"{long_date(since)} to {long_date(until)}",
        tlp=marking.value,
        tlp_label=marking.label,
        as_of=day(max(updated)) if updated else None,
        key_figures=key_figures,
        sections=(threats, norms, law, cbms, capacity, dialogue),
        trends=trends_of(figures.trend, since, until),
        communication_checks=rounds,
        notes=notes.all(),
    )


def _dialogue(figures: UnFigures, knowledge: KnowledgeBase) -> ReportSection:
    """The UN process and the EU's dialogues in the period, from the UN register and the
    dialogues register: sessions held, statements delivered, dialogue rounds held."""
    paragraphs: list[Paragraph] = []
    if figures.sessions:
        held = "; ".join(
            f"{session.title} ({_days(session.starts, session.ends)})"
            for session in figures.sessions
        )
        paragraphs.append(Paragraph(f"Sessions of the UN process held in the period: {held}."))
    parties = Counter(statement.party for statement in figures.statements)
    if figures.statements:
        by_eu = parties[EU_PARTY]
        paragraphs.append(
            Paragraph(
                f"{len(figures.statements):,} statements delivered in the period are recorded: "
                f"{by_eu:,} on behalf of the EU and {len(figures.statements) - by_eu:,} by "
                "Member States."
            )
        )
    if figures.rounds:
        rounds = "; ".join(f"{dialogue.title}: {held.label}" for dialogue, held in figures.rounds)
        paragraphs.append(
            Paragraph(f"Rounds of the EU's cyber dialogues held in the period: {rounds}.")
        )
    if not paragraphs:
        paragraphs.append(
            Paragraph(
                "No session of the UN process, statement delivered there or round of the EU's "
                "cyber dialogues recorded in this system falls in the period."
            )
        )
    by_party = tuple(
        Tally(party, "European Union" if party == EU_PARTY else country(party, knowledge), count)
        for party, count in sorted(parties.items(), key=lambda item: (-item[1], item[0]))
    )
    return ReportSection(
        id="institutional-dialogue",
        title="Regular institutional dialogue",
        paragraphs=tuple(paragraphs),
        breakdowns=(
            breakdown(
                "un-statements-by-party",
                "Statements recorded as delivered at the UN in the period, by speaker",
                "statements",
                by_party,
                chart=False,
            ),
        ),
        not_recorded=(),
    )


def _days(starts: date | None, ends: date | None) -> str:
    if starts is None:
        return "dates not confirmed"
    if ends is None or ends == starts:
        return long_date(starts)
    return f"{long_date(starts)} to {long_date(ends)}"


def _threats(figures: UnFigures, knowledge: KnowledgeBase) -> ReportSection:
    stats = figures.incidents
    sectors = labelled_tallies(
        figures.coverage.by_sector,
        lambda key: found.name if (found := knowledge.sectors.find(key)) else key,
    )
    return ReportSection(
        id="threats",
        title="Existing and potential threats",
        paragraphs=(
            Paragraph(
                f"{stats.total:,} malicious cyber incidents recorded in this system were active "
                "in the period. Counted: the incidents whose activity overlaps the period, "
                "within the reader's clearance; an incident of two types or sectors counts "
                "under each. Incidents without a start date are not counted."
            ),
        ),
        breakdowns=(
            breakdown(
                "by-type", "Incidents by type", "incidents", type_tallies(stats.by_type), chart=True
            ),
            breakdown("by-sector", "Incidents by victim sector", "incidents", sectors, chart=True),
        ),
        not_recorded=(),
    )


def _norms(
    findings: Sequence[Findings], knowledge: KnowledgeBase, notes: SourceNotes
) -> tuple[ReportSection, int]:
    engaged: Counter[str] = Counter()
    possibly: Counter[str] = Counter()
    for norm_findings, _ in findings:
        for finding in norm_findings:
            if finding.status is NormStatus.ENGAGED:
                engaged[finding.norm_id] += 1
            elif finding.status is NormStatus.POSSIBLY_ENGAGED:
                possibly[finding.norm_id] += 1
    norms = knowledge.norms.all()
    # The sources of the norms the findings name, and only those: each is cited where used.
    sources = sorted(
        {
            source
            for norm in norms
            if engaged[norm.id] or possibly[norm.id]
            for source in norm.sources
        }
    )
    cited = tuple(sorted({notes.cite_reference(source) for source in sources}))

    def rows(counts: Counter[str]) -> tuple[Tally, ...]:
        return tuple(
            Tally(norm.id, f"{norm.id}: {norm.title}", counts[norm.id])
            for norm in sorted(norms, key=lambda n: (-counts[n.id], n.id))
            if counts[norm.id]
        )

    return (
        ReportSection(
            id="norms",
            title="Rules, norms and principles of responsible State behaviour",
            paragraphs=(
                Paragraph(
                    f"The assessment engine looked at the {len(findings):,} incidents of the "
                    "period against the eleven voluntary norms of the 2015 UN GGE report "
                    f"(A/70/174, para 13): {len(engaged):,} norms were found engaged and "
                    f"{len(possibly):,} possibly engaged by at least one incident. These are "
                    "the engine's findings on the recorded facts, not a legal determination.",
                    cited,
                ),
            ),
            breakdowns=(
                breakdown(
                    "norms-engaged",
                    "Incidents found engaging each norm",
                    "incidents",
                    rows(engaged),
                    chart=True,
                ),
                breakdown(
                    "norms-possibly-engaged",
                    "Incidents found possibly engaging each norm",
                    "incidents",
                    rows(possibly),
                    chart=False,
                ),
            ),
            not_recorded=(),
        ),
        len(engaged),
    )


def _law(
    findings: Sequence[Findings], knowledge: KnowledgeBase, notes: SourceNotes
) -> tuple[ReportSection, int]:
    possible: Counter[str] = Counter()
    to_examine: Counter[str] = Counter()
    for _, law_findings in findings:
        for finding in law_findings:
            if finding.status is LawStatus.POSSIBLE:
                possible[finding.principle_id] += 1
            elif finding.status is LawStatus.TO_EXAMINE:
                to_examine[finding.principle_id] += 1
    principles = knowledge.law.all()
    named = {principle.id for principle in principles if possible[principle.id]}
    cited = tuple(
        sorted(
            {
                notes.cite_reference(source)
                for principle in principles
                if principle.id in named
                for source in principle.sources
            }
        )
    )

    def rows(counts: Counter[str]) -> tuple[Tally, ...]:
        return tuple(
            Tally(principle.id, principle.concept, counts[principle.id])
            for principle in sorted(principles, key=lambda p: (-counts[p.id], p.id))
            if counts[principle.id]
        )

    return (
        ReportSection(
            id="international-law",
            title="How international law applies",
            paragraphs=(
                Paragraph(
                    f"On the recorded facts, the assessments point to {len(named):,} principles "
                    f"of international law as possibly engaged, and {len(to_examine):,} to "
                    "examine further. A legal assessment has to confirm each.",
                    cited,
                ),
            ),
            breakdowns=(
                breakdown(
                    "law-possible",
                    "Incidents for which each principle is possibly engaged",
                    "incidents",
                    rows(possible),
                    chart=True,
                ),
                breakdown(
                    "law-to-examine",
                    "Incidents for which each principle is to examine",
                    "incidents",
                    rows(to_examine),
                    chart=False,
                ),
            ),
            not_recorded=(),
        ),
        len(named),
    )
