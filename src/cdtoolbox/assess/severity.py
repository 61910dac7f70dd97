"""Severity on seven separate dimensions, each scored 0-4 from recorded facts, then combined.

The dimensions follow the significant-effect factors of art. 2 of Regulation (EU) 2019/796
(= art. 3 of Decision (CFSP) 2019/797) and the intensity indicators of research repositories
such as EuRepoC; docs/assessment.md gives the mapping. A dimension whose facts are missing is
``unknown`` (no score); one with only some facts is a ``lower-bound``. Nothing unknown is
ever counted as zero.
"""

from __future__ import annotations

from collections.abc import Callable

from cdtoolbox.assess.assessment import (
    DimensionScore,
    DimensionStatus,
    Fact,
    Severity,
    SeverityLevel,
)
from cdtoolbox.assess.facts import DISRUPTIVE_TYPES, IncidentFacts
from cdtoolbox.model import IncidentType, SectorCriticality, TargetCategory

__all__ = ["DIMENSIONS", "SIGNIFICANT_EFFECT_LEVEL", "assess_severity", "band", "lower_first"]

#: The level from which an incident has a "significant effect" in the sense of art. 1(1) of
#: Reg. 2019/796 (a precondition of restrictive measures) and warrants a collective EU signal.
SIGNIFICANT_EFFECT_LEVEL = SeverityLevel.HIGH

# Upper bounds (exclusive) of score bands 1, 2 and 3; anything at or above the last is 4.
PEOPLE_BANDS = (1_000, 100_000, 1_000_000)
SYSTEM_BANDS = (100, 10_000, 100_000)
RECORD_BANDS = (10_000, 1_000_000, 100_000_000)
LOSS_BANDS_USD = (1_000_000, 100_000_000, 1_000_000_000)
HOUR_BANDS = (1, 24, 168)
COUNTRY_BANDS = (2, 5, 10)
ORGANISATION_BANDS = (2, 10, 100)

CONFIDENTIALITY_TYPES = frozenset(
    {
        IncidentType.ESPIONAGE,
        IncidentType.DATA_BREACH,
        IncidentType.HACK_AND_LEAK,
        IncidentType.ELECTION_INTERFERENCE,
    }
)
INTEGRITY_TYPES = frozenset(
    {
        IncidentType.WIPER,
        IncidentType.DEFACEMENT,
        IncidentType.SUPPLY_CHAIN,
        IncidentType.SABOTAGE,
        IncidentType.RANSOMWARE,
    }
)
# How far each type reaches into the operation of a critical-infrastructure operator.
CI_EFFECT = {
    IncidentType.SABOTAGE: 2,
    IncidentType.WIPER: 2,
    IncidentType.RANSOMWARE: 2,
    IncidentType.DDOS: 1,
    IncidentType.ESPIONAGE: 1,
    IncidentType.DATA_BREACH: 1,
    IncidentType.SUPPLY_CHAIN: 1,
    IncidentType.HACK_AND_LEAK: 1,
    IncidentType.ELECTION_INTERFERENCE: 1,
    IncidentType.DEFACEMENT: 0,
}
# Political weight of a victim category: state functions and elections weigh most.
POLITICAL_WEIGHT = {
    TargetCategory.ELECTIONS: 4,
    TargetCategory.GOVERNMENT: 3,
    TargetCategory.MILITARY: 3,
    TargetCategory.INTERNATIONAL_ORGANISATION: 3,
    TargetCategory.CIVIL_SOCIETY: 2,
    TargetCategory.MEDIA: 1,
    TargetCategory.RESEARCH: 1,
}
HEALTH_POLITICAL_WEIGHT = 2  # hospitals: lives and public trust, beyond the service itself
SURFACE_ONLY_TYPES = frozenset({IncidentType.DDOS, IncidentType.DEFACEMENT})


def lower_first(label: str) -> str:
    """A label inside a sentence: "Physical effects" → "physical effects", "NIS2" kept."""
    return label[:1].lower() + label[1:]


def band(value: float, bounds: tuple[float, float, float]) -> int:
    """Score 1-4 of a positive figure against three band bounds."""
    for score, bound in enumerate(bounds, start=1):
        if value < bound:
            return score
    return 4


def _score(
    dimension: str,
    score: int | None,
    status: DimensionStatus,
    reason: str,
    facts: list[Fact],
    missing: list[str] | tuple[str, ...] = (),
) -> DimensionScore:
    label, factors = DIMENSIONS[dimension]
    return DimensionScore(
        dimension, label, score, status, reason, tuple(facts), tuple(missing), factors
    )


