"""The decision brief of one incident: what happened, how severe and why, who is held
responsible and how firmly, which norms and law are engaged, the recommended options with
their decision rules and precedents, and the sources as numbered notes.

A ``DecisionBrief`` holds words, not codes: every country, sector, actor and vocabulary value
is already spelled out, so each renderer (JSON, Markdown, HTML, PDF) and the incident page show
exactly the same text. ``build_brief`` is pure: the Toolbox reads the incident, its assessment
and the markings of the precedents it cites with the reader's clearance and hands them here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cdtoolbox.assess import Assessment
from cdtoolbox.assess.assessment import (
    AttributionClaim,
    DimensionScore,
    LawStatus,
    NormStatus,
    PrecedentMatch,
    ResponseOption,
)
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import Incident, Tlp
from cdtoolbox.model.sources import Source
from cdtoolbox.report.notes import Note, SourceNotes
from cdtoolbox.report.words import country, day, when

__all__ = [
    "BRIEF_SCHEMA",
    "BriefAttribution",
    "BriefClaim",
    "BriefOption",
    "BriefPrecedent",
    "BriefProcedure",
    "BriefSeverity",
    "DecisionBrief",
    "Engagement",
    "Figure",
    "Note",
    "SeverityDriver",
    "build_brief",
]

BRIEF_SCHEMA = "cdtoolbox/decision-brief/1"
"""Names the JSON layout (docs/reports.md); a change that breaks readers gets a new number."""

# What keeps a brief to two A4 pages: the strongest severity dimensions, the options the
# recommendation ranks, the closest precedents. The full assessment stays on the incident page.
_MAX_DRIVERS = 5
_MAX_PRECEDENTS = 3
_SHOWN_NORMS = (NormStatus.ENGAGED, NormStatus.POSSIBLY_ENGAGED)


@dataclass(frozen=True, slots=True)
class Figure:
    """One key fact of the incident, as a label and its value in words."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class SeverityDriver:
    """A severity dimension that weighs in the level: its most likely score and why."""

    dimension: str
    label: str
    score: str  # "4 of 4", "at least 1 of 4 (likely 3)"
    reason: str


@dataclass(frozen=True, slots=True)
class BriefSeverity:
    level: str  # a SeverityLevel value: "critical"
    range: str | None  # "high to critical" when unknown facts widen it, else None
    summary: str
    drivers: tuple[SeverityDriver, ...]
    uncertainties: tuple[str, ...]  # why the range is wide, or what is not known


@dataclass(frozen=True, slots=True)
class BriefClaim:
    """One party's attribution and how firm it is."""

    party: str
    date: str | None
    names: str  # "Russia; actor Sandworm", or "no state or actor"
    firmness: str  # "almost certain, high confidence", "not stated"
    basis: str  # "intelligence, political"
    wording: str | None
    notes: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class BriefAttribution:
    summary: str
    states: tuple[str, ...]  # "Russia (RU), named by United Kingdom, United States"
    actors: tuple[str, ...]
    perpetrators: tuple[str, ...]
    claims: tuple[BriefClaim, ...]


@dataclass(frozen=True, slots=True)
class Engagement:
    """A UN norm or a principle of international law the facts engage."""

    id: str
    title: str
    status: str  # "engaged", "possibly engaged", "possible", "to examine"
    reason: str


@dataclass(frozen=True, slots=True)
class BriefPrecedent:
    slug: str
    title: str
    similarity: int  # percent
    shared: tuple[str, ...]
    responses: tuple[str, ...]  # how it was answered, dated; empty: no public response


@dataclass(frozen=True, slots=True)
class BriefOption:
    """A recommended Toolbox option, with who decides and how."""

    rank: int
    instrument_id: str
    name: str
    category: str
    ladder_level: int
    why: str
    decided_by: str
    decision_rule: str  # "needs the unanimity of the Member States"
    available: bool
    missing: tuple[str, ...]
    precedents: tuple[BriefPrecedent, ...]  # similar incidents answered with this option


