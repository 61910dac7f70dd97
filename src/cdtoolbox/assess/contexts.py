"""Severity dimensions of context: how long, how skilled, how wide and against whom.

Two strong ones raise the level set by the effects one step (``severity.combine``).
"""

from __future__ import annotations

from datetime import date

from cdtoolbox.assess.assessment import DimensionScore, Fact
from cdtoolbox.assess.cues import Cue
from cdtoolbox.assess.dimensions import (
    CI_EFFECT,
    CONFIDENTIALITY_TYPES,
    COUNTRY_BANDS,
    DAY_BANDS,
    HEALTH_POLITICAL_WEIGHT,
    ORGANISATION_BANDS,
    PEOPLE_BANDS,
    POLITICAL_WEIGHT,
    SURFACE_ONLY_TYPES,
    band,
    plus_one,
    score_dimension,
)
from cdtoolbox.assess.facts import IncidentFacts, StateLink
from cdtoolbox.model import IncidentType, PartialDate, SectorCriticality, TargetCategory

__all__ = ["CONTEXT_SCORERS", "skill_beyond_delivery"]


def _days(later: date, earlier: date) -> int:
    return max(0, (later - earlier).days)


def _middle(moment: PartialDate) -> date:
    return moment.earliest + (moment.latest - moment.earliest) / 2


def _duration(facts: IncidentFacts) -> DimensionScore:
    incident = facts.incident
    start, end = incident.start, incident.end
    campaign = incident.is_campaign
    if start is not None and end is not None:
        shortest = _days(end.earliest, start.latest)
        likely = _days(_middle(end), _middle(start))
        longest = _days(end.latest, start.earliest)
        found = [Fact("start", str(start)), Fact("end", str(end))]
        return score_dimension(
            "duration",
            band(shortest, DAY_BANDS),
            f"active from {start} to {end} (about {likely:,} days)",
            found,
            likely=band(likely, DAY_BANDS),
            upper=band(longest, DAY_BANDS),
            estimate="the dates are known to the month or year only",
        )
    spying = campaign or IncidentType.ESPIONAGE in facts.types
    if (
        spying
        and start is not None
        and incident.disclosed is not None
        and incident.disclosed > start
    ):
        # Espionage goes on, hidden, until it is found: the time to disclosure is its duration
        # at least. (A breach disclosed late was not longer for that.)
        disclosed = incident.disclosed
        shortest = _days(disclosed.earliest, start.latest)
        likely = _days(_middle(disclosed), _middle(start))
        found = [Fact("start", str(start)), Fact("disclosed", str(disclosed))]
        return score_dimension(
            "duration",
            band(shortest, DAY_BANDS),
            f"from {start} at least until it was disclosed ({disclosed})",
            found,
            ["end"],
            likely=band(likely, DAY_BANDS) + (1 if campaign else 0),
            upper=4 if campaign else plus_one(band(likely, DAY_BANDS)),
            estimate="the end is not recorded",
        )
    if campaign:
        return score_dimension(
            "duration",
            2,
            "a campaign: a series of operations over time",
            [Fact("campaign", "yes")],
            ["start", "end"],
            likely=3,
            upper=4,
            estimate="campaigns recorded without dates usually run for months to years",
        )
    return score_dimension(
        "duration",
        None,
        "no end date and no campaign recorded",
        [],
        ["end"],
    )


_SUPPLY_CHAIN = "a supply-chain compromise"


def _techniques(facts: IncidentFacts) -> tuple[list[Fact], list[tuple[int, str]]]:
    """The techniques the record names, each with the sophistication it shows."""
    found: list[Fact] = []
    marks: list[tuple[int, str]] = []
    for cue, score, what in (
        (Cue.ZERO_DAY, 4, "a zero-day"),
        (Cue.SUPPLY_CHAIN, 4, _SUPPLY_CHAIN),
        (Cue.CUSTOM_TOOLING, 3, "custom tooling"),
    ):
        fact = facts.cue_fact(cue)
        if fact is not None:
            found.append(fact)
            marks.append((score, what))
    if IncidentType.SUPPLY_CHAIN in facts.types:
        marks.append((4, _SUPPLY_CHAIN))
    industrial = facts.cue_fact(Cue.PHYSICAL)
    if IncidentType.SABOTAGE in facts.types and industrial is not None:
        # Reaching industrial processes is not enough (access is espionage); acting on them
        # takes engineering knowledge of the plant.
        found.append(industrial)
        marks.append((3, "sabotage of industrial processes"))
    if IncidentType.WIPER in facts.types:
        marks.append((2, "destructive malware"))
    return found, marks


def skill_beyond_delivery(facts: IncidentFacts) -> bool:
    """Whether the record names a strong technique (3 or more) other than a supply-chain
    compromise: a zero-day, custom tooling, sabotage of industrial processes."""
    _, marks = _techniques(facts)
    return any(score >= 3 and what != _SUPPLY_CHAIN for score, what in marks)


