"""International-law flags: questions a legal adviser should examine, with the facts behind them.

Kept apart from the norms on purpose: a norm is a voluntary standard, while these flags point
at possible internationally wrongful acts (domain reference §2). Nothing here is a legal
opinion; each flag says what the recorded facts suggest and what is missing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from cdtoolbox.assess.assessment import Fact, LawFinding, LawStatus, WordingLevel
from cdtoolbox.assess.facts import (
    DISRUPTIVE_TYPES,
    OFFICIAL_PARTIES,
    STATE_ORGAN_MARKERS,
    IncidentFacts,
    StateLink,
)
from cdtoolbox.assess.reference_tables import ReferenceTables
from cdtoolbox.model import IncidentType, PartyKind, TargetCategory, ThreatActor

__all__ = ["LAW_RULES", "assess_law"]

LawOutcome = tuple[LawStatus, str, tuple[Fact, ...], tuple[str, ...]]
LawRule = Callable[[IncidentFacts, ReferenceTables], LawOutcome]

_STATE_FUNCTIONS = frozenset(
    {
        TargetCategory.GOVERNMENT,
        TargetCategory.MILITARY,
        TargetCategory.ELECTIONS,
        TargetCategory.INTERNATIONAL_ORGANISATION,
    }
)


def _state_functions(facts: IncidentFacts) -> tuple[str, ...]:
    return (
        tuple(s.id for s in facts.sectors if s.target_category in _STATE_FUNCTIONS)
        + facts.eu_bodies
    )


def _territorial_state(facts: IncidentFacts) -> tuple[str | None, Fact | None]:
    for attribution, level in zip(facts.incident.attributions, facts.wording_levels, strict=True):
        if level is WordingLevel.TERRITORIAL and attribution.state:
            return attribution.state, Fact("attribution.wording", attribution.wording or "")
    for actor in facts.actors:
        if actor.country and actor.country not in facts.countries:
            return actor.country, Fact("actor.country", f"{actor.name}: {actor.country}")
    for attribution in facts.incident.attributions:
        country = attribution.party.country
        if (
            attribution.party.kind is PartyKind.SELF_CLAIMED
            and country
            and country not in facts.countries
        ):
            return country, Fact("claimant.country", f"{attribution.party.name}: {country}")
    return None, None


def _sovereignty(facts: IncidentFacts, tables: ReferenceTables) -> LawOutcome:
    functions = _state_functions(facts)
    disruptive = facts.types & DISRUPTIVE_TYPES
    if facts.state_link is StateLink.NONE:
        return (
            LawStatus.NOT_INDICATED,
            "no state is linked: conduct of private actors does not violate sovereignty (see due "
            "diligence)",
            (facts.state_fact(),),
            (),
        )
    found = [facts.state_fact(), facts.type_fact()]
    if functions:
        found.append(Fact("victims (state functions)", ", ".join(functions)))
    if (
        disruptive or facts.incident.impact.physical_effects or functions
    ) and facts.state_link is StateLink.OFFICIAL:
        what = (
            "loss of functionality on the victim's territory"
            if disruptive
            else "interference with inherently governmental functions"
        )
        return LawStatus.POSSIBLE, f"a state-attributed operation caused {what}", tuple(found), ()
    if facts.state_link is StateLink.SUSPECTED:
        return (
            LawStatus.TO_EXAMINE,
            "effects on the victim's territory are recorded, but the state link is only suspected",
            tuple(found),
            ("Can the operation be attributed to the state under ARSIWA arts 4-8?",),
        )
    return (
        LawStatus.TO_EXAMINE,
        "state espionage against private targets: whether it violates sovereignty is contested",
        tuple(found),
        (),
    )


def _non_intervention(facts: IncidentFacts, tables: ReferenceTables) -> LawOutcome:
    electoral = IncidentType.ELECTION_INTERFERENCE in facts.types or any(
        s.target_category is TargetCategory.ELECTIONS for s in facts.sectors
    )
    coercive = facts.types & (
        DISRUPTIVE_TYPES | {IncidentType.HACK_AND_LEAK, IncidentType.ELECTION_INTERFERENCE}
    )
    found = (facts.type_fact(), facts.sector_fact(), facts.state_fact())
    questions = ("Did the operation seek to compel a choice the state may make freely (coercion)?",)
    if facts.state_link is StateLink.NONE:
        return (
            LawStatus.NOT_INDICATED,
            "no state is linked; intervention is a relation between states",
            found,
            (),
        )
    if electoral and coercive:
        status = (
            LawStatus.POSSIBLE if facts.state_link is StateLink.OFFICIAL else LawStatus.TO_EXAMINE
        )
        return (
            status,
            "interference with elections, a matter in the domaine réservé; coercion must still "
            "be shown",
            found,
            questions,
        )
    if coercive and _state_functions(facts):
        return (
            LawStatus.TO_EXAMINE,
            "disruption of state functions by a state-linked actor may be coercive",
            found,
            questions,
        )
    return (
        LawStatus.NOT_INDICATED,
        "no coercive interference in inherently sovereign matters recorded (espionage alone is "
        "not coercion)",
        found,
        (),
    )


def _use_of_force(facts: IncidentFacts, tables: ReferenceTables) -> LawOutcome:
    impact = facts.incident.impact
    found: list[Fact] = []
    if impact.physical_damage is not None:
        found.append(Fact("impact.physical_damage", "yes" if impact.physical_damage else "no"))
    if impact.physical_effects:
        found.append(Fact("impact.physical_effects", impact.physical_effects))
    questions = (
        "Were there deaths, injuries or destruction comparable to a kinetic attack (scale and "
        "effects)?",
    )
    if impact.physical_damage and facts.state_link is not StateLink.NONE:
        return (
            LawStatus.POSSIBLE,
            "physical destruction by a state-linked operation may reach the use-of-force "
            "threshold (Tallinn 2.0 rule 69)",
            tuple(found),
            questions,
        )
    if impact.physical_damage or impact.physical_effects:
        return (
            LawStatus.TO_EXAMINE,
            "effects on physical processes are recorded but no destruction, injury or death: "
            "below the threshold on these facts",
            tuple(found),
            questions,
        )
    return (
        LawStatus.NOT_INDICATED,
        "no physical damage, injury or death is recorded",
        tuple(found) or (facts.type_fact(),),
        (),
    )


def _due_diligence(facts: IncidentFacts, tables: ReferenceTables) -> LawOutcome:
    state, fact = _territorial_state(facts)
    if state is None or fact is None:
        return (
            LawStatus.NOT_ASSESSABLE,
            "the territory the activity came from is not recorded",
            (),
            (),
        )
    name = tables.country(state)
    questions = (
        f"Did {name} know, or should it have known, that its territory or infrastructure was used?",
        f"Has {name} been notified and asked to stop the activity (norms 13c and 13h)?",
        f"Which feasible measures could {name} have taken, and did it take them?",
    )
    return (
        LawStatus.TO_EXAMINE,
        f"the activity is tied to the territory of {name}; due diligence is an obligation of "
        "conduct",
        (fact,),
        questions,
    )


def _state_responsibility(facts: IncidentFacts, tables: ReferenceTables) -> LawOutcome:
    if facts.state_link is StateLink.NONE:
        return (
            LawStatus.NOT_INDICATED,
            "no state is linked to the conduct",
            (facts.state_fact(),),
            (),
        )
    organ = facts.organ_evidence
    if organ and facts.state_link is StateLink.OFFICIAL:
        return (
            LawStatus.POSSIBLE,
            "the conduct is attributed to a state organ and may breach sovereignty or other "
            "obligations",
            (*organ, facts.state_fact()),
            (),
        )
    return (
        LawStatus.TO_EXAMINE,
        "a state is linked but the legal route of attribution is not established",
        (facts.state_fact(),),
        ("Through which ARSIWA route (arts 4, 5, 8, 11) is the conduct attributable?",),
    )


def _art4(facts: IncidentFacts, tables: ReferenceTables) -> LawOutcome:
    organ = facts.organ_evidence
    if organ:
        return (
            LawStatus.POSSIBLE,
            "official acts name military or intelligence units or officers: conduct of state "
            "organs",
            organ,
            (),
        )
    if facts.state_link is StateLink.NONE:
        return LawStatus.NOT_INDICATED, "no state is linked", (), ()
    for actor in facts.actors:
        excerpt = _organ_excerpt(actor, tables)
        if excerpt is not None:
            return (
                LawStatus.TO_EXAMINE,
                f"the threat-actor catalogue describes {actor.name} as tied to a state organ; "
                "no official act names one yet",
                (Fact(f"actor catalogue ({actor.name})", excerpt), facts.state_fact()),
                ("Will a state establish, on its evidence, that the actor is a state organ?",),
            )
    return (
        LawStatus.TO_EXAMINE,
        "a state is linked, but no state organ is named",
        (facts.state_fact(),),
        ("Is the actor part of the state's organs?",),
    )


def _organ_excerpt(actor: ThreatActor, tables: ReferenceTables) -> str | None:
    """The words around a state-organ marker in the actor's catalogue description, if any."""
    if actor.id not in tables.organ_excerpts:
        marker = STATE_ORGAN_MARKERS.search(actor.description)
        tables.organ_excerpts[actor.id] = (
            actor.description[max(0, marker.start() - 40) : marker.end() + 40].strip()
            if marker
            else None
        )
    return tables.organ_excerpts[actor.id]