@dataclass(frozen=True, slots=True)
class BriefProcedure:
    """A procedure of the Union or of a Member State that answers conduct of a Member
    State's own authorities, which the Toolbox (external action) does not address."""

    name: str
    body: str
    legal_basis: str
    notes: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class DecisionBrief:
    """One incident's decision brief, as its reader is cleared to see it.

    ``tlp`` is the most restrictive marking of anything the brief includes (the incident and
    the precedents it cites); ``as_of`` is when the incident was last changed, so the same
    store gives the same brief.
    """

    schema: str
    incident_id: str
    slug: str
    title: str
    tlp: str  # a Tlp value
    tlp_label: str  # "TLP:AMBER"
    as_of: str | None  # "2026-12-01"
    ruleset: str
    what_happened: str
    what_happened_notes: tuple[int, ...]
    facts: tuple[Figure, ...]
    severity: BriefSeverity
    attribution: BriefAttribution
    norms: tuple[Engagement, ...]
    law: tuple[Engagement, ...]  # the principles the facts point to
    law_to_examine: tuple[str, ...]  # those the facts suggest without settling: named only
    response_level: str  # "EU restrictive measures"
    response_level_rule: str
    response_level_reasons: tuple[str, ...]
    internal_procedures: tuple[BriefProcedure, ...]  # only for a Member State's own conduct
    options: tuple[BriefOption, ...]
    precedents: tuple[BriefPrecedent, ...]
    notes: tuple[Note, ...]


def build_brief(
    incident: Incident,
    assessment: Assessment,
    knowledge: KnowledgeBase,
    precedent_markings: Mapping[str, Tlp],
) -> DecisionBrief:
    """The brief of ``incident`` from its ``assessment``. ``precedent_markings`` gives the
    marking of each precedent the assessment cites (by slug) that the reader may read; a
    precedent missing from it is left out of the brief."""
    notes = SourceNotes()
    summary_notes = tuple(notes.cite(source) for source in incident.sources)
    claims = tuple(
        _claim(claim, attribution.source, notes, knowledge)
        for claim, attribution in zip(
            assessment.attribution.claims, incident.attributions, strict=True
        )
    )
    readable = [m for m in assessment.precedents if m.slug in precedent_markings]
    precedents = {m.slug: _precedent(m) for m in readable}
    marking = max(
        (incident.tlp, *(precedent_markings[m.slug] for m in readable)), key=lambda t: t.rank
    )
    options = tuple(
        _option(ranked.rank, ranked.why, assessment.option(ranked.instrument_id), precedents)
        for ranked in assessment.recommendation.ranked
    )
    level = assessment.recommendation.response_level
    return DecisionBrief(
        schema=BRIEF_SCHEMA,
        incident_id=incident.id,
        slug=incident.slug,
        title=incident.title,
        tlp=marking.value,
        tlp_label=marking.label,
        as_of=day(incident.updated_at),
        ruleset=assessment.ruleset,
        what_happened=incident.summary.strip() or "No summary recorded.",
        what_happened_notes=summary_notes,
        facts=_facts(incident, knowledge),
        severity=_severity(assessment),
        attribution=BriefAttribution(
            summary=assessment.attribution.summary,
            states=tuple(
                f"{country(named.state, knowledge)}, named by {', '.join(named.parties)}"
                for named in assessment.attribution.states
            ),
            actors=assessment.attribution.actors,
            perpetrators=assessment.attribution.perpetrators,
            claims=claims,
        ),
        norms=tuple(
            Engagement(n.norm_id, n.title, n.status.label, n.reason)
            for n in assessment.norms
            if n.status in _SHOWN_NORMS
        ),
        law=tuple(
            Engagement(finding.principle_id, finding.concept, finding.status.label, finding.reason)
            for finding in assessment.law
            if finding.status is LawStatus.POSSIBLE
        ),
        law_to_examine=tuple(
            finding.concept for finding in assessment.law if finding.status is LawStatus.TO_EXAMINE
        ),
        response_level=level.level.label,
        response_level_rule=level.rule_title,
        response_level_reasons=level.reasons,
        internal_procedures=tuple(
            BriefProcedure(
                procedure.name,
                procedure.body,
                procedure.legal_basis,
                tuple(notes.cite_reference(source) for source in procedure.sources),
            )
            for procedure in level.internal_procedures
        ),
        options=options,
        precedents=tuple(precedents.values())[:_MAX_PRECEDENTS],
        notes=notes.all(),
    )


def _listed(values: list[str]) -> str:
    return ", ".join(values) if values else "unknown"


def _facts(incident: Incident, knowledge: KnowledgeBase) -> tuple[Figure, ...]:
    sectors = [
        sector.name if (sector := knowledge.sectors.find(sector_id)) else sector_id
        for sector_id in incident.victim_sectors
    ]
    active = when(incident.start)
    if incident.end:
        active += f" to {when(incident.end)}"
    facts = [
        Figure("Active", active),
        Figure("Made public", when(incident.disclosed)),
        Figure("Type", _listed([kind.label for kind in incident.types])),
        Figure(
            "Victim countries",
            _listed([country(code, knowledge) for code in incident.victim_countries]),
        ),
        Figure("Victim sectors", _listed(sectors)),
    ]
    if incident.victim_organisations:
        facts.append(
            Figure("Victims named", ", ".join(org.name for org in incident.victim_organisations))
        )
    facts.extend(_impact(incident))
    return tuple(facts)