def _sophistication(facts: IncidentFacts) -> DimensionScore:
    found, marks = _techniques(facts)
    if facts.types and facts.types <= SURFACE_ONLY_TYPES and not marks:
        return score_dimension(
            "sophistication",
            1,
            "DDoS and defacement need little skill",
            [facts.type_fact()],
            upper=2,
            estimate="large floods can need a botnet",
        )
    state_linked = facts.state_link is not StateLink.NONE
    if state_linked:
        found.append(facts.state_fact())
    floor = max((score for score, _ in marks), default=None)
    if floor is None and not state_linked:
        return score_dimension(
            "sophistication", None, "no technique recorded", [], ["summary (techniques)"]
        )
    what = ", ".join(dict.fromkeys(w for _, w in sorted(marks, reverse=True)))
    reason = f"recorded: {what}" if what else "no technique recorded"
    likely, estimate = (
        (2, "state-linked operators usually bring their own tooling")
        if state_linked
        else (None, "")
    )
    return score_dimension(
        "sophistication",
        floor,
        reason,
        found,
        [] if floor == 4 else ["summary (techniques)"],
        likely=likely,
        upper=4 if state_linked else None,
        estimate=estimate,
    )


def _breadth(facts: IncidentFacts) -> DimensionScore:
    candidates: list[int] = []
    found: list[Fact] = []
    if facts.countries:
        found.append(facts.country_fact())
        score = band(len(facts.countries), COUNTRY_BANDS)
        if len(facts.member_states) >= 2:
            found.append(Fact("victims.member_states", ", ".join(facts.member_states)))
            score = min(4, score + 1)
        candidates.append(score)
    organisations, organisations_fact = facts.count("organisations")
    if organisations is not None and organisations_fact is not None:
        found.append(organisations_fact)
        candidates.append(band(organisations, ORGANISATION_BANDS))
    # People whose data were taken are weighed under data compromise; here, those who lost a
    # service.
    taking_only = bool(facts.types) and facts.types <= CONFIDENTIALITY_TYPES
    people, people_fact = facts.count("people_affected")
    if people is not None and people_fact is not None and not taking_only:
        found.append(people_fact)
        candidates.append(band(people, PEOPLE_BANDS))
    mass = facts.cue_fact(Cue.MASS_SCALE)
    if mass is not None and not taking_only:
        found.append(mass)
        candidates.append(3)
    if not candidates:
        return score_dimension(
            "breadth",
            None,
            "no victim country, organisation or count recorded",
            [],
            ["victims.countries"],
        )
    if facts.incident.is_campaign:
        found.append(Fact("campaign", "yes"))
    countries = len(facts.countries)
    reason = f"victim countries: {countries}, of which EU Member States: {len(facts.member_states)}"
    return score_dimension("breadth", max(candidates), reason, found)


def _critical_infrastructure(facts: IncidentFacts) -> DimensionScore:
    if not facts.sectors:
        return score_dimension(
            "critical_infrastructure", None, "no victim sector recorded", [], ["victims.sectors"]
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
        return score_dimension("critical_infrastructure", 0, reason, [facts.sector_fact()])
    high = [s for s in critical if s.criticality is SectorCriticality.HIGH]
    found = [
        Fact("victims.sectors (NIS2)", ", ".join(f"{s.id} ({s.criticality})" for s in critical))
    ]
    effect = max((CI_EFFECT[kind] for kind in facts.types), default=0)
    found.append(facts.type_fact())
    physical_effects = facts.incident.impact.physical_effects
    outage = facts.cue_fact(Cue.POWER_OUTAGE)
    physical = Fact("impact.physical_effects", physical_effects) if physical_effects else outage
    if physical is not None:
        found.append(physical)
    # Annex I 1, Annex II 0; + how far the types reach into operation (0-2); + 1 when the
    # physical processes the operator runs were affected.
    score = (1 if high else 0) + effect + (1 if physical is not None else 0)
    annex = "Annex I (high criticality)" if high else "Annex II (other critical)"
    reason = f"NIS2 {annex} sector hit; effect on its operation {effect} of 2"
    if physical is not None:
        reason += "; its physical processes were affected"
    return score_dimension(
        "critical_infrastructure",
        min(4, score),
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
        return score_dimension(
            "political", None, "no victim sector recorded", [], ["victims.sectors"]
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
    return score_dimension("political", score, reason, found)


def _context(facts: IncidentFacts) -> DimensionScore:
    found: list[Fact] = []
    contexts = []
    # An election that is itself the target is weighed under political significance (4 of 4);
    # here only an election that is the setting of an attack on others.
    electoral_target = IncidentType.ELECTION_INTERFERENCE in facts.types or any(
        sector.target_category is TargetCategory.ELECTIONS for sector in facts.sectors
    )
    election = facts.cue_fact(Cue.ELECTION)
    if election is not None and not electoral_target:
        found.append(election)
        contexts.append("an election")
    conflict = facts.cue_fact(Cue.ARMED_CONFLICT)
    if conflict is not None:
        found.append(conflict)
        contexts.append("an armed conflict")
    if not contexts:
        if not (facts.types or facts.sectors or facts.incident.summary):
            return score_dimension(
                "context", None, "nothing recorded to judge the context by", [], ["summary"]
            )
        reason = (
            "the election targeted is weighed under political significance"
            if electoral_target
            else "no armed conflict or election is recorded as context"
        )
        return score_dimension("context", 0, reason, [])
    return score_dimension(
        "context", 2 + len(contexts), f"in the context of {' and '.join(contexts)}", found
    )


CONTEXT_SCORERS = (
    _duration,
    _sophistication,
    _breadth,
    _critical_infrastructure,
    _political,
    _context,
)
