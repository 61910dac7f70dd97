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
from datetime import date

from cdtoolbox.assess.assessment import (
    DimensionRole,
    DimensionScore,
    DimensionStatus,
    Fact,
    Severity,
    SeverityLevel,
)
from cdtoolbox.assess.cues import Cue
from cdtoolbox.assess.facts import DISRUPTIVE_TYPES, IncidentFacts, StateLink
from cdtoolbox.model import IncidentType, PartialDate, SectorCriticality, TargetCategory

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

# Upper bounds (exclusive) of score bands 1, 2 and 3; anything at or above the last is 4.
# Anchored on the codebook: thousands to hundreds of thousands of records is "medium",
# millions "high"; a theft of USD 100 million or more is "severe".
PEOPLE_BANDS = (1_000, 100_000, 1_000_000)
SYSTEM_BANDS = (100, 10_000, 100_000)
RECORD_BANDS = (10_000, 1_000_000, 100_000_000)
#: Taking data, however much, is at most "high" by itself: the codebook keeps "severe" for
#: national-scale effects, mass compromise of systems and destruction.
RECORDS_CEILING = 3
LOSS_BANDS_USD = (1_000_000, 10_000_000, 100_000_000)
HOUR_BANDS = (1, 24, 168)
DAY_BANDS = (7, 183, 1_096)  # a week, half a year, three years
COUNTRY_BANDS = (2, 5, 10)
ORGANISATION_BANDS = (2, 10, 100)
#: Losses from which damage is "systemic" (critical) on their own.
CRITICAL_LOSS_USD = 1_000_000_000

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
STATE_FUNCTIONS = frozenset(
    {TargetCategory.GOVERNMENT, TargetCategory.MILITARY, TargetCategory.INTERNATIONAL_ORGANISATION}
)

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
    likely = _highest(score, likely)
    upper = _highest(likely, upper)
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


def _highest(*values: int | None) -> int | None:
    known = [value for value in values if value is not None]
    return max(known) if known else None


def _plus_one(score: int) -> int:
    return min(4, score + 1)


def _wide(facts: IncidentFacts) -> bool:
    """Many victims: several countries or organisations, a campaign, or "millions of"."""
    return (
        len(facts.countries) >= 3
        or len(facts.incident.victim_organisations) >= 3
        or facts.incident.is_campaign
        or Cue.MASS_SCALE in facts.cues
    )


def _essential(facts: IncidentFacts) -> bool:
    """Victims run an essential service (NIS2 Annex I) or a state function, or are hospitals."""
    return any(
        sector.criticality is SectorCriticality.HIGH
        or sector.target_category in STATE_FUNCTIONS
        or sector.id.startswith("health")
        for sector in facts.sectors
    ) or bool(facts.eu_bodies)


# --- Effects: what the activity did --------------------------------------------------------


def _physical(facts: IncidentFacts) -> DimensionScore:
    impact = facts.incident.impact
    found: list[Fact] = []
    if impact.physical_effects:
        found.append(Fact("impact.physical_effects", impact.physical_effects))
    if impact.physical_damage is not None:
        found.append(Fact("impact.physical_damage", "yes" if impact.physical_damage else "no"))
    if impact.physical_damage:
        return _score("physical", 4, "physical damage or destruction is recorded", found)
    if impact.physical_effects:
        reason = "physical processes were affected (recorded effects), without recorded destruction"
        return _score("physical", 3, reason, found)
    outage = facts.cue_fact(Cue.POWER_OUTAGE)
    if outage is not None:
        return _score("physical", 3, "the summary reports a power outage", [outage])
    if impact.physical_damage is False:
        return _score("physical", 0, "no physical damage, as recorded", found)
    if IncidentType.SABOTAGE in facts.types:
        return _score(
            "physical",
            2,
            "sabotage of physical processes is recorded but not what it did to them",
            [facts.type_fact()],
            ["impact.physical_effects"],
            likely=3,
            upper=4,
            estimate="sabotage usually affects the processes it targets; destruction is possible",
        )
    if facts.types:
        reason = "the recorded types act on data and services, not on physical processes"
        return _score("physical", 0, reason, [facts.type_fact()])
    return _score(
        "physical",
        None,
        "no type and no physical effect recorded",
        [],
        ["types", "impact.physical_effects"],
    )


