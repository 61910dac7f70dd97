"""The eleven UN GGE norms (A/70/174 para 13) checked against an incident's facts.

``NORM_RULES`` is the rule table: one small function per norm, each returning a status, the
reason in words and the facts it used. Norms 13a, 13b, 13g, 13h and 13j are about how states
behave towards each other or protect themselves; an incident's facts rarely show that, and the
rules say so ("not assessable") instead of guessing. Norms are voluntary: an engaged norm is a
norm violation to consider, not an internationally wrongful act (see the law section).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from cdtoolbox.assess.assessment import Fact, NormFinding, NormStatus, WordingLevel
from cdtoolbox.assess.facts import DISRUPTIVE_TYPES, OFFICIAL_PARTIES, IncidentFacts, StateLink
from cdtoolbox.model import (
    AttributionBasis,
    IncidentType,
    Norm,
    PartyKind,
    SectorCriticality,
    TargetCategory,
)

__all__ = ["NORM_RULES", "NormOutcome", "assess_norms", "cert_victims", "critical_sectors"]

NormOutcome = tuple[NormStatus, str, tuple[Fact, ...]]
NormRule = Callable[[IncidentFacts], NormOutcome]

ELECTORAL_BODIES = "government.elections"
MASS_PERSONAL_DATA = 1_000_000  # people or records from which a breach is "mass" collection
_CERT = re.compile(
    r"\b(?:CERT|CSIRT|computer emergency|incident response team|emergency response team)", re.I
)
_PRIVACY_SECTORS = frozenset(
    {TargetCategory.CIVIL_SOCIETY, TargetCategory.MEDIA, TargetCategory.ELECTIONS}
)
_INTRUSION_TYPES = frozenset(
    {
        IncidentType.ESPIONAGE,
        IncidentType.DATA_BREACH,
        IncidentType.HACK_AND_LEAK,
        IncidentType.ELECTION_INTERFERENCE,
    }
)


def critical_sectors(facts: IncidentFacts) -> tuple[str, ...]:
    """Victim sectors counted as critical infrastructure for 13f: NIS2 Annex I sectors and
    electoral bodies (the 2021 GGE guidance lists electoral processes among commonly critical
    sectors; political parties are not infrastructure)."""
    return tuple(
        sector.id
        for sector in facts.sectors
        if sector.criticality is SectorCriticality.HIGH
        or sector.id == ELECTORAL_BODIES
        or sector.id.startswith(ELECTORAL_BODIES + ".")
    )


def cert_victims(facts: IncidentFacts) -> tuple[str, ...]:
    return tuple(o.name for o in facts.incident.victim_organisations if _CERT.search(o.name))


def _not_assessable(reason: str) -> NormRule:
    def rule(facts: IncidentFacts) -> NormOutcome:
        return NormStatus.NOT_ASSESSABLE, reason, ()

    return rule


def _13b(facts: IncidentFacts) -> NormOutcome:
    count = len(facts.incident.attributions)
    reason = (
        "addresses states concluding on an incident; the attribution synthesis lays out the "
        f"{count} attribution records to weigh, but whether states weighed them is not an incident "
        "fact"
    )
    return NormStatus.NOT_ASSESSABLE, reason, (Fact("attributions", str(count)),)


def _13c(facts: IncidentFacts) -> NormOutcome:
    for attribution, level in zip(facts.incident.attributions, facts.wording_levels, strict=True):
        if attribution.party.kind in OFFICIAL_PARTIES and level is WordingLevel.TERRITORIAL:
            fact = Fact("attribution.wording", f"{attribution.party.name}: {attribution.wording}")
            return (
                NormStatus.ENGAGED,
                f"{attribution.party.name} says the activity was undertaken from "
                f"{attribution.state or 'a state'}'s territory",
                (fact,),
            )
    origins = [(actor.name, actor.country) for actor in facts.actors if actor.country]
    origins += [
        (a.party.name, a.party.country)
        for a in facts.incident.attributions
        if a.party.kind is PartyKind.SELF_CLAIMED and a.party.country
    ]
    foreign = [(name, country) for name, country in origins if country not in facts.countries]
    if foreign and facts.state_link is not StateLink.OFFICIAL:
        name, country = foreign[0]
        fact = Fact("actor.country", f"{name}: {country}")
        return (
            NormStatus.POSSIBLY_ENGAGED,
            f"{name} operates from {country}, outside the victim states, and no state has been "
            f"held responsible: whether {country} knowingly let its territory be used is open",
            (fact, facts.country_fact()),
        )
    if foreign:
        name, country = foreign[0]
        return (
            NormStatus.POSSIBLY_ENGAGED,
            f"{name} operates from {country}; a state is held responsible directly, so 13c "
            "matters if it did not act itself",
            (Fact("actor.country", f"{name}: {country}"), facts.state_fact()),
        )
    if origins:
        name, country = origins[0]
        return (
            NormStatus.NOT_ENGAGED,
            f"{name} acted from {country}, a victim state itself: no other state's territory is "
            "involved",
            (Fact("actor.country", f"{name}: {country}"), facts.country_fact()),
        )
    return NormStatus.NOT_ASSESSABLE, "the territory the activity came from is not recorded", ()


def _13d(facts: IncidentFacts) -> NormOutcome:
    criminal = facts.types & {IncidentType.RANSOMWARE}
    theft = facts.incident.impact.financial_loss_usd is not None and any(
        s.id in ("banking", "financial") for s in facts.sectors
    )
    if (criminal or theft) and facts.state_link is not StateLink.OFFICIAL:
        found = (facts.type_fact(), facts.sector_fact())
        return (
            NormStatus.ENGAGED,
            "criminal use of ICTs (ransomware or theft of funds) calls for cooperation to "
            "investigate and prosecute",
            found,
        )
    indictments = [
        a
        for a in facts.incident.attributions
        if AttributionBasis.LEGAL in a.basis and a.perpetrators and a.party.kind is PartyKind.STATE
    ]
    if indictments or criminal or theft:
        charged: tuple[Fact, ...] = tuple(
            Fact("attribution.legal", f"{a.party.name}: {len(a.perpetrators)} persons or entities")
            for a in indictments
        ) or (facts.type_fact(),)
        return (
            NormStatus.POSSIBLY_ENGAGED,
            "persons are charged or the activity is criminal in nature: mutual legal assistance "
            "and prosecution may be sought",
            charged,
        )
    return (
        NormStatus.NOT_ENGAGED,
        "no criminal proceedings and no criminal type (ransomware, theft of funds) recorded",
        (facts.type_fact(),),
    )


def _13e(facts: IncidentFacts) -> NormOutcome:
    impact = facts.incident.impact
    collected = max(impact.people_affected or 0, impact.records_exposed or 0)
    intrusive = facts.types & _INTRUSION_TYPES
    watched = [s.id for s in facts.sectors if s.target_category in _PRIVACY_SECTORS]
    mass = collected >= MASS_PERSONAL_DATA and intrusive
    if not (intrusive and (watched or mass)):
        return (
            NormStatus.NOT_ENGAGED,
            "no surveillance of civil society, media or political actors and no mass collection "
            "of personal data recorded",
            (facts.type_fact(), facts.sector_fact()),
        )
    found = [facts.type_fact()]
    if watched:
        found.append(Fact("victims.sectors", ", ".join(watched)))
    if mass:
        found.append(Fact("impact.people_or_records", f"{collected:,}"))
    what = (
        "spying on civil society, media or political actors"
        if watched
        else f"collection of personal data on {collected:,} people or records"
    )
    if facts.state_link is StateLink.NONE:
        return (
            NormStatus.POSSIBLY_ENGAGED,
            f"{what}; no state is linked, so it is a privacy harm but the norm binds states",
            tuple(found),
        )
    found.append(facts.state_fact())
    status = (
        NormStatus.ENGAGED
        if facts.state_link is StateLink.OFFICIAL
        else NormStatus.POSSIBLY_ENGAGED
    )
    return (
        status,
        f"{what} by a state-linked actor interferes with privacy and freedom of expression",
        tuple(found),
    )


def _13f(facts: IncidentFacts) -> NormOutcome:
    critical = critical_sectors(facts)
    impairing = facts.types & DISRUPTIVE_TYPES
    physical = facts.incident.impact.physical_effects
    if not critical:
        return (
            NormStatus.NOT_ENGAGED,
            "no victim in a critical-infrastructure sector (NIS2 Annex I or electoral processes)",
            (facts.sector_fact(),),
        )
    found = [Fact("victims.sectors (critical)", ", ".join(critical)), facts.type_fact()]
    if physical:
        found.append(Fact("impact.physical_effects", physical))
    if facts.state_link is StateLink.NONE:
        return (
            NormStatus.NOT_ENGAGED,
            "critical infrastructure was hit but no state is linked; 13f addresses state conduct "
            "(see 13c and 13d)",
            tuple(found),
        )
    found.append(facts.state_fact())
    if impairing or physical:
        if facts.state_link is StateLink.OFFICIAL:
            return (
                NormStatus.ENGAGED,
                "a state-linked actor damaged or impaired the operation of critical "
                "infrastructure providing services to the public",
                tuple(found),
            )
        return (
            NormStatus.POSSIBLY_ENGAGED,
            "critical infrastructure was impaired; the link to a state is only suspected",
            tuple(found),
        )
    return (
        NormStatus.POSSIBLY_ENGAGED,
        "a state-linked actor intruded into critical infrastructure without recorded damage "
        "(espionage or pre-positioning)",
        tuple(found),
    )


def _13i(facts: IncidentFacts) -> NormOutcome:
    if IncidentType.SUPPLY_CHAIN in facts.types:
        return (
            NormStatus.ENGAGED,
            "the compromise went through the ICT supply chain, undermining trust in ICT products "
            "and services",
            (facts.type_fact(),),
        )
    providers = [s.id for s in facts.sectors if s.id.startswith("ict-services")]
    if providers:
        return (
            NormStatus.POSSIBLY_ENGAGED,
            "ICT service providers were hit, whose access reaches their clients",
            (Fact("victims.sectors", ", ".join(providers)),),
        )
    return NormStatus.NOT_ENGAGED, "no supply-chain compromise recorded", (facts.type_fact(),)


def _13k(facts: IncidentFacts) -> NormOutcome:
    teams = cert_victims(facts)
    if not teams:
        return (
            NormStatus.NOT_ENGAGED,
            "no CERT or CSIRT among the recorded victims",
            (Fact("victims.organisations", str(len(facts.incident.victim_organisations))),),
        )
    found = (Fact("victims.organisations (CERT/CSIRT)", ", ".join(teams)), facts.state_fact())
    if facts.state_link is StateLink.NONE:
        return (
            NormStatus.POSSIBLY_ENGAGED,
            "an emergency response team was harmed; no state is linked yet",
            found,
        )
    return (
        NormStatus.ENGAGED,
        "a state-linked actor harmed the systems of an authorised emergency response team",
        found,
    )


#: norm id → rule. Tests iterate this table; every norm of the knowledge base must have a rule.
NORM_RULES: Mapping[str, NormRule] = {
    "13a": _not_assessable(
        "concerns states' cooperation on measures for stability and security, which incident "
        "facts do not show"
    ),
    "13b": _13b,
    "13c": _13c,
    "13d": _13d,
    "13e": _13e,
    "13f": _13f,
    "13g": _not_assessable(
        "concerns the victim state's own measures to protect its critical infrastructure, which "
        "incident facts do not show"
    ),
    "13h": _not_assessable(
        "concerns requests for assistance between states and the answers to them; none are "
        "recorded with the incident"
    ),
    "13i": _13i,
    "13j": _not_assessable(
        "concerns how states handle and share reports of vulnerabilities, which incident facts do "
        "not show"
    ),
    "13k": _13k,
}


def assess_norms(facts: IncidentFacts, norms: tuple[Norm, ...]) -> tuple[NormFinding, ...]:
    findings = []
    for norm in norms:
        rule = NORM_RULES.get(norm.id)
        outcome: NormOutcome = (
            rule(facts)
            if rule is not None
            else (NormStatus.NOT_ASSESSABLE, "no rule is defined for this norm", ())
        )
        status, reason, used = outcome
        findings.append(NormFinding(norm.id, norm.title, status, reason, used))
    return tuple(findings)