def _art5(facts: IncidentFacts, tables: ReferenceTables) -> LawOutcome:
    return (
        LawStatus.NOT_ASSESSABLE,
        "whether an entity was empowered by law to exercise governmental authority is not recorded",
        (),
        (),
    )


def _art8(facts: IncidentFacts, tables: ReferenceTables) -> LawOutcome:
    for attribution, level in zip(facts.incident.attributions, facts.wording_levels, strict=True):
        if attribution.party.kind in OFFICIAL_PARTIES and level is WordingLevel.CONTROLLED:
            fact = Fact("attribution.wording", f"{attribution.party.name}: {attribution.wording}")
            return (
                LawStatus.TO_EXAMINE,
                "the actor is said to be controlled or steered by a state: art. 8 needs "
                "instructions, direction or effective control of the operation",
                (fact,),
                (),
            )
        if attribution.party.kind in OFFICIAL_PARTIES and level in (
            WordingLevel.ASSOCIATED,
            WordingLevel.TERRITORIAL,
        ):
            fact = Fact("attribution.wording", f"{attribution.party.name}: {attribution.wording}")
            return (
                LawStatus.NOT_INDICATED,
                f"the wording is {level.value}: association or territory alone does not attribute "
                "conduct under art. 8",
                (fact,),
                (),
            )
    if facts.self_claimants and facts.state_link is StateLink.OFFICIAL:
        found = (Fact("claimants", ", ".join(facts.self_claimants)), facts.state_fact())
        return (
            LawStatus.TO_EXAMINE,
            "a self-declared group acted while a state is held responsible: a possible proxy",
            found,
            ("Did the state instruct, direct or control the group?",),
        )
    sponsored = [
        (actor.name, actor.sponsor)
        for actor in facts.actors
        if actor.sponsor and actor.sponsor in facts.official_states and not facts.organ_evidence
    ]
    if sponsored:
        name, sponsor = sponsored[0]
        return (
            LawStatus.TO_EXAMINE,
            f"the actor catalogue gives {sponsor} as {name}'s suspected sponsor; "
            "sponsorship or support is not enough: art. 8 needs instructions, direction or "
            "control of the operation",
            (Fact(f"actor.sponsor ({name})", sponsor), facts.state_fact()),
            ("Did the state instruct, direct or control this operation?",),
        )
    return LawStatus.NOT_INDICATED, "no proxy relationship is recorded", (), ()