def _product_score(scale: int, duration: int) -> int:
    product = scale * duration
    return 1 if product <= 2 else 2 if product <= 4 else 3 if product <= 9 else 4


def _disruption(facts: IncidentFacts) -> DimensionScore:
    impact = facts.incident.impact
    outage_cue = facts.cue_fact(Cue.POWER_OUTAGE, Cue.LONG_OUTAGE, Cue.NATIONAL_SCALE)
    disruptive = facts.types & DISRUPTIVE_TYPES
    if (
        not disruptive
        and impact.outage_hours is None
        and not impact.physical_effects
        and Cue.POWER_OUTAGE not in facts.cues
    ):
        if facts.types:
            reason = "the recorded types do not disrupt services"
            return _score("disruption", 0, reason, [facts.type_fact()])
        return _score(
            "disruption",
            None,
            "no type and no outage recorded",
            [],
            ["types", "impact.outage_hours"],
        )
    found: list[Fact] = []
    missing: list[str] = []
    estimates: list[str] = []
    if disruptive:
        found.append(Fact("types", ", ".join(sorted(disruptive))))
    # Scale: how many people or systems lost the service.
    scale: int | None = None
    if impact.people_affected is not None:
        found.append(Fact("impact.people_affected", f"{impact.people_affected:,}"))
        scale = band(impact.people_affected, PEOPLE_BANDS)
    if impact.systems_affected is not None:
        found.append(Fact("impact.systems_affected", f"{impact.systems_affected:,}"))
        scale = max(scale or 0, band(impact.systems_affected, SYSTEM_BANDS))
    if scale is not None:
        scale_floor = scale_likely = scale_upper = scale
    else:
        missing.append("impact.people_affected or impact.systems_affected")
        scale_floor = 1
        if Cue.NATIONAL_SCALE in facts.cues:
            scale_floor = 4
        elif Cue.POWER_OUTAGE in facts.cues:
            scale_floor = 3
        if _wide(facts):
            scale_likely, why = 3, "many victims"
        elif _essential(facts):
            scale_likely, why = 2, "an essential service or state function"
        else:
            scale_likely, why = 1, "one organisation's services"
        scale_likely = max(scale_floor, scale_likely)
        scale_upper = _plus_one(scale_likely)
        estimates.append(f"scale estimated {scale_likely} of 4 ({why})")
    if outage_cue is not None:
        found.append(outage_cue)
    # Duration: how long the service was down.
    if impact.outage_hours is not None:
        found.append(Fact("impact.outage_hours", f"{impact.outage_hours:g}"))
        duration_floor = duration_likely = duration_upper = band(impact.outage_hours, HOUR_BANDS)
    else:
        missing.append("impact.outage_hours")
        duration_floor = 3 if Cue.LONG_OUTAGE in facts.cues else 1
        prior = max((OUTAGE_PRIOR[kind] for kind in disruptive), default=2)
        duration_likely = max(duration_floor, prior)
        duration_upper = _plus_one(duration_likely)
        estimates.append(
            f"duration estimated {duration_likely} of 4 (what "
            f"{', '.join(sorted(disruptive)) or 'such an outage'} usually causes)"
        )
    reason = (
        f"scale {scale or 'unknown'} x duration "
        f"{duration_floor if impact.outage_hours is not None else 'unknown'} (bands 1-4)"
    )
    return _score(
        "disruption",
        _product_score(scale_floor, duration_floor),
        reason,
        found,
        missing,
        likely=_product_score(scale_likely, duration_likely),
        upper=_product_score(scale_upper, duration_upper),
        estimate="; ".join(estimates),
    )


