"""The preconditions of Toolbox measures, each checked against the incident's facts.

``PRECONDITIONS`` maps a precondition id to its description and its check. A check returns
``HOLDS``, ``FAILS`` or ``UNKNOWN`` with a sentence citing the facts. Which measure needs which
preconditions is in ``option_profiles``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from cdtoolbox.assess.assessment import (
    DimensionStatus,
    Fact,
    PreconditionCheck,
    Severity,
    SeverityLevel,
    Truth,
)
from cdtoolbox.assess.facts import IncidentFacts, StateLink
from cdtoolbox.assess.precedents import RelatedIncident
from cdtoolbox.assess.reference_tables import ReferenceTables
from cdtoolbox.assess.severity import SIGNIFICANT_EFFECT_LEVEL, lower_first
from cdtoolbox.model import IncidentType

__all__ = ["PRECONDITIONS", "CheckContext", "Precondition", "evaluate"]

ARMED_ATTACK_LEVEL = SeverityLevel.CRITICAL
# Political significance from which the victims perform critical State functions (government,
# military, international organisations, elections, Union bodies: weights 3-4).
STATE_FUNCTION_WEIGHT = 3
MAJOR_DISASTER_LEVEL = SeverityLevel.SEVERE


@dataclass(frozen=True)
class CheckContext:
    facts: IncidentFacts
    severity: Severity
    related: tuple[RelatedIncident, ...]  # precedents sharing identified perpetrators
    tables: ReferenceTables


Outcome = tuple[Truth, str, tuple[Fact, ...]]


@dataclass(frozen=True)
class Precondition:
    id: str
    description: str
    check: Callable[[CheckContext], Outcome]


def _countries(codes: tuple[str, ...], tables: ReferenceTables) -> str:
    return ", ".join(tables.country(code) for code in codes)


_SEVERITY_FACTS = {level: Fact("severity", level.value) for level in SeverityLevel}


def _severity_fact(severity: Severity) -> Fact:
    return _SEVERITY_FACTS[severity.level]


def _open_dimensions(severity: Severity) -> list[str]:
    return [
        lower_first(d.label)
        for d in severity.dimensions
        if d.status is not DimensionStatus.ASSESSED and d.upper != d.score
    ]


def _external_conduct(context: CheckContext) -> Outcome:
    facts = context.facts
    insiders = facts.member_state_conduct(context.tables.eu_members)
    if insiders:
        return (
            Truth.FAILS,
            f"the activity is attributed to {_countries(insiders, context.tables)}, an EU Member "
            "State: the Toolbox is external action (art. 21 TEU; an external threat, art. 1(2) "
            "of Reg. 2019/796) and does not address Member States; internal procedures apply",
            (facts.state_fact(),),
        )
    if facts.states:
        return (
            Truth.HOLDS,
            f"the state held responsible is outside the Union: "
            f"{_countries(facts.states, context.tables)}",
            (facts.state_fact(),),
        )
    return (
        Truth.HOLDS,
        "no Member State is held responsible",
        (facts.state_fact(),),
    )


def _state_to_address(context: CheckContext) -> Outcome:
    facts = context.facts
    if facts.states:
        return (
            Truth.HOLDS,
            f"{_countries(facts.states, context.tables)} can be addressed",
            (facts.state_fact(),),
        )
    origins = [actor.country for actor in facts.actors if actor.country]
    if origins:
        return (
            Truth.HOLDS,
            f"the actor operates from {_countries(tuple(origins[:1]), context.tables)}",
            (Fact("actor.country", origins[0]),),
        )
    return (
        Truth.FAILS,
        "no state, territory or actor of origin is recorded to address",
        (facts.state_fact(),),
    )


def _union_concern(context: CheckContext) -> Outcome:
    facts = context.facts
    if facts.member_states:
        return (
            Truth.HOLDS,
            f"victims include EU Member States: {_countries(facts.member_states, context.tables)}",
            (Fact("victims.member_states", ", ".join(facts.member_states)),),
        )
    if facts.eu_bodies:
        return (
            Truth.HOLDS,
            f"victims include EU bodies: {', '.join(facts.eu_bodies)}",
            (Fact("victims.eu_bodies", ", ".join(facts.eu_bodies)),),
        )
    if facts.partners:
        reason = (
            f"victims include {_countries(facts.partners, context.tables)}, which align with EU "
            "declarations (art. 21 TEU)"
        )
        return Truth.HOLDS, reason, (Fact("victims.alignment_partners", ", ".join(facts.partners)),)
    if IncidentType.SUPPLY_CHAIN in facts.types:
        return (
            Truth.HOLDS,
            "a supply-chain compromise of ICT products exposes users in the Union as well",
            (facts.type_fact(),),
        )
    if not facts.countries:
        return Truth.UNKNOWN, "no victim country is recorded", (facts.country_fact(),)
    reason = (
        f"victims are only in {_countries(facts.countries, context.tables)}: no Member State, EU "
        "body or aligned partner is affected"
    )
    return Truth.FAILS, reason, (facts.country_fact(),)


def _significant_effect(context: CheckContext) -> Outcome:
    severity = context.severity
    if severity.level.rank >= SIGNIFICANT_EFFECT_LEVEL.rank:
        return (
            Truth.HOLDS,
            f"severity is most likely {severity.level.value}, at or above the "
            f"{SIGNIFICANT_EFFECT_LEVEL.value} threshold",
            (_severity_fact(severity),),
        )
    if (
        severity.level is SeverityLevel.UNKNOWN
        or severity.upper.rank >= SIGNIFICANT_EFFECT_LEVEL.rank
    ):
        reason = (
            f"severity is most likely {severity.level.value}, but could be "
            f"{severity.upper.value} if the facts not recorded are as high as plausible: "
            f"{', '.join(_open_dimensions(severity)) or 'everything'}"
        )
        return Truth.UNKNOWN, reason, (_severity_fact(severity),)
    return (
        Truth.FAILS,
        f"severity is only {severity.level.value} (at most {severity.upper.value}), below the "
        f"{SIGNIFICANT_EFFECT_LEVEL.value} threshold",
        (_severity_fact(severity),),
    )


def _identified_perpetrators(context: CheckContext) -> Outcome:
    names = context.facts.perpetrators
    if names:
        shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
        return (
            Truth.HOLDS,
            f"identified by official acts: {shown}",
            (Fact("attribution.perpetrators", shown),),
        )
    return (
        Truth.FAILS,
        "no person or entity has been identified: a listing needs named persons or entities, not "
        "a state or a botnet",
        (Fact("attribution.perpetrators", "none"),),
    )


def _perpetrator_confidence(context: CheckContext) -> Outcome:
    confident = context.facts.perpetrators_high_confidence
    if confident:
        return (
            Truth.HOLDS,
            f"{len(confident)} of them named in high-confidence official acts (indictments, "
            "warrants, listings or high-confidence statements)",
            (Fact("attribution.perpetrators (high confidence)", str(len(confident))),),
        )
    if context.facts.perpetrators:
        return (
            Truth.FAILS,
            "persons or entities are named, but in no high-confidence official act",
            (),
        )
    return Truth.FAILS, "there is no identification whose confidence could be weighed", ()


def _union_effect(facts: IncidentFacts, severity: Severity) -> str | None:
    """Why an incident has a significant effect on the Union (arts 1-2), or None.

    Either its most likely severity reaches the threshold, or it struck critical State
    functions or Union bodies (art. 1(4)-(5)) and could reach it: art. 1(1) also covers
    attempted attacks with a *potentially* significant effect.
    """
    if not facts.in_union:
        return None
    if severity.level.rank >= SIGNIFICANT_EFFECT_LEVEL.rank:
        return f"an attack of {severity.level.value} severity"
    political = severity.dimension("political").score or 0
    if political >= STATE_FUNCTION_WEIGHT and severity.upper.rank >= SIGNIFICANT_EFFECT_LEVEL.rank:
        return (
            "an attack on critical State functions or bodies with a potentially significant "
            f"effect (up to {severity.upper.value} severity)"
        )
    return None


def _significant_effect_on_union(context: CheckContext) -> Outcome:
    facts, severity = context.facts, context.severity
    effect = _union_effect(facts, severity)
    if effect is not None:
        victims = _countries(facts.member_states, context.tables) or ", ".join(facts.eu_bodies)
        return (
            Truth.HOLDS,
            f"{effect} on {victims} (arts 1(1), 1(4)-(5) and 2)",
            (_severity_fact(severity), facts.country_fact()),
        )
    for related in context.related:
        related_effect = _union_effect(related.facts, related.severity)
        if related_effect is not None:
            reason = (
                f"the same persons or entities ({', '.join(related.shared[:3])}) are responsible "
                f"for {related.precedent.incident.title} ({related.precedent.incident.slug}), "
                f"{related_effect} on "
                f"{_countries(related.facts.member_states, context.tables) or 'EU bodies'}; "
                "a listing resting on it can cite this incident (art. 1(6) for third states)"
            )
            return (
                Truth.HOLDS,
                reason,
                (
                    Fact("related incident", related.precedent.incident.slug),
                    _severity_fact(severity),
                ),
            )
    if facts.in_union:
        outcome = _significant_effect(context)
        status = Truth.UNKNOWN if outcome[0] is Truth.UNKNOWN else Truth.FAILS
        return status, f"Member States are affected, but {outcome[1]}", outcome[2]
    where = _countries(facts.countries, context.tables) or "no recorded country"
    reason = (
        f"no significant effect on the Union or its Member States: victims are only in {where} "
        "(an art. 1(6) case for third states needs a CFSP justification) and no incident of the "
        "same persons or entities affected the Union"
    )
    return Truth.FAILS, reason, (facts.country_fact(), _severity_fact(severity))


def _external_origin(context: CheckContext) -> Outcome:
    facts = context.facts
    origins = [*facts.states, *(actor.country for actor in facts.actors if actor.country)]
    if not origins:
        return (
            Truth.UNKNOWN,
            "where the attack came from is not recorded (art. 1(2))",
            (facts.state_fact(),),
        )
    outside = [code for code in origins if code not in context.tables.eu_members]
    if outside:
        return (
            Truth.HOLDS,
            f"carried out from or by {_countries(tuple(dict.fromkeys(outside)), context.tables)}, "
            "outside the Union (art. 1(2))",
            (facts.state_fact(),),
        )
    return (
        Truth.FAILS,
        "every recorded origin is inside the Union: not an external threat (art. 1(2))",
        (facts.state_fact(),),
    )


def _armed_attack(context: CheckContext) -> Outcome:
    facts = context.facts
    destroyed = facts.incident.impact.physical_damage
    if (
        facts.member_states
        and destroyed
        and facts.state_link is StateLink.OFFICIAL
        and context.severity.level.rank >= ARMED_ATTACK_LEVEL.rank
    ):
        return (
            Truth.HOLDS,
            "a state-attributed attack destroyed property in a Member State at critical severity",
            (_severity_fact(context.severity),),
        )
    return (
        Truth.FAILS,
        "no effects comparable to an armed attack (death, injury, destruction) on a Member State "
        "are recorded",
        (_severity_fact(context.severity), facts.country_fact()),
    )


def _major_disaster(context: CheckContext) -> Outcome:
    facts = context.facts
    if facts.member_states and context.severity.level.rank >= MAJOR_DISASTER_LEVEL.rank:
        return (
            Truth.HOLDS,
            f"a {context.severity.level.value} incident in "
            f"{_countries(facts.member_states, context.tables)}",
            (_severity_fact(context.severity),),
        )
    return (
        Truth.FAILS,
        "no disaster-scale incident in a Member State is recorded",
        (_severity_fact(context.severity), facts.country_fact()),
    )


def _member_state_request(context: CheckContext) -> Outcome:
    return Truth.UNKNOWN, "only the affected Member State can invoke it; no request is recorded", ()


def _incident_specific(context: CheckContext) -> Outcome:
    return (
        Truth.FAILS,
        "renewing the framework is a periodic Council decision, not an answer to one incident",
        (),
    )


_ALL = (
    Precondition(
        "external_conduct",
        "Conduct from outside the Union: no Member State is held responsible",
        _external_conduct,
    ),
    Precondition("state_to_address", "A state to address is identified", _state_to_address),
    Precondition(
        "union_concern",
        "The Union is concerned: Member States, EU bodies or aligned partners are hit",
        _union_concern,
    ),
    Precondition(
        "significant_effect",
        f"Severity is {SIGNIFICANT_EFFECT_LEVEL.value} or more",
        _significant_effect,
    ),
    Precondition(
        "identified_perpetrators",
        "Persons or entities responsible are identified",
        _identified_perpetrators,
    ),
    Precondition(
        "perpetrator_confidence",
        "Their identification is of high confidence",
        _perpetrator_confidence,
    ),
    Precondition(
        "significant_effect_on_union",
        "A significant effect on the Union or its Member States (Reg. 2019/796 arts 1-2)",
        _significant_effect_on_union,
    ),
    Precondition(
        "external_origin",
        "An external threat: carried out from or by someone outside the Union (art. 1(2))",
        _external_origin,
    ),
    Precondition(
        "armed_attack_on_member_state", "An armed attack on a Member State", _armed_attack
    ),
    Precondition(
        "major_disaster_in_member_state",
        "A disaster-scale incident in a Member State",
        _major_disaster,
    ),
    Precondition(
        "member_state_request", "The affected Member State invokes it", _member_state_request
    ),
    Precondition("incident_specific", "The measure answers an incident", _incident_specific),
)
PRECONDITIONS: Mapping[str, Precondition] = {precondition.id: precondition for precondition in _ALL}


def evaluate(precondition_id: str, context: CheckContext) -> PreconditionCheck:
    precondition = PRECONDITIONS[precondition_id]
    status, reason, facts = precondition.check(context)
    return PreconditionCheck(precondition.id, precondition.description, status, reason, facts)