def _countermeasures(facts: IncidentFacts, tables: ReferenceTables) -> LawOutcome:
    status = _state_responsibility(facts, tables)[0]
    if status is LawStatus.POSSIBLE and facts.member_states:
        return (
            LawStatus.TO_EXAMINE,
            "an injured Member State may consider proportionate, reversible countermeasures "
            "against the responsible state",
            (Fact("victims.member_states", ", ".join(facts.member_states)),),
            ("Has the responsible state been called on to comply and notified?",),
        )
    return (
        LawStatus.NOT_INDICATED,
        "no internationally wrongful act against a Member State is established on these facts",
        (),
        (),
    )


def _retorsion(facts: IncidentFacts, tables: ReferenceTables) -> LawOutcome:
    return (
        LawStatus.POSSIBLE,
        "unfriendly but lawful measures (statements, démarches, listings) are available whatever "
        "the attribution",
        (),
        (),
    )


def _ihl(facts: IncidentFacts, tables: ReferenceTables) -> LawOutcome:
    return (
        LawStatus.NOT_ASSESSABLE,
        "IHL applies only in an armed conflict, which the incident record does not establish",
        (),
        ("Did the operation take place in, or start, an armed conflict?",),
    )


def _ihrl(facts: IncidentFacts, tables: ReferenceTables) -> LawOutcome:
    sensitive = [
        s.id
        for s in facts.sectors
        if s.target_category in (TargetCategory.CIVIL_SOCIETY, TargetCategory.MEDIA)
    ]
    impact = facts.incident.impact
    personal = max(impact.people_affected or 0, impact.records_exposed or 0)
    if (sensitive or personal) and facts.state_link is not StateLink.NONE:
        found: list[Fact] = []
        if sensitive:
            found.append(Fact("victims.sectors", ", ".join(sensitive)))
        if personal:
            found.append(Fact("impact.people_or_records", f"{personal:,}"))
        return (
            LawStatus.TO_EXAMINE,
            "a state-linked actor reached personal data or civil-society targets: privacy and "
            "freedom of expression are at stake",
            tuple(found),
            (),
        )
    return (
        LawStatus.NOT_INDICATED,
        "no personal data or civil-society targets of a state-linked actor are recorded",
        (),
        (),
    )


#: law principle id → rule. Every principle of the knowledge base must have one (tested).
LAW_RULES: Mapping[str, LawRule] = {
    "law.sovereignty": _sovereignty,
    "law.non_intervention": _non_intervention,
    "law.use_of_force": _use_of_force,
    "law.due_diligence": _due_diligence,
    "law.state_responsibility": _state_responsibility,
    "law.attr.art4": _art4,
    "law.attr.art5": _art5,
    "law.attr.art8": _art8,
    "law.countermeasures": _countermeasures,
    "law.retorsion": _retorsion,
    "law.ihl": _ihl,
    "law.ihrl": _ihrl,
}


def assess_law(facts: IncidentFacts, tables: ReferenceTables) -> tuple[LawFinding, ...]:
    findings = []
    for principle_id, principle in tables.law.items():
        rule = LAW_RULES.get(principle_id)
        if rule is None:
            findings.append(
                LawFinding(
                    principle_id,
                    principle.concept,
                    LawStatus.NOT_ASSESSABLE,
                    "no rule is defined for this principle",
                    (),
                )
            )
            continue
        status, reason, used, questions = rule(facts, tables)
        findings.append(
            LawFinding(principle_id, principle.concept, status, reason, used, questions)
        )
    return tuple(findings)
