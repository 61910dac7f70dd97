"""Severity on eleven separate dimensions, each scored 0-4 as a range, then combined.

The dimensions follow the significant-effect factors of art. 2 of Regulation (EU) 2019/796
(= art. 3 of Decision (CFSP) 2019/797), the proportionality factors of the Toolbox guidelines
(scope, scale, duration, intensity, complexity, sophistication, impact) and the intensity
codebook of research repositories (docs/assessment.md gives the mapping and the codebook).

Records are sparse. A dimension scores what the recorded facts establish (``score``) and,
where facts are missing, estimates a most likely and an upper score from what the incident
was — its types, victims, campaign flag, dates and the cue phrases of its summary — saying
how (``estimate``). Nothing unknown is ever counted as zero, and no single dimension decides:
the strongest *effect* sets the base level and *context* raises it one step only when two
context dimensions are strong.
"""

from __future__ import annotations

from collections.abc import Callable

from cdtoolbox.assess.assessment import DimensionRole, DimensionScore, Severity, SeverityLevel
from cdtoolbox.assess.contexts import CONTEXT_SCORERS, skill_beyond_delivery
from cdtoolbox.assess.dimensions import CRITICAL_LOSS_USD, DIMENSIONS, band, lower_first
from cdtoolbox.assess.effects import EFFECT_SCORERS, delivered_through_supplier, destroys_data
from cdtoolbox.assess.facts import IncidentFacts

__all__ = [
    "DIMENSIONS",
    "SIGNIFICANT_EFFECT_LEVEL",
    "assess_severity",
    "band",
    "combine",
    "lower_first",
]

#: The level from which an incident has a "significant effect" in the sense of art. 1(1) of
#: Reg. 2019/796 (a precondition of restrictive measures) and warrants a collective EU signal.
SIGNIFICANT_EFFECT_LEVEL = SeverityLevel.HIGH

#: Context dimensions at or above this score are "strong"; this many strong ones raise the
#: level one step. Two, not one: political significance alone (or any other single context)
#: must not lift a leak of a ministry's e-mails above a destructive attack.
STRONG_SCORE = 3
STRONG_CONTEXTS_TO_RAISE = 2
# Base level by the strongest effect score 0-4.
_LEVEL_BY_EFFECT = (
    SeverityLevel.LOW,
    SeverityLevel.LOW,
    SeverityLevel.MEDIUM,
    SeverityLevel.HIGH,
    SeverityLevel.SEVERE,
)
_RAISED = {
    SeverityLevel.LOW: SeverityLevel.MEDIUM,
    SeverityLevel.MEDIUM: SeverityLevel.HIGH,
    SeverityLevel.HIGH: SeverityLevel.SEVERE,
}
# Effects that are damage (not access or theft of data): only these can make it critical.
_DAMAGE = ("physical", "disruption", "economic")


_SCORERS: tuple[Callable[[IncidentFacts], DimensionScore], ...] = (
    *EFFECT_SCORERS,
    *CONTEXT_SCORERS,
)
_EFFECTS = tuple(name for name, (_, role, _) in DIMENSIONS.items() if role is DimensionRole.EFFECT)
_CONTEXTS = tuple(
    name for name, (_, role, _) in DIMENSIONS.items() if role is DimensionRole.CONTEXT
)


