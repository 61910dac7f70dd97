"""The risk that an incident is misperceived or escalates between States, explained.

Confidence-building measures exist to reduce that risk; the indicator says when to reach for
them first. Each factor adds points (``ESCALATION_POINTS``) and says why in words; the sum
gives the level (``ESCALATION_LEVELS``). docs/assessment.md states the table.
"""

from __future__ import annotations

from cdtoolbox.assess.assessment import (
    AttributionSynthesis,
    CooperationHandle,
    EscalationFactor,
    EscalationLevel,
    EscalationRisk,
    HandleKind,
    HandleStatus,
)
from cdtoolbox.assess.cues import Cue
from cdtoolbox.assess.facts import IncidentFacts, StateLink
from cdtoolbox.model import SectorCriticality, TargetCategory

__all__ = ["ESCALATION_LEVELS", "ESCALATION_POINTS", "escalation_risk"]

#: Points per factor, as found.
ESCALATION_POINTS = {
    "state-attribution.official-high-confidence": 2,
    "state-attribution.official": 1,
    "state-attribution.suspected": 1,
    "critical-targets.military": 2,
    "critical-targets.infrastructure": 1,
    "armed-conflict": 2,
    "no-channel": 1,
    "repeated-activity": 1,
}
#: The lowest total of each level, highest first.
ESCALATION_LEVELS = ((EscalationLevel.HIGH, 5), (EscalationLevel.MEDIUM, 3))


def escalation_risk(
    facts: IncidentFacts,
    attribution: AttributionSynthesis,
    channels: tuple[CooperationHandle, ...],
    consulted: bool,
    repeated: tuple[int, tuple[str, ...]],
) -> EscalationRisk:
    """``channels``: the handles to the States held responsible (the point of contact and the
    dialogue say whether a channel works); ``repeated``: how many other incidents the same
    actor or State is held responsible for, and the first few of their slugs."""
    factors = (
        _attribution(facts, attribution),
        _targets(facts),
        _conflict(facts),
        _channel(facts, channels, consulted),
        _repeated(repeated),
    )
    points = sum(f.points for f in factors)
    level = next(
        (lvl for lvl, lowest in ESCALATION_LEVELS if points >= lowest), EscalationLevel.LOW
    )
    present = [f.reason for f in factors if f.points]
    summary = (
        f"Escalation risk {level.value} ({points} points): " + "; ".join(present) + "."
        if present
        else f"Escalation risk {level.value}: none of its factors is present."
    )
    return EscalationRisk(level, points, factors, summary)


def _attribution(facts: IncidentFacts, attribution: AttributionSynthesis) -> EscalationFactor:
    if facts.state_link is StateLink.OFFICIAL:
        confident = [s.state for s in attribution.states if s.high_confidence]
        if confident:
            return EscalationFactor(
                "state-attribution",
                ESCALATION_POINTS["state-attribution.official-high-confidence"],
                f"officially attributed with high confidence to {', '.join(confident)}",
            )
        return EscalationFactor(
            "state-attribution",
            ESCALATION_POINTS["state-attribution.official"],
            f"officially attributed to {', '.join(facts.official_states)}, without high confidence",
        )
    if facts.state_link is StateLink.SUSPECTED:
        return EscalationFactor(
            "state-attribution",
            ESCALATION_POINTS["state-attribution.suspected"],
            f"suspected, not officially attributed, to {', '.join(facts.suspected_states)}",
        )
    return EscalationFactor("state-attribution", 0, "no State is named")


def _targets(facts: IncidentFacts) -> EscalationFactor:
    military = [s.name for s in facts.sectors if s.target_category is TargetCategory.MILITARY]
    if military:
        return EscalationFactor(
            "critical-targets",
            ESCALATION_POINTS["critical-targets.military"],
            f"military targets ({', '.join(military)})",
        )
    critical = [
        s.name
        for s in facts.sectors
        if s.criticality is SectorCriticality.HIGH
        or s.target_category is TargetCategory.CRITICAL_INFRASTRUCTURE
    ]
    if critical:
        return EscalationFactor(
            "critical-targets",
            ESCALATION_POINTS["critical-targets.infrastructure"],
            f"critical infrastructure targeted (NIS2 high criticality: {', '.join(critical)})",
        )
    return EscalationFactor(
        "critical-targets", 0, "no military or critical-infrastructure target is recorded"
    )


def _conflict(facts: IncidentFacts) -> EscalationFactor:
    phrase = facts.cues.get(Cue.ARMED_CONFLICT)
    if phrase is not None:
        return EscalationFactor(
            "armed-conflict",
            ESCALATION_POINTS["armed-conflict"],
            f"an armed-conflict context (\u201c{phrase}\u201d)",
        )
    return EscalationFactor("armed-conflict", 0, "no armed-conflict context is recorded")


def _channel(
    facts: IncidentFacts, channels: tuple[CooperationHandle, ...], consulted: bool
) -> EscalationFactor:
    if not facts.states:
        return EscalationFactor("no-channel", 0, "no State to keep a channel with")
    if not consulted:
        return EscalationFactor(
            "no-channel", 0, "whether a channel works is unknown (registers not read)"
        )
    working = [
        h
        for h in channels
        if h.kind in (HandleKind.POINT_OF_CONTACT, HandleKind.DIALOGUE)
        and h.status is HandleStatus.AVAILABLE
    ]
    if working:
        return EscalationFactor(
            "no-channel", 0, "a working channel: " + ", ".join(h.reference or "" for h in working)
        )
    known_absent = [
        h.state
        for h in channels
        if h.kind in (HandleKind.POINT_OF_CONTACT, HandleKind.DIALOGUE)
        and h.status is HandleStatus.UNAVAILABLE
    ]
    if not known_absent:
        return EscalationFactor(
            "no-channel", 0, "whether a channel works is unknown (the registers hold nothing)"
        )
    return EscalationFactor(
        "no-channel",
        ESCALATION_POINTS["no-channel"],
        f"no working channel with {', '.join(dict.fromkeys(known_absent))} (no open dialogue, "
        "no point of contact that answered its last check)",
    )


def _repeated(repeated: tuple[int, tuple[str, ...]]) -> EscalationFactor:
    count, examples = repeated
    if count:
        shown = ", ".join(examples) + (" …" if count > len(examples) else "")
        return EscalationFactor(
            "repeated-activity",
            ESCALATION_POINTS["repeated-activity"],
            f"repeated activity: {count} other incident(s) by the same actor or State ({shown})",
        )
    return EscalationFactor(
        "repeated-activity", 0, "no other incident by the same actor or State is recorded"
    )