def _physical(facts: IncidentFacts) -> DimensionScore:
    impact = facts.incident.impact
    found: list[Fact] = []
    if impact.physical_effects:
        found.append(Fact("impact.physical_effects", impact.physical_effects))
    if impact.physical_damage is not None:
        found.append(Fact("impact.physical_damage", "yes" if impact.physical_damage else "no"))
    if impact.physical_damage:
        return _score(
            "physical",
            4,
            DimensionStatus.ASSESSED,
            "physical damage or destruction is recorded",
            found,
        )
    if impact.physical_effects:
        reason = "physical processes were affected (recorded effects), without recorded destruction"
        return _score("physical", 3, DimensionStatus.ASSESSED, reason, found)
    if impact.physical_damage is False:
        return _score(
            "physical", 0, DimensionStatus.ASSESSED, "no physical damage, as recorded", found
        )
    if IncidentType.SABOTAGE in facts.types:
        reason = "sabotage of physical processes is recorded but not what it did to them"
        return _score(
            "physical",
            2,
            DimensionStatus.LOWER_BOUND,
            reason,
            [facts.type_fact()],
            ["impact.physical_effects"],
        )
    if facts.types:
        reason = "the recorded types act on data and services, not on physical processes"
        return _score("physical", 0, DimensionStatus.ASSESSED, reason, [facts.type_fact()])
    return _score(
        "physical",
        None,
        DimensionStatus.UNKNOWN,
        "no type and no physical effect recorded",
        [],
        ["types", "impact.physical_effects"],
    )


def _disruption(facts: IncidentFacts) -> DimensionScore:
    impact = facts.incident.impact
    found: list[Fact] = []
    missing: list[str] = []
    scale: int | None = None
    if impact.people_affected is not None:
        found.append(Fact("impact.people_affected", f"{impact.people_affected:,}"))
        scale = band(impact.people_affected, PEOPLE_BANDS)
    if impact.systems_affected is not None:
        found.append(Fact("impact.systems_affected", f"{impact.systems_affected:,}"))
        scale = max(scale or 0, band(impact.systems_affected, SYSTEM_BANDS))
    duration: int | None = None
    if impact.outage_hours is not None:
        found.append(Fact("impact.outage_hours", f"{impact.outage_hours:g}"))
        duration = band(impact.outage_hours, HOUR_BANDS)
    disruptive = facts.types & DISRUPTIVE_TYPES
    if not disruptive and duration is None and not impact.physical_effects:
        if facts.types:
            reason = "the recorded types do not disrupt services"
            return _score("disruption", 0, DimensionStatus.ASSESSED, reason, [facts.type_fact()])
        return _score(
            "disruption",
            None,
            DimensionStatus.UNKNOWN,
            "no type and no outage recorded",
            [],
            ["types", "impact.outage_hours"],
        )
    if disruptive:
        found.append(Fact("types", ", ".join(sorted(disruptive))))
    if scale is None:
        missing.append("impact.people_affected or impact.systems_affected")
    if duration is None:
        missing.append("impact.outage_hours")
    product = (scale or 1) * (duration or 1)
    score = 1 if product <= 2 else 2 if product <= 4 else 3 if product <= 9 else 4
    status = DimensionStatus.LOWER_BOUND if missing else DimensionStatus.ASSESSED
    reason = f"scale {scale or 'unknown'} x duration {duration or 'unknown'} (bands 1-4)"
    return _score("disruption", score, status, reason, found, missing)


def _data(facts: IncidentFacts) -> DimensionScore:
    impact = facts.incident.impact
    properties = []
    if facts.types & CONFIDENTIALITY_TYPES:
        properties.append("confidentiality")
    if facts.types & INTEGRITY_TYPES:
        properties.append("integrity")
    if facts.types & {IncidentType.WIPER, IncidentType.RANSOMWARE, IncidentType.SABOTAGE}:
        properties.append("availability of data")
    if not properties:
        if facts.types:
            reason = "no data was accessed, altered or destroyed by the recorded types"
            return _score("data", 0, DimensionStatus.ASSESSED, reason, [facts.type_fact()])
        return _score("data", None, DimensionStatus.UNKNOWN, "no type recorded", [], ["types"])
    found = [Fact("data.properties", ", ".join(properties)), facts.type_fact()]
    missing: list[str] = []
    score = 0
    if "confidentiality" in properties:
        if impact.records_exposed is not None:
            found.append(Fact("impact.records_exposed", f"{impact.records_exposed:,}"))
            score = band(impact.records_exposed, RECORD_BANDS)
        elif impact.people_affected is not None and IncidentType.DATA_BREACH in facts.types:
            found.append(Fact("impact.people_affected", f"{impact.people_affected:,}"))
            score = band(impact.people_affected, RECORD_BANDS)
        else:
            missing.append("impact.records_exposed")
            score = 2 if IncidentType.HACK_AND_LEAK in facts.types else 1
    if facts.types & {IncidentType.WIPER, IncidentType.RANSOMWARE}:
        if impact.systems_affected is not None:
            score = max(score, band(impact.systems_affected, SYSTEM_BANDS))
        else:
            missing.append("impact.systems_affected")
            score = max(score, 1)
    score = max(score, 1)
    status = DimensionStatus.LOWER_BOUND if missing else DimensionStatus.ASSESSED
    reason = f"{', '.join(properties)} compromised"
    return _score("data", score, status, reason, found, missing)


