"""Severity: separate dimensions, unknown never counted as zero, documented combination."""

from __future__ import annotations

from typing import Any

import pytest
from assess_builders import attribution, incident

from cdtoolbox.assess import Assessor, DimensionStatus, Severity, SeverityLevel
from cdtoolbox.assess.facts import derive_facts
from cdtoolbox.assess.severity import DIMENSIONS, assess_severity, band
from cdtoolbox.model import IncidentType


def severity_of(assessor: Assessor, **fields: Any) -> Severity:
    return assess_severity(derive_facts(incident(**fields), assessor.tables))


def test_an_empty_record_is_unknown_on_every_dimension_never_zero(assessor: Assessor) -> None:
    severity = severity_of(assessor)
    assert severity.level is SeverityLevel.UNKNOWN
    assert [d.dimension for d in severity.dimensions] == list(DIMENSIONS)
    for dimension in severity.dimensions:
        assert dimension.score is None
        assert dimension.status is DimensionStatus.UNKNOWN
        assert dimension.missing
    assert "Unknown" in severity.summary


def test_missing_figures_make_a_lower_bound_and_are_named(assessor: Assessor) -> None:
    severity = severity_of(assessor, types=(IncidentType.RANSOMWARE,), systems_affected=5_000)
    disruption = severity.dimension("disruption")
    assert disruption.status is DimensionStatus.LOWER_BOUND
    assert "impact.outage_hours" in disruption.missing
    assert severity.dimension("economic").score is None
    assert "impact.financial_loss_usd" in severity.dimension("economic").missing
    assert "economic loss" in severity.summary


def test_types_that_cannot_cause_a_harm_score_zero_with_a_reason(assessor: Assessor) -> None:
    severity = severity_of(assessor, types=(IncidentType.ESPIONAGE,))
    physical = severity.dimension("physical")
    assert (physical.score, physical.status) == (0, DimensionStatus.ASSESSED)
    assert "not on physical processes" in physical.reason
    assert physical.facts[0].value == "espionage"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, 1), (999, 1), (1_000, 2), (99_999, 2), (100_000, 3), (999_999, 3), (1_000_000, 4)],
)
def test_bands(value: int, expected: int) -> None:
    assert band(value, (1_000, 100_000, 1_000_000)) == expected


def test_disruption_is_scale_times_duration(assessor: Assessor) -> None:
    short = severity_of(assessor, types=(IncidentType.DDOS,), people_affected=500, outage_hours=0.5)
    long = severity_of(
        assessor, types=(IncidentType.DDOS,), people_affected=2_000_000, outage_hours=200
    )
    assert short.dimension("disruption").score == 1
    assert long.dimension("disruption").score == 4
    assert long.dimension("disruption").status is DimensionStatus.ASSESSED


def test_physical_destruction_is_severe_and_critical_at_scale(assessor: Assessor) -> None:
    one_plant = severity_of(
        assessor, types=(IncidentType.SABOTAGE,), sectors=("energy",), physical_damage=True
    )
    assert one_plant.dimension("physical").score == 4
    assert one_plant.level is SeverityLevel.SEVERE
    campaign = severity_of(
        assessor,
        types=(IncidentType.SABOTAGE,),
        sectors=("energy",),
        physical_damage=True,
        start="2007",
        end="2010",
    )
    assert campaign.level is SeverityLevel.CRITICAL
    assert "physical destruction at scale" in campaign.summary


def test_the_strongest_effect_sets_the_base_and_two_strong_contexts_raise_it(
    assessor: Assessor,
) -> None:
    # 200,000 records of one organisation: "medium" in the codebook.
    breach = severity_of(assessor, types=(IncidentType.DATA_BREACH,), records_exposed=200_000)
    assert breach.level is SeverityLevel.MEDIUM
    # One strong context (government victims) is not enough to raise it ...
    ministry = severity_of(
        assessor,
        types=(IncidentType.DATA_BREACH,),
        records_exposed=200_000,
        sectors=("public-administration",),
    )
    assert ministry.level is SeverityLevel.MEDIUM
    # ... two are: a government breach that went on for years.
    sustained = severity_of(
        assessor,
        types=(IncidentType.DATA_BREACH,),
        records_exposed=200_000,
        sectors=("public-administration",),
        start="2014-01",
        end="2017-06",
    )
    assert sustained.level is SeverityLevel.HIGH
    assert "raised one step by duration and political significance" in sustained.summary