def _sensitivity(facts: IncidentFacts) -> list[str]:
    """The kinds of sensitive data the record shows were reached."""
    kinds = []
    if Cue.CLASSIFIED in facts.cues:
        kinds.append("classified")
    if Cue.PERSONAL_DATA in facts.cues:
        kinds.append("personal")
    if Cue.COMMERCIAL_DATA in facts.cues:
        kinds.append("commercial")
    if facts.eu_bodies or any(
        sector.target_category in STATE_FUNCTIONS for sector in facts.sectors
    ):
        kinds.append("government")
    elif Cue.POLITICAL_DATA in facts.cues or any(
        sector.target_category is TargetCategory.ELECTIONS for sector in facts.sectors
    ):
        kinds.append("political")
    return kinds


def _records(count: int) -> int:
    return min(RECORDS_CEILING, band(count, RECORD_BANDS))


def _data(facts: IncidentFacts) -> DimensionScore:
    impact = facts.incident.impact
    destructive = IncidentType.WIPER in facts.types or (
        Cue.DESTRUCTIVE in facts.cues and facts.types & DISRUPTIVE_TYPES
    )
    properties = []
    if facts.types & CONFIDENTIALITY_TYPES:
        properties.append("confidentiality")
    if facts.types & INTEGRITY_TYPES:
        properties.append("integrity")
    if destructive or facts.types & {IncidentType.RANSOMWARE, IncidentType.SABOTAGE}:
        properties.append("availability of data")
    if not properties:
        if facts.types:
            reason = "no data was accessed, altered or destroyed by the recorded types"
            return _score("data", 0, reason, [facts.type_fact()])
        return _score("data", None, "no type recorded", [], ["types"])
    sensitivity = _sensitivity(facts)
    found = [Fact("data.properties", ", ".join(properties)), facts.type_fact()]
    if sensitivity:
        found.append(Fact("data.sensitivity", ", ".join(sensitivity)))
    missing: list[str] = []
    estimates: list[str] = []
    floor = likely = upper = 1
    leaked = IncidentType.HACK_AND_LEAK in facts.types
    if "confidentiality" in properties:
        if impact.records_exposed is not None:
            found.append(Fact("impact.records_exposed", f"{impact.records_exposed:,}"))
            floor = likely = upper = _records(impact.records_exposed)
        elif impact.people_affected is not None and IncidentType.DATA_BREACH in facts.types:
            found.append(Fact("impact.people_affected", f"{impact.people_affected:,}"))
            floor = likely = upper = _records(impact.people_affected)
        else:
            missing.append("impact.records_exposed")
            floor = 2 if leaked else 1
            # Whose data (government, politics) is weighed under political significance, so
            # it is not counted twice here: sensitive kinds make the volume "medium" at most.
            if Cue.MASS_SCALE in facts.cues:
                likely, why = 3, "the summary speaks of mass data"
            elif sensitivity or leaked:
                likely, why = 2, f"{', '.join(sensitivity) or 'leaked'} data"
            else:
                likely, why = 1, "no sensitive data recorded"
            likely = max(floor, likely)
            upper = _plus_one(likely)
            estimates.append(f"volume unknown; estimated {likely} of 4 ({why})")
        if leaked:
            floor, likely, upper = max(floor, 2), max(likely, 2), max(upper, 2)
        if "classified" in sensitivity:
            # Classified information is protected by art. 1(4) of Reg. 2019/796 as such.
            floor, likely, upper = max(floor, 3), max(likely, 3), max(upper, 3)
    if destructive:
        found.append(facts.cue_fact(Cue.DESTRUCTIVE) or Fact("types", "wiper"))
        many = _wide(facts) or len(facts.countries) >= 2
        if impact.systems_affected is not None:
            systems = band(impact.systems_affected, SYSTEM_BANDS)
            wiped = max(3, systems)
            floor, likely, upper = max(floor, wiped), max(likely, wiped), max(upper, wiped)
        else:
            missing.append("impact.systems_affected")
            # Destroyed data is lost for good: "high" at least; many victims make it "severe".
            floor = max(floor, 3)
            likely = max(likely, 4 if many else 3)
            upper = 4
            estimates.append("destroyed data; how many systems is unknown")
    elif IncidentType.RANSOMWARE in facts.types:
        if impact.systems_affected is not None:
            systems = band(impact.systems_affected, SYSTEM_BANDS)
            floor, likely, upper = max(floor, systems), max(likely, systems), max(upper, systems)
        else:
            missing.append("impact.systems_affected")
            likely, upper = max(likely, 2), max(upper, 3)
            estimates.append("encrypted systems; how many is unknown")
    reason = f"{', '.join(properties)} compromised"
    if sensitivity:
        reason += f"; sensitive data: {', '.join(sensitivity)}"
    return _score(
        "data",
        floor,
        reason,
        found,
        missing,
        likely=likely,
        upper=upper,
        estimate="; ".join(estimates),
    )