def _economic(facts: IncidentFacts) -> DimensionScore:
    loss = facts.incident.impact.financial_loss_usd
    benefit = facts.types & {IncidentType.RANSOMWARE}
    if loss is None:
        reason = "no loss figure recorded"
        if benefit:
            reason += "; ransomware seeks economic benefit for the perpetrator (art. 2(e))"
        return _score(
            "economic",
            None,
            DimensionStatus.UNKNOWN,
            reason,
            [facts.type_fact()] if benefit else [],
            ["impact.financial_loss_usd"],
        )
    score = band(loss, LOSS_BANDS_USD)
    found = [Fact("impact.financial_loss_usd", f"{loss:,.0f}")]
    return _score(
        "economic", score, DimensionStatus.ASSESSED, f"losses of about USD {loss:,.0f}", found
    )


def _breadth(facts: IncidentFacts) -> DimensionScore:
    impact = facts.incident.impact
    candidates: list[int] = []
    found: list[Fact] = []
    if facts.countries:
        found.append(facts.country_fact())
        score = band(len(facts.countries), COUNTRY_BANDS)
        if len(facts.member_states) >= 2:
            found.append(Fact("victims.member_states", ", ".join(facts.member_states)))
            score = min(4, score + 1)
        candidates.append(score)
    organisations = facts.incident.victim_organisations
    if organisations:
        found.append(Fact("victims.organisations", str(len(organisations))))
        candidates.append(band(len(organisations), ORGANISATION_BANDS))
    for name, value in (
        ("people_affected", impact.people_affected),
        ("records_exposed", impact.records_exposed),
    ):
        if value is not None:
            found.append(Fact(f"impact.{name}", f"{value:,}"))
            candidates.append(band(value, PEOPLE_BANDS))
    if not candidates:
        return _score(
            "breadth",
            None,
            DimensionStatus.UNKNOWN,
            "no victim country, organisation or count recorded",
            [],
            ["victims.countries"],
        )
    if facts.incident.is_campaign:
        found.append(Fact("campaign", "yes"))
    countries = len(facts.countries)
    reason = f"victim countries: {countries}, of which EU Member States: {len(facts.member_states)}"
    return _score("breadth", max(candidates), DimensionStatus.ASSESSED, reason, found)


def _critical_infrastructure(facts: IncidentFacts) -> DimensionScore:
    if not facts.sectors:
        return _score(
            "critical_infrastructure",
            None,
            DimensionStatus.UNKNOWN,
            "no victim sector recorded",
            [],
            ["victims.sectors"],
        )
    critical = tuple(
        sector
        for sector in facts.sectors
        if sector.criticality is SectorCriticality.OTHER
        or (
            sector.criticality is SectorCriticality.HIGH
            and sector.target_category is TargetCategory.CRITICAL_INFRASTRUCTURE
        )
    )
    if not critical:
        reason = (
            "no victim in a NIS2 critical sector (state bodies are weighed under political "
            "significance)"
        )
        return _score(
            "critical_infrastructure", 0, DimensionStatus.ASSESSED, reason, [facts.sector_fact()]
        )
    high = [s for s in critical if s.criticality is SectorCriticality.HIGH]
    base = 2 if high else 1
    found = [
        Fact("victims.sectors (NIS2)", ", ".join(f"{s.id} ({s.criticality})" for s in critical))
    ]
    if facts.incident.impact.physical_effects:
        effect = 2
        found.append(Fact("impact.physical_effects", facts.incident.impact.physical_effects))
    else:
        effect = max((CI_EFFECT[kind] for kind in facts.types), default=0)
        found.append(facts.type_fact())
    status = DimensionStatus.ASSESSED if facts.types or effect else DimensionStatus.LOWER_BOUND
    annex = "Annex I (high criticality)" if high else "Annex II (other critical)"
    reason = f"NIS2 {annex} sector hit; effect on its operation {effect} of 2"
    return _score(
        "critical_infrastructure",
        min(4, base + effect),
        status,
        reason,
        found,
        () if facts.types else ("types",),
    )


