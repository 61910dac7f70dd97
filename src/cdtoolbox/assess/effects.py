"""Severity dimensions of effect: what the activity did to people, systems, data and money.

The strongest of them sets the base level (``severity.combine``).
"""

from __future__ import annotations

from cdtoolbox.assess.assessment import DimensionScore, Fact
from cdtoolbox.assess.cues import Cue
from cdtoolbox.assess.dimensions import (
    CONFIDENTIALITY_TYPES,
    COUNTRY_BANDS,
    HOUR_BANDS,
    INTEGRITY_TYPES,
    INTRUSION_TYPES,
    LOSS_BANDS_USD,
    ONLINE_SERVICE_SECTORS,
    ORGANISATION_BANDS,
    OUTAGE_PRIOR,
    PEOPLE_BANDS,
    RECORD_BANDS,
    RECORDS_CEILING,
    STATE_FUNCTIONS,
    SYSTEM_BANDS,
    THEFT_BANDS_USD,
    band,
    essential,
    plus_one,
    score_dimension,
    wide,
)
from cdtoolbox.assess.facts import DISRUPTIVE_TYPES, IncidentFacts
from cdtoolbox.model import IncidentType, TargetCategory

__all__ = ["EFFECT_SCORERS", "delivered_through_supplier", "destroys_data"]