def _economic(facts: IncidentFacts) -> DimensionScore:
    loss = facts.incident.impact.financial_loss_usd
    if loss is not None:
        found = [Fact("impact.financial_loss_usd", f"{loss:,.0f}")]
        return _score(
            "economic", band(loss, LOSS_BANDS_USD), f"losses of about USD {loss:,.0f}", found
        )
    theft = facts.cue_fact(Cue.THEFT_OF_FUNDS)
    if theft is not None:
        return _score(
            "economic",
            None,
            "funds were stolen; the amount is not recorded",
            [theft],
            ["impact.financial_loss_usd"],
            likely=2,
            upper=4,
            estimate="a theft of funds: millions at least, as such thefts are reported",
        )
    costly = facts.types & {IncidentType.RANSOMWARE, IncidentType.WIPER, IncidentType.SABOTAGE}
    reason = "no loss figure recorded"
    if IncidentType.RANSOMWARE in facts.types:
        reason += "; ransomware seeks economic benefit for the perpetrator (art. 2(e))"
    return _score(
        "economic",
        None,
        reason,
        [facts.type_fact()] if costly else [],
        ["impact.financial_loss_usd"],
        upper=2 if costly else None,
        estimate="recovery from destructive or extortion attacks costs millions" if costly else "",
    )


def _control(facts: IncidentFacts) -> DimensionScore:
    supply = facts.cue_fact(Cue.SUPPLY_CHAIN)
    if IncidentType.SUPPLY_CHAIN in facts.types or (supply and facts.types & INTRUSION_TYPES):
        many = (
            len(facts.incident.victim_organisations) >= ORGANISATION_BANDS[-1]
            or Cue.MASS_SCALE in facts.cues
            or len(facts.countries) >= COUNTRY_BANDS[1]
        )
        found = [facts.type_fact()] + ([supply] if supply else [])
        return _score(
            "control",
            4 if many else 3,
            "code delivered through a trusted supplier ran inside its customers' systems"
            + ("; many victims" if many else ""),
            found,
            likely=4 if many or facts.incident.is_campaign else 3,
            upper=4,
            estimate="" if many else "how many customers were reached is not recorded",
        )
    hijack = facts.cue_fact(Cue.HIJACKING)
    if hijack is not None:
        misused = bool(facts.types & (DISRUPTIVE_TYPES | {IncidentType.HACK_AND_LEAK}))
        reason = "control of systems or accounts was taken" + (
            " and misused" if misused else ", without recorded misuse"
        )
        return _score("control", 3 if misused else 2, reason, [hijack], upper=3)
    persistence = facts.cue_fact(Cue.PERSISTENCE)
    intrusion = facts.types & INTRUSION_TYPES
    if persistence is not None or (facts.incident.is_campaign and intrusion):
        found = [persistence or Fact("campaign", "yes")]
        return _score(
            "control",
            2,
            "long-term hidden access to the victims' systems",
            found,
            upper=3,
            estimate="how much of the victims' systems was controlled is not recorded",
        )
    if intrusion:
        return _score(
            "control",
            1,
            "the intruders had access to the victims' systems",
            [facts.type_fact()],
            upper=2,
            estimate="how long and how deep the access went is not recorded",
        )
    if IncidentType.DEFACEMENT in facts.types:
        return _score("control", 1, "a public website was altered", [facts.type_fact()])
    if facts.types:
        reason = "the recorded types act from outside the victims' systems"
        return _score("control", 0, reason, [facts.type_fact()])
    return _score("control", None, "no type recorded", [], ["types"])


