"""The severity dimensions: their table, score bands and the helper every scorer builds with.

Shared by ``effects`` (what the activity did) and ``contexts`` (how long, how skilled, how
wide, against whom); ``severity`` combines them. docs/assessment.md states every band.
"""

from __future__ import annotations

from cdtoolbox.assess.assessment import DimensionRole, DimensionScore, DimensionStatus, Fact
from cdtoolbox.assess.cues import Cue
from cdtoolbox.assess.facts import IncidentFacts
from cdtoolbox.model import IncidentType, SectorCriticality, TargetCategory

__all__ = [
    "CI_EFFECT",
    "CONFIDENTIALITY_TYPES",
    "COUNTRY_BANDS",
    "CRITICAL_LOSS_USD",
    "DAY_BANDS",
    "HEALTH_POLITICAL_WEIGHT",
    "HOUR_BANDS",
    "INTEGRITY_TYPES",
    "INTRUSION_TYPES",
    "LOSS_BANDS_USD",
    "ORGANISATION_BANDS",
    "OUTAGE_PRIOR",
    "PEOPLE_BANDS",
    "POLITICAL_WEIGHT",
    "RECORDS_CEILING",
    "RECORD_BANDS",
    "STATE_FUNCTIONS",
    "SURFACE_ONLY_TYPES",
    "SYSTEM_BANDS",
    "band",
    "essential",
    "highest",
    "lower_first",
    "plus_one",
    "score_dimension",
    "wide",
]

# Upper bounds (exclusive) of score bands 1, 2 and 3; anything at or above the last is 4.
# Anchored on the codebook: thousands to hundreds of thousands of records is "medium",
# millions "high"; a theft of USD 100 million or more is "severe".
PEOPLE_BANDS = (1_000, 100_000, 1_000_000)
SYSTEM_BANDS = (100, 10_000, 100_000)
RECORD_BANDS = (10_000, 1_000_000, 100_000_000)
#: Taking data, however much, is at most "high" by itself: the codebook keeps "severe" for
#: national-scale effects, mass compromise of systems and destruction.
RECORDS_CEILING = 3
# Losses of a victim (recovery, lost business) against thefts of funds: the codebook makes a
# theft of USD 100 million "severe", while a firm losing that much to ransomware is "medium".
LOSS_BANDS_USD = (10_000_000, 1_000_000_000, 10_000_000_000)
THEFT_BANDS_USD = (1_000_000, 10_000_000, 100_000_000)
HOUR_BANDS = (1, 24, 168)
DAY_BANDS = (7, 183, 1_096)  # a week, half a year, three years
COUNTRY_BANDS = (2, 5, 10)
ORGANISATION_BANDS = (2, 10, 100)
#: Losses from which damage is "systemic" (critical) on their own.
CRITICAL_LOSS_USD = 1_000_000_000