def test_no_single_context_makes_a_leak_of_a_ministrys_e_mails_severe(
    assessor: Assessor,
) -> None:
    leak = severity_of(
        assessor,
        types=(IncidentType.HACK_AND_LEAK,),
        sectors=("public-administration",),
        countries=("DE",),
        summary="E-mails of the ministry were stolen and published.",
    )
    wiper = severity_of(
        assessor,
        types=(IncidentType.WIPER,),
        sectors=("energy",),
        countries=("UA", "PL"),
        campaign=True,
    )
    assert leak.dimension("political").score == 4
    assert leak.level.rank < SeverityLevel.SEVERE.rank
    assert wiper.level.rank > leak.level.rank


def test_missing_facts_give_a_range_not_a_low_point(assessor: Assessor) -> None:
    """A years-long state espionage campaign against diplomatic venues, without figures."""
    campaign = severity_of(
        assessor,
        types=(IncidentType.ESPIONAGE,),
        sectors=("public-administration",),
        countries=("CH", "AT", "US"),
        attributions=(attribution(),),
        campaign=True,
        summary="A years-long espionage campaign against the venues of nuclear negotiations.",
    )
    assert campaign.level is SeverityLevel.HIGH
    assert campaign.lower.rank < campaign.level.rank <= campaign.upper.rank
    assert campaign.range_reasons
    assert "most likely; range" in campaign.summary
    duration = campaign.dimension("duration")
    assert (duration.score, duration.likely) == (2, 3)
    assert duration.estimate


def test_an_outage_without_hours_is_estimated_from_what_the_incident_was(
    assessor: Assessor,
) -> None:
    power = severity_of(
        assessor,
        types=(IncidentType.SABOTAGE,),
        sectors=("energy.electricity",),
        countries=("UA",),
        summary="A nationwide power outage followed the attack on the industrial control "
        "systems of the national power company.",
    )
    disruption = power.dimension("disruption")
    assert disruption.status is DimensionStatus.LOWER_BOUND
    # Nationwide (scale 4) for hours, as sabotage of a grid usually lasts (duration 2 of 4).
    assert (disruption.score, disruption.likely) == (2, 3)
    assert "impact.outage_hours" in disruption.missing
    assert power.level is SeverityLevel.SEVERE


def test_sophistication_and_control_come_from_cues(assessor: Assessor) -> None:
    supply = severity_of(
        assessor,
        types=(IncidentType.ESPIONAGE, IncidentType.SUPPLY_CHAIN),
        countries=("US", "GB", "DE", "BE", "FR"),
        summary="A trojanised software update with a zero-day reached thousands of organisations.",
    )
    assert supply.dimension("sophistication").score == 4
    assert supply.dimension("control").score == 4
    assert supply.level is SeverityLevel.SEVERE
    plain = severity_of(assessor, types=(IncidentType.DDOS,), sectors=("media",))
    assert plain.dimension("sophistication").score == 1
    assert plain.level is SeverityLevel.LOW