# --- Context: how long, how skilled, how wide, against whom --------------------------------


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
        return _score(
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
        return _score(
            "duration",
            band(shortest, DAY_BANDS),
            f"from {start} at least until it was disclosed ({disclosed})",
            found,
            ["end"],
            likely=band(likely, DAY_BANDS) + (1 if campaign else 0),
            upper=4 if campaign else _plus_one(band(likely, DAY_BANDS)),
            estimate="the end is not recorded",
        )
    if campaign:
        return _score(
            "duration",
            2,
            "a campaign: a series of operations over time",
            [Fact("campaign", "yes")],
            ["start", "end"],
            likely=3,
            upper=4,
            estimate="campaigns recorded without dates usually run for months to years",
        )
    return _score(
        "duration",
        None,
        "no end date and no campaign recorded",
        [],
        ["end"],
    )


def _sophistication(facts: IncidentFacts) -> DimensionScore:
    found: list[Fact] = []
    marks: list[tuple[int, str]] = []
    for cue, score, what in (
        (Cue.ZERO_DAY, 4, "a zero-day"),
        (Cue.SUPPLY_CHAIN, 4, "a supply-chain compromise"),
        (Cue.CUSTOM_TOOLING, 3, "custom tooling"),
        (Cue.PHYSICAL, 3, "an attack on industrial processes"),
    ):
        fact = facts.cue_fact(cue)
        if fact is not None:
            found.append(fact)
            marks.append((score, what))
    if IncidentType.SUPPLY_CHAIN in facts.types:
        marks.append((4, "a supply-chain compromise"))
    if IncidentType.SABOTAGE in facts.types:
        marks.append((3, "sabotage of physical processes"))
    if IncidentType.WIPER in facts.types:
        marks.append((2, "destructive malware"))
    if facts.types and facts.types <= SURFACE_ONLY_TYPES and not marks:
        return _score(
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
        return _score("sophistication", None, "no technique recorded", [], ["summary (techniques)"])
    what = ", ".join(dict.fromkeys(w for _, w in sorted(marks, reverse=True)))
    reason = f"recorded: {what}" if what else "no technique recorded"
    return _score(
        "sophistication",
        floor,
        reason,
        found,
        [] if floor == 4 else ["summary (techniques)"],
        likely=2 if state_linked else None,
        upper=4 if state_linked else None,
        estimate="state-linked operators usually bring their own tooling" if state_linked else "",
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
    # People whose data were taken are weighed under data compromise; here, those who lost a
    # service.
    taking_only = bool(facts.types) and facts.types <= CONFIDENTIALITY_TYPES
    if impact.people_affected is not None and not taking_only:
        found.append(Fact("impact.people_affected", f"{impact.people_affected:,}"))
        candidates.append(band(impact.people_affected, PEOPLE_BANDS))
    mass = facts.cue_fact(Cue.MASS_SCALE)
    if mass is not None and not taking_only:
        found.append(mass)
        candidates.append(3)
    if not candidates:
        return _score(
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
    return _score("breadth", max(candidates), reason, found)


def _critical_infrastructure(facts: IncidentFacts) -> DimensionScore:
    if not facts.sectors:
        return _score(
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
        return _score("critical_infrastructure", 0, reason, [facts.sector_fact()])
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
    return _score(
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
        return _score("political", None, "no victim sector recorded", [], ["victims.sectors"])
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
    return _score("political", score, reason, found)


def _context(facts: IncidentFacts) -> DimensionScore:
    found: list[Fact] = []
    contexts = []
    election = facts.cue_fact(Cue.ELECTION)
    if IncidentType.ELECTION_INTERFERENCE in facts.types:
        election = Fact("types", "election-interference")
    elif any(sector.target_category is TargetCategory.ELECTIONS for sector in facts.sectors):
        election = election or facts.sector_fact()
    if election is not None:
        found.append(election)
        contexts.append("an election")
    conflict = facts.cue_fact(Cue.ARMED_CONFLICT)
    if conflict is not None:
        found.append(conflict)
        contexts.append("an armed conflict")
    if not contexts:
        if not (facts.types or facts.sectors or facts.incident.summary):
            return _score(
                "context", None, "nothing recorded to judge the context by", [], ["summary"]
            )
        return _score("context", 0, "no armed conflict or election is recorded as context", [])
    return _score(
        "context", 2 + len(contexts), f"in the context of {' and '.join(contexts)}", found
    )


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

_SCORERS: tuple[Callable[[IncidentFacts], DimensionScore], ...] = (
    _physical,
    _disruption,
    _data,
    _economic,
    _control,
    _duration,
    _sophistication,
    _breadth,
    _critical_infrastructure,
    _political,
    _context,
)
_EFFECTS = tuple(name for name, (_, role, _) in DIMENSIONS.items() if role is DimensionRole.EFFECT)
_CONTEXTS = tuple(
    name for name, (_, role, _) in DIMENSIONS.items() if role is DimensionRole.CONTEXT
)


def combine(scores: dict[str, int], loss_usd: float | None = None) -> tuple[SeverityLevel, str]:
    """The level of one set of dimension scores (0-4; a missing name counts as 0), and why.

    The strongest effect sets the base (0-1 low, 2 medium, 3 high, 4 severe); two strong
    context dimensions (3 or more) raise it one step, up to severe. Critical is kept for
    systemic damage: physical destruction, or damage scored 4 that is cross-border (breadth
    4) or costs a billion US dollars or more.
    """
    effect = max(_EFFECTS, key=lambda name: scores.get(name, 0))
    peak = scores.get(effect, 0)
    level = _LEVEL_BY_EFFECT[peak]
    label = lower_first(DIMENSIONS[effect][0])
    why = f"{label} {peak}/4" if peak else "no effect recorded"
    strong = [name for name in _CONTEXTS if scores.get(name, 0) >= STRONG_SCORE]
    if len(strong) >= STRONG_CONTEXTS_TO_RAISE and level in _RAISED:
        level = _RAISED[level]
        named = " and ".join(lower_first(DIMENSIONS[name][0]) for name in strong)
        why += f", raised one step by {named}"
    damage = max(scores.get(name, 0) for name in _DAMAGE)
    if scores.get("physical", 0) == 4:
        level, why = SeverityLevel.CRITICAL, why + "; physical destruction"
    elif damage == 4 and (
        scores.get("breadth", 0) == 4 or (loss_usd is not None and loss_usd >= CRITICAL_LOSS_USD)
    ):
        level, why = SeverityLevel.CRITICAL, why + "; systemic, cross-border damage"
    return level, why


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
    lower, _ = combine({d.dimension: d.score or 0 for d in dimensions}, loss)
    likely, why = combine({d.dimension: d.likely or 0 for d in dimensions}, loss)
    upper, _ = combine({d.dimension: d.upper or 0 for d in dimensions}, loss)
    unknown = [lower_first(d.label) for d in dimensions if d.score is None and d.likely is None]
    summary = likely.value.capitalize()
    if lower is not upper:
        summary += f" (most likely; range {lower.value} to {upper.value})"
    summary += f": {why}"
    summary += f". Unknown: {', '.join(unknown)}." if unknown else ". Every dimension was scored."
    reasons = tuple(f"{d.label}: {d.estimate}" for d in dimensions if d.estimate)
    return Severity(likely, lower, upper, dimensions, summary, reasons)