def combine(
    scores: dict[str, int],
    loss_usd: float | None = None,
    *,
    destroyed: bool = False,
    repeated: frozenset[str] = frozenset(),
) -> tuple[SeverityLevel, str]:
    """The level of one set of dimension scores (0-4; a missing name counts as 0), and why.

    The strongest effect sets the base (0-1 low, 2 medium, 3 high, 4 severe); two strong
    context dimensions (3 or more) raise it one step. Taking or exposing data is at most
    high: "severe" needs damage (physical, disruption or economic 3 or more), destroyed data
    (``destroyed``) or control of other systems through a supply chain (control 3 or more).
    "Critical" is kept for systemic damage: physical destruction at scale (breadth or
    duration 3 or more), or damage scored 4 that is cross-border (breadth 4) or costs a
    billion US dollars or more. A context of ``repeated`` scores a fact an effect already
    scored, and does not raise the level: one fact counts once.
    """
    effect = max(_EFFECTS, key=lambda name: scores.get(name, 0))
    peak = scores.get(effect, 0)
    level = _LEVEL_BY_EFFECT[peak]
    label = lower_first(DIMENSIONS[effect][0])
    why = f"{label} {peak}/4" if peak else "no effect recorded"
    strong = [
        name for name in _CONTEXTS if scores.get(name, 0) >= STRONG_SCORE and name not in repeated
    ]
    if len(strong) >= STRONG_CONTEXTS_TO_RAISE and level in _RAISED:
        level = _RAISED[level]
        named = " and ".join(lower_first(DIMENSIONS[name][0]) for name in strong)
        why += f", raised one step by {named}"
    damage = max(scores.get(name, 0) for name in _DAMAGE)
    harmful = damage >= STRONG_SCORE or destroyed or scores.get("control", 0) >= STRONG_SCORE
    if level.rank > SeverityLevel.HIGH.rank and not harmful:
        level = SeverityLevel.HIGH
        why += "; taking or exposing data is at most high"
    at_scale = max(scores.get("breadth", 0), scores.get("duration", 0)) >= STRONG_SCORE
    if scores.get("physical", 0) == 4 and at_scale:
        level, why = SeverityLevel.CRITICAL, why + "; physical destruction at scale"
    elif damage == 4 and (
        scores.get("breadth", 0) == 4 or (loss_usd is not None and loss_usd >= CRITICAL_LOSS_USD)
    ):
        level, why = SeverityLevel.CRITICAL, why + "; systemic, cross-border damage"
    return level, why


def _repeated_contexts(facts: IncidentFacts) -> frozenset[str]:
    # Code delivered through a trusted supplier scores control (an effect: 3, or 4 with many
    # victims) and sophistication (4). Counted twice it lifted every supply-chain intrusion
    # into a critical sector or a government to "severe", which the codebook keeps for mass
    # compromise through a supply chain (control 4). A zero-day or custom tooling beside it
    # is skill of its own, and still raises.
    if delivered_through_supplier(facts) and not skill_beyond_delivery(facts):
        return frozenset({"sophistication"})
    return frozenset()


def assess_severity(facts: IncidentFacts) -> Severity:
    dimensions = tuple(scorer(facts) for scorer in _SCORERS)
    if all(d.score is None and d.likely is None for d in dimensions):
        return Severity(
            SeverityLevel.UNKNOWN,
            SeverityLevel.UNKNOWN,
            SeverityLevel.UNKNOWN,
            dimensions,
            "Unknown: no dimension could be scored from the recorded facts.",
            (),
        )
    loss = facts.incident.impact.financial_loss_usd
    destroyed = destroys_data(facts)
    repeated = _repeated_contexts(facts)

    def level_of(scores: dict[str, int]) -> tuple[SeverityLevel, str]:
        return combine(scores, loss, destroyed=destroyed, repeated=repeated)

    lower, _ = level_of({d.dimension: d.score or 0 for d in dimensions})
    likely, why = level_of({d.dimension: d.likely or 0 for d in dimensions})
    upper, _ = level_of({d.dimension: d.upper or 0 for d in dimensions})
    unknown = [lower_first(d.label) for d in dimensions if d.score is None and d.likely is None]
    summary = likely.value.capitalize()
    if lower is not upper:
        summary += f" (most likely; range {lower.value} to {upper.value})"
    summary += f": {why}"
    summary += f". Unknown: {', '.join(unknown)}." if unknown else ". Every dimension was scored."
    reasons = tuple(f"{d.label}: {d.estimate}" for d in dimensions if d.estimate)
    return Severity(likely, lower, upper, dimensions, summary, reasons)