def _impact(incident: Incident) -> list[Figure]:
    """The impact figures that are known: an unknown one is no figure to brief on."""
    impact = incident.impact
    figures: list[Figure] = []
    counts = (
        ("People affected", impact.people_affected),
        ("Systems affected", impact.systems_affected),
        ("Records exposed", impact.records_exposed),
    )
    figures.extend(Figure(label, f"{value:,}") for label, value in counts if value is not None)
    if impact.financial_loss_usd is not None:
        figures.append(Figure("Financial loss", f"US$ {impact.financial_loss_usd:,.0f}"))
    if impact.outage_hours is not None:
        figures.append(Figure("Outage", f"{impact.outage_hours:,.0f} hours"))
    if impact.physical_damage is not None:
        damage = "yes" if impact.physical_damage else "none"
        if impact.physical_damage and impact.physical_effects:
            damage += f": {impact.physical_effects}"
        figures.append(Figure("Physical damage", damage))
    return figures


def _score(dimension: DimensionScore) -> str:
    if dimension.score is None:
        return f"unknown (likely {dimension.likely} of 4)"
    floor = "at least " if dimension.status.value == "lower-bound" else ""
    text = f"{floor}{dimension.score} of 4"
    if dimension.likely is not None and dimension.likely != dimension.score:
        text += f" (likely {dimension.likely})"
    return text


def _severity(assessment: Assessment) -> BriefSeverity:
    severity = assessment.severity
    weighing = [d for d in severity.dimensions if (d.likely or 0) > 0]
    # The strongest first; the engine's own order breaks ties, so the brief is stable.
    strongest = sorted(weighing, key=lambda d: -(d.likely or 0))[:_MAX_DRIVERS]
    spread = severity.lower != severity.upper
    return BriefSeverity(
        level=severity.level.value,
        range=f"{severity.lower.value} to {severity.upper.value}" if spread else None,
        summary=severity.summary,
        drivers=tuple(SeverityDriver(d.dimension, d.label, _score(d), d.reason) for d in strongest),
        uncertainties=severity.range_reasons,
    )


def _claim(
    claim: AttributionClaim, source: Source | None, notes: SourceNotes, knowledge: KnowledgeBase
) -> BriefClaim:
    names = []
    if claim.state:
        names.append(country(claim.state, knowledge))
    if claim.actor:
        names.append(f"actor {claim.actor}")
    if claim.perpetrators:
        count = len(claim.perpetrators)
        names.append(
            f"{count} person{'s' if count > 1 else ''} or entit{'ies' if count > 1 else 'y'}"
        )
    firmness = [value.replace("-", " ") for value in (claim.likelihood,) if value]
    if claim.confidence:
        firmness.append(f"{claim.confidence} confidence")
    if claim.wording_level:
        firmness.append(f"wording: {claim.wording_level.value}")
    firmness.append("high confidence" if claim.high_confidence else "not high confidence")
    return BriefClaim(
        party=claim.party,
        date=claim.date,
        names="; ".join(names) or "no state or actor",
        firmness=", ".join(firmness),
        basis=", ".join(claim.basis) or "not stated",
        wording=claim.wording,
        notes=(notes.cite(source),) if source else (),
    )


def _precedent(match: PrecedentMatch) -> BriefPrecedent:
    return BriefPrecedent(
        slug=match.slug,
        title=match.title,
        similarity=round(match.similarity * 100),
        shared=match.shared,
        # Measures are recorded as sentences; the brief adds its own full stop.
        responses=tuple(f"{r.date}: {r.measure.rstrip('.')}" for r in match.responses),
    )


def _option(
    rank: int, why: str, option: ResponseOption, precedents: Mapping[str, BriefPrecedent]
) -> BriefOption:
    return BriefOption(
        rank=rank,
        instrument_id=option.instrument_id,
        name=option.name,
        category=option.category.label,
        ladder_level=option.level,
        why=why,
        decided_by=option.decided_by,
        decision_rule=option.decision_rule_label,
        available=option.available,
        missing=option.missing,
        precedents=tuple(precedents[slug] for slug in option.precedents if slug in precedents),
    )