def test_a_supply_chain_compromise_counts_once(assessor: Assessor) -> None:
    """The supplier's code in its customers' systems scores control; the same fact does not
    also raise the level as sophistication, unless the record names skill of its own."""
    hospitals = {
        "types": (IncidentType.RANSOMWARE, IncidentType.SUPPLY_CHAIN),
        "countries": ("RO",),
        "sectors": ("health",),
        "summary": "Ransomware reached hospitals through their software supplier.",
    }
    few = severity_of(assessor, **hospitals)
    assert few.dimension("control").likely == 3
    assert few.dimension("sophistication").score == 4
    # Control 3 sets "high"; critical infrastructure alone does not raise it.
    assert few.level is SeverityLevel.HIGH
    assert "raised one step" not in few.summary
    skilled = severity_of(
        assessor,
        **{**hospitals, "summary": hospitals["summary"] + " The intruders used a zero-day."},
    )
    assert skilled.level is SeverityLevel.SEVERE
    assert "raised one step by sophistication and critical infrastructure" in skilled.summary
    many = severity_of(
        assessor,
        **{
            **hospitals,
            "summary": "Ransomware reached thousands of organisations through a supplier.",
        },
    )
    assert many.dimension("control").likely == 4 and many.level is SeverityLevel.SEVERE


def test_critical_is_kept_for_systemic_damage(assessor: Assessor) -> None:
    countries = ("UA", "US", "GB", "DE", "FR", "DK", "NL", "IN", "RU", "AU", "ES")
    systemic = severity_of(
        assessor,
        types=(IncidentType.WIPER, IncidentType.SUPPLY_CHAIN),
        countries=countries,
        financial_loss_usd=10_000_000_000,
    )
    assert systemic.level is SeverityLevel.CRITICAL
    assert "systemic" in systemic.summary
    theft = severity_of(
        assessor,
        types=(IncidentType.DATA_BREACH,),
        financial_loss_usd=600_000_000,
        summary="The group stole USD 600 million in cryptocurrency.",
    )
    assert theft.level is SeverityLevel.SEVERE
    # The same sum lost by a firm to ransomware (recovery, lost business) is not a theft.
    loss = severity_of(assessor, types=(IncidentType.RANSOMWARE,), financial_loss_usd=600_000_000)
    assert loss.dimension("economic").score == 2


def test_taking_data_alone_is_at_most_high(assessor: Assessor) -> None:
    leak = severity_of(
        assessor,
        types=(IncidentType.HACK_AND_LEAK, IncidentType.ESPIONAGE),
        sectors=("public-administration",),
        countries=("US", "GB", "DE", "FR", "IT", "ES", "PL", "NL", "BE", "SE", "AT"),
        records_exposed=5_000_000,
        start="2015",
        end="2019",
    )
    assert leak.level is SeverityLevel.HIGH
    assert "taking or exposing data is at most high" in leak.summary


def test_state_functions_weigh_under_political_significance_not_infrastructure(
    assessor: Assessor,
) -> None:
    severity = severity_of(assessor, types=(IncidentType.DDOS,), sectors=("public-administration",))
    assert severity.dimension("critical_infrastructure").score == 0
    political = severity.dimension("political")
    # Government weighs 3, minus 1 because only public-facing services were hit.
    assert political.score == 2
    assert "public-facing" in political.reason


def test_elections_and_leaks_weigh_most(assessor: Assessor) -> None:
    severity = severity_of(
        assessor,
        types=(IncidentType.HACK_AND_LEAK, IncidentType.ESPIONAGE),
        sectors=("political-parties",),
        attributions=(attribution(),),
    )
    assert severity.dimension("political").score == 4


def test_member_states_widen_the_breadth(assessor: Assessor) -> None:
    outside = severity_of(assessor, countries=("US", "CA", "JP"))
    inside = severity_of(assessor, countries=("DE", "FR", "PL"))
    assert inside.dimension("breadth").score == (outside.dimension("breadth").score or 0) + 1


def test_every_dimension_names_the_article_2_factors_it_speaks_to(assessor: Assessor) -> None:
    for dimension in severity_of(assessor, types=(IncidentType.WIPER,)).dimensions:
        assert dimension.factors
        # Art. 2 (and 1) of Reg. 2019/796, or the proportionality factors of the Toolbox.
        assert all(
            factor.startswith(("art. ", "Toolbox guidelines: ")) for factor in dimension.factors
        )
        assert any(factor.startswith("art. ") for factor in dimension.factors)