# Election interference is a purpose, not a technique: it takes data only through the
# espionage, breach or leak recorded beside it.
CONFIDENTIALITY_TYPES = frozenset(
    {IncidentType.ESPIONAGE, IncidentType.DATA_BREACH, IncidentType.HACK_AND_LEAK}
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
# Types that mean someone got inside the victims' systems (not only at their front door).
INTRUSION_TYPES = frozenset(IncidentType) - {IncidentType.DDOS, IncidentType.DEFACEMENT}
# How long a disruptive type usually keeps services down when no outage is recorded
# (duration band: 2 hours, 3 days, 4 weeks or more): ransomware and wipers take days of
# recovery; floods and sabotage of processes usually hours.
OUTAGE_PRIOR = {
    IncidentType.RANSOMWARE: 3,
    IncidentType.WIPER: 3,
    IncidentType.SABOTAGE: 2,
    IncidentType.DDOS: 2,
}
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
# Top-level sectors whose service is being online: a flood against them stops the service.
ONLINE_SERVICE_SECTORS = frozenset(
    {"banking", "financial", "digital-infrastructure", "ict-services"}
)
STATE_FUNCTIONS = frozenset(
    {TargetCategory.GOVERNMENT, TargetCategory.MILITARY, TargetCategory.INTERNATIONAL_ORGANISATION}
)


def lower_first(label: str) -> str:
    """A label inside a sentence: "Physical effects" → "physical effects", "NIS2" kept."""
    return label[:1].lower() + label[1:]


def band(value: float, bounds: tuple[float, float, float]) -> int:
    """Score 1-4 of a positive figure against three band bounds."""
    for score, bound in enumerate(bounds, start=1):
        if value < bound:
            return score
    return 4


def score_dimension(
    dimension: str,
    score: int | None,
    reason: str,
    facts: list[Fact],
    missing: list[str] | tuple[str, ...] = (),
    *,
    likely: int | None = None,
    upper: int | None = None,
    estimate: str = "",
) -> DimensionScore:
    """A dimension with its range made consistent: score ≤ likely ≤ upper."""
    label, role, factors = DIMENSIONS[dimension]
    likely = highest(score, likely)
    upper = highest(likely, upper)
    if score is None:
        status = DimensionStatus.UNKNOWN
    elif missing or likely != score or upper != score:
        status = DimensionStatus.LOWER_BOUND
    else:
        status = DimensionStatus.ASSESSED
    return DimensionScore(
        dimension,
        label,
        role,
        score,
        likely,
        upper,
        status,
        reason,
        estimate if (likely != score or upper != likely) else "",
        tuple(facts),
        tuple(missing),
        factors,
    )


def highest(*values: int | None) -> int | None:
    known = [value for value in values if value is not None]
    return max(known) if known else None


def plus_one(score: int) -> int:
    return min(4, score + 1)


def wide(facts: IncidentFacts) -> bool:
    """Many victims: several countries or organisations, a campaign, or "millions of"."""
    return (
        len(facts.countries) >= 3
        or len(facts.incident.victim_organisations) >= 3
        or facts.incident.is_campaign
        or Cue.MASS_SCALE in facts.cues
    )


def essential(facts: IncidentFacts) -> bool:
    """Victims run an essential service (NIS2 Annex I) or a state function, or are hospitals."""
    return any(
        sector.criticality is SectorCriticality.HIGH
        or sector.target_category in STATE_FUNCTIONS
        or sector.id.startswith("health")
        for sector in facts.sectors
    ) or bool(facts.eu_bodies)


#: dimension id → (label, role, art. 2 factors it speaks to); order is the order of the report.
DIMENSIONS: dict[str, tuple[str, DimensionRole, tuple[str, ...]]] = {
    "physical": (
        "Physical effects",
        DimensionRole.EFFECT,
        ("art. 2(a) impact on public safety",),
    ),
    "disruption": (
        "Disruption (scale x duration)",
        DimensionRole.EFFECT,
        ("art. 2(a) scope, scale, severity of disruption", "art. 2(b) persons affected"),
    ),
    "data": (
        "Data compromise (C/I/A, volume, sensitivity)",
        DimensionRole.EFFECT,
        ("art. 2(f) amount or nature of data stolen", "art. 2(g) commercially sensitive data"),
    ),
    "economic": (
        "Economic loss",
        DimensionRole.EFFECT,
        ("art. 2(d) economic loss", "art. 2(e) economic benefit to the perpetrator"),
    ),
    "control": (
        "Persistence and control of systems",
        DimensionRole.EFFECT,
        ("art. 1(3) access to and interference with information systems",),
    ),
    "duration": (
        "Duration",
        DimensionRole.CONTEXT,
        ("art. 2(a) scope and severity of disruption", "Toolbox guidelines: duration"),
    ),
    "sophistication": (
        "Sophistication",
        DimensionRole.CONTEXT,
        ("art. 1(1) potentially significant effect", "Toolbox guidelines: sophistication"),
    ),
    "breadth": (
        "Breadth (countries, organisations, Member States)",
        DimensionRole.CONTEXT,
        ("art. 2(b) persons or entities affected", "art. 2(c) Member States concerned"),
    ),
    "critical_infrastructure": (
        "Critical infrastructure (NIS2 criticality)",
        DimensionRole.CONTEXT,
        ("art. 2(a) essential services", "art. 1(4) critical infrastructure"),
    ),
    "political": (
        "Political significance",
        DimensionRole.CONTEXT,
        (
            "art. 2(a) critical State functions",
            "art. 1(4) elections, defence, government",
            "art. 1(5)-(6) Union bodies, international organisations",
        ),
    ),
    "context": (
        "Armed conflict or election",
        DimensionRole.CONTEXT,
        ("art. 1(4) public elections", "art. 2(a) public order or public safety"),
    ),
}