def _political(facts: IncidentFacts) -> DimensionScore:
    weights: list[int] = []
    found: list[Fact] = []
    weighed = []
    heaviest = ""
    for sector in facts.sectors:
        weight = POLITICAL_WEIGHT.get(sector.target_category, 0)
        if sector.id == "health":
            weight = max(weight, HEALTH_POLITICAL_WEIGHT)
        if weight:
            weighed.append(sector.id)
            if weight > max(weights, default=0):
                heaviest = sector.name.lower()
        weights.append(weight)
    if weighed:
        found.append(
            Fact("victims.sectors (state functions, elections, society)", ", ".join(weighed))
        )
    if facts.eu_bodies:
        found.append(Fact("victims.eu_bodies", ", ".join(facts.eu_bodies)))
        if max(weights, default=0) < 3:
            heaviest = "bodies of the Union"
        weights.append(3)
    if IncidentType.ELECTION_INTERFERENCE in facts.types:
        found.append(Fact("types", "election-interference"))
        if max(weights, default=0) < 4:
            heaviest = "elections (interference)"
        weights.append(4)
    if not weights:
        return _score(
            "political",
            None,
            DimensionStatus.UNKNOWN,
            "no victim sector recorded",
            [],
            ["victims.sectors"],
        )
    score = max(weights)
    reason = (
        f"most significant target: {heaviest} ({score} of 4)"
        if score
        else "no state function, election, international organisation or civil society targeted"
    )
    if score and IncidentType.HACK_AND_LEAK in facts.types:
        score = min(4, score + 1)
        found.append(Fact("types", "hack-and-leak"))
        reason += "; stolen material was published"
    if score and facts.types and facts.types <= SURFACE_ONLY_TYPES:
        score = max(1, score - 1)
        reason += "; only public-facing services were hit (DDoS or defacement)"
    return _score("political", score, DimensionStatus.ASSESSED, reason, found)


#: dimension id → (label, art. 2 factors it speaks to); order is the order of the report.
DIMENSIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "physical": ("Physical effects", ("art. 2(a) impact on public safety",)),
    "disruption": (
        "Disruption (scale x duration)",
        ("art. 2(a) scope, scale, severity of disruption", "art. 2(b) persons affected"),
    ),
    "data": (
        "Data compromise (C/I/A, records)",
        ("art. 2(f) amount or nature of data stolen", "art. 2(g) commercially sensitive data"),
    ),
    "economic": (
        "Economic loss",
        ("art. 2(d) economic loss", "art. 2(e) economic benefit to the perpetrator"),
    ),
    "breadth": (
        "Breadth (countries, organisations, Member States)",
        ("art. 2(b) persons or entities affected", "art. 2(c) Member States concerned"),
    ),
    "critical_infrastructure": (
        "Critical infrastructure (NIS2 criticality)",
        ("art. 2(a) essential services", "art. 1(4) critical infrastructure"),
    ),
    "political": (
        "Political significance",
        (
            "art. 2(a) critical State functions",
            "art. 1(4) elections, defence, government",
            "art. 1(5)-(6) Union bodies, international organisations",
        ),
    ),
}

_SCORERS: tuple[Callable[[IncidentFacts], DimensionScore], ...] = (
    _physical,
    _disruption,
    _data,
    _economic,
    _breadth,
    _critical_infrastructure,
    _political,
)
_LEVEL_BY_PEAK = (
    SeverityLevel.LOW,
    SeverityLevel.LOW,
    SeverityLevel.MEDIUM,
    SeverityLevel.HIGH,
    SeverityLevel.SEVERE,
)
_ESCALATION = {
    SeverityLevel.HIGH: SeverityLevel.SEVERE,
    SeverityLevel.SEVERE: SeverityLevel.CRITICAL,
}
STRONG_SCORE = 3  # a dimension at or above this is "strong"
STRONG_DIMENSIONS_TO_ESCALATE = 3


def assess_severity(facts: IncidentFacts) -> Severity:
    dimensions = tuple(scorer(facts) for scorer in _SCORERS)
    known = [d for d in dimensions if d.score is not None]
    unknown = [lower_first(d.label) for d in dimensions if d.score is None]
    if not known:
        return Severity(
            SeverityLevel.UNKNOWN,
            dimensions,
            "Unknown: no dimension could be scored from the recorded facts.",
        )
    peak = max(d.score or 0 for d in known)
    level = _LEVEL_BY_PEAK[peak]
    strong = [d for d in known if (d.score or 0) >= STRONG_SCORE]
    physical = dimensions[0].score
    escalated = len(strong) >= STRONG_DIMENSIONS_TO_ESCALATE or physical == 4
    if escalated and level in _ESCALATION:
        level = _ESCALATION[level]
    tops = sorted(known, key=lambda d: -(d.score or 0))[:2]
    summary = f"{level.value.capitalize()}: highest on " + " and ".join(
        f"{lower_first(d.label)} ({d.score}/4)" for d in tops
    )
    if escalated:
        summary += (
            f"; {len(strong)} dimensions score 3 or more"
            if physical != 4
            else "; physical destruction recorded"
        )
    summary += f". Unknown: {', '.join(unknown)}." if unknown else ". Every dimension was scored."
    return Severity(level, dimensions, summary)