def _physical(facts: IncidentFacts) -> DimensionScore:
    impact = facts.incident.impact
    found: list[Fact] = []
    if impact.physical_effects:
        found.append(Fact("impact.physical_effects", impact.physical_effects))
    if impact.physical_damage is not None:
        found.append(Fact("impact.physical_damage", "yes" if impact.physical_damage else "no"))
    if impact.physical_damage:
        return score_dimension("physical", 4, "physical damage or destruction is recorded", found)
    if impact.physical_effects:
        reason = "physical processes were affected (recorded effects), without recorded destruction"
        return score_dimension("physical", 3, reason, found)
    outage = facts.cue_fact(Cue.POWER_OUTAGE)
    if outage is not None:
        return score_dimension("physical", 3, "the summary reports a power outage", [outage])
    if impact.physical_damage is False:
        return score_dimension("physical", 0, "no physical damage, as recorded", found)
    if IncidentType.SABOTAGE in facts.types:
        return score_dimension(
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
        return score_dimension("physical", 0, reason, [facts.type_fact()])
    return score_dimension(
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
    outage_cue = facts.cue_fact(
        Cue.POWER_OUTAGE, Cue.EXTENDED_OUTAGE, Cue.LONG_OUTAGE, Cue.NATIONAL_SCALE
    )
    disruptive = facts.types & DISRUPTIVE_TYPES
    if (
        not disruptive
        and impact.outage_hours is None
        and not impact.physical_effects
        and Cue.POWER_OUTAGE not in facts.cues
    ):
        if facts.types:
            reason = "the recorded types do not disrupt services"
            return score_dimension("disruption", 0, reason, [facts.type_fact()])
        return score_dimension(
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
    people, people_fact = facts.count("people_affected")
    systems, systems_fact = facts.count("systems_affected")
    if people is not None and people_fact is not None:
        found.append(people_fact)
        scale = band(people, PEOPLE_BANDS)
    if systems is not None and systems_fact is not None:
        found.append(systems_fact)
        scale = max(scale or 0, band(systems, SYSTEM_BANDS))
    if scale is not None:
        scale_floor = scale_likely = scale_upper = scale
    else:
        missing.append("impact.people_affected or impact.systems_affected")
        scale_floor = 1
        if Cue.NATIONAL_SCALE in facts.cues:
            scale_floor = 4
        elif Cue.POWER_OUTAGE in facts.cues:
            scale_floor = 3
        if disruptive == {IncidentType.DDOS}:
            # A flood takes down public-facing services: a website is one service whoever
            # runs it, unless being online is the service (banks, exchanges, networks).
            if any(sector.id.split(".")[0] in ONLINE_SERVICE_SECTORS for sector in facts.sectors):
                scale_likely, why = 2, "online services of banks, markets or networks"
            else:
                scale_likely, why = 1, "public-facing websites"
        elif wide(facts):
            scale_likely, why = 3, "many victims"
        elif essential(facts):
            scale_likely, why = 2, "an essential service or state function"
        else:
            scale_likely, why = 1, "one organisation's services"
        scale_likely = max(scale_floor, scale_likely)
        scale_upper = plus_one(scale_likely)
        estimates.append(f"scale estimated {scale_likely} of 4 ({why})")
    if outage_cue is not None:
        found.append(outage_cue)
    # Duration: how long the service was down.
    if impact.outage_hours is not None:
        found.append(Fact("impact.outage_hours", f"{impact.outage_hours:g}"))
        duration_floor = duration_likely = duration_upper = band(impact.outage_hours, HOUR_BANDS)
    else:
        missing.append("impact.outage_hours")
        duration_floor = (
            4 if Cue.EXTENDED_OUTAGE in facts.cues else 3 if Cue.LONG_OUTAGE in facts.cues else 1
        )
        prior = max((OUTAGE_PRIOR[kind] for kind in disruptive), default=2)
        duration_likely = max(duration_floor, prior)
        duration_upper = plus_one(duration_likely)
        estimates.append(
            f"duration estimated {duration_likely} of 4 (what "
            f"{', '.join(sorted(disruptive)) or 'such an outage'} usually causes)"
        )
    reason = (
        f"scale {scale or 'unknown'} x duration "
        f"{duration_floor if impact.outage_hours is not None else 'unknown'} (bands 1-4)"
    )
    return score_dimension(
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
    if Cue.SPECIAL_DATA in facts.cues:
        kinds.append("special categories")
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


def _records_score(count: int) -> int:
    return min(RECORDS_CEILING, band(count, RECORD_BANDS))


def destroys_data(facts: IncidentFacts) -> bool:
    """A wiper, or a disruptive attack the summary says destroyed data or systems."""
    return IncidentType.WIPER in facts.types or bool(
        Cue.DESTRUCTIVE in facts.cues and facts.types & DISRUPTIVE_TYPES
    )


def _data(facts: IncidentFacts) -> DimensionScore:
    impact = facts.incident.impact
    destructive = destroys_data(facts)
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
            return score_dimension("data", 0, reason, [facts.type_fact()])
        return score_dimension("data", None, "no type recorded", [], ["types"])
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
            floor = likely = upper = _records_score(impact.records_exposed)
        elif (counted := facts.count("people_affected"))[0] is not None:
            # People whose data were reached: one record each, at least.
            people, people_fact = counted
            found.append(people_fact)  # type: ignore[arg-type]
            floor = likely = upper = _records_score(people)  # type: ignore[arg-type]
        else:
            missing.append("impact.records_exposed")
            floor = 2 if leaked else 1
            # Whose data (government, politics) is weighed under political significance, so
            # it is not counted twice here: sensitive kinds make the volume "medium" at most.
            if Cue.MASS_SCALE in facts.cues:
                likely, why = 3, "the summary speaks of mass data"
            elif Cue.ATTEMPT in facts.cues and not leaked:
                likely, why = 1, "an attempt, or access of unknown extent"
            else:
                # The codebook's "medium": a compromise of a body, company or NGO, without known
                # large exfiltration; taking sensitive data is weighed the same, its victims'
                # significance under political significance.
                likely, why = 2, f"{', '.join(sensitivity) or 'data of the victims'} reached"
            likely = max(floor, likely)
            upper = plus_one(likely)
            estimates.append(f"volume unknown; estimated {likely} of 4 ({why})")
        if "special categories" in sensitivity:
            # Health, medical and biometric data (GDPR art. 9) harm those exposed far beyond
            # their number: one band up.
            floor, likely, upper = plus_one(floor), plus_one(likely), plus_one(upper)
        if leaked:
            floor, likely, upper = max(floor, 2), max(likely, 2), max(upper, 2)
        if "classified" in sensitivity:
            # Classified information is protected by art. 1(4) of Reg. 2019/796 as such.
            floor, likely, upper = max(floor, 3), max(likely, 3), max(upper, 3)
    if destructive:
        found.append(facts.cue_fact(Cue.DESTRUCTIVE) or Fact("types", "wiper"))
        organisations, _ = facts.count("organisations")
        many = wide(facts) or len(facts.countries) >= 2 or (organisations or 0) >= 2
        systems, systems_fact = facts.count("systems_affected")
        # Destroyed data is lost for good: "high" at least; destruction at scale — many
        # victims, or ten thousand systems and more — is "severe" (the codebook's wipers
        # "against many organisations").
        if systems is not None and systems_fact is not None:
            found.append(systems_fact)
            wiped = 4 if many or systems >= SYSTEM_BANDS[1] else 3
            floor, likely, upper = max(floor, wiped), max(likely, wiped), max(upper, wiped)
        else:
            missing.append("impact.systems_affected")
            floor = max(floor, 4 if many else 3)
            likely = max(likely, 4 if many else 3)
            upper = 4
            estimates.append("destroyed data; how many systems is unknown")
    elif IncidentType.RANSOMWARE in facts.types:
        encrypted, encrypted_fact = facts.count("systems_affected")
        if encrypted is not None and encrypted_fact is not None:
            found.append(encrypted_fact)
            systems = band(encrypted, SYSTEM_BANDS)
            floor, likely, upper = max(floor, systems), max(likely, systems), max(upper, systems)
        else:
            missing.append("impact.systems_affected")
            likely, upper = max(likely, 2), max(upper, 3)
            estimates.append("encrypted systems; how many is unknown")
    reason = f"{', '.join(properties)} compromised"
    if sensitivity:
        reason += f"; sensitive data: {', '.join(sensitivity)}"
    return score_dimension(
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
    theft = facts.cue_fact(Cue.THEFT_OF_FUNDS)
    if loss is not None:
        found = [Fact("impact.financial_loss_usd", f"{loss:,.0f}")]
        if theft is not None:
            found.append(theft)
            return score_dimension(
                "economic", band(loss, THEFT_BANDS_USD), f"USD {loss:,.0f} stolen", found
            )
        return score_dimension(
            "economic", band(loss, LOSS_BANDS_USD), f"losses of about USD {loss:,.0f}", found
        )
    if theft is not None:
        return score_dimension(
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
    return score_dimension(
        "economic",
        None,
        reason,
        [facts.type_fact()] if costly else [],
        ["impact.financial_loss_usd"],
        upper=2 if costly else None,
        estimate="recovery from destructive or extortion attacks costs millions" if costly else "",
    )


def delivered_through_supplier(facts: IncidentFacts) -> bool:
    """Whether the intruders' code ran inside the victims' systems through a trusted
    supplier: what scores control 3 or 4 (``_control``)."""
    supply = facts.cue_fact(Cue.SUPPLY_CHAIN)
    return IncidentType.SUPPLY_CHAIN in facts.types or bool(
        supply and facts.types & INTRUSION_TYPES
    )


def _control(facts: IncidentFacts) -> DimensionScore:
    supply = facts.cue_fact(Cue.SUPPLY_CHAIN)
    if delivered_through_supplier(facts):
        many = (
            len(facts.incident.victim_organisations) >= ORGANISATION_BANDS[-1]
            or Cue.MASS_SCALE in facts.cues
            or len(facts.countries) >= COUNTRY_BANDS[1]
        )
        found = [facts.type_fact()] + ([supply] if supply else [])
        return score_dimension(
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
        return score_dimension("control", 2 if misused else 1, reason, [hijack], upper=3)
    persistence = facts.cue_fact(Cue.PERSISTENCE)
    intrusion = facts.types & INTRUSION_TYPES
    if persistence is not None or (facts.incident.is_campaign and intrusion):
        found = [persistence or Fact("campaign", "yes")]
        return score_dimension(
            "control",
            2,
            "long-term hidden access to the victims' systems",
            found,
            upper=3,
            estimate="how much of the victims' systems was controlled is not recorded",
        )
    if intrusion:
        return score_dimension(
            "control",
            1,
            "the intruders had access to the victims' systems",
            [facts.type_fact()],
            upper=2,
            estimate="how long and how deep the access went is not recorded",
        )
    if IncidentType.DEFACEMENT in facts.types:
        return score_dimension("control", 1, "a public website was altered", [facts.type_fact()])
    if facts.types:
        reason = "the recorded types act from outside the victims' systems"
        return score_dimension("control", 0, reason, [facts.type_fact()])
    return score_dimension("control", None, "no type recorded", [], ["types"])


EFFECT_SCORERS = (_physical, _disruption, _data, _economic, _control)
