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


def test_physical_destruction_makes_an_incident_critical(assessor: Assessor) -> None:
    severity = severity_of(
        assessor, types=(IncidentType.SABOTAGE,), sectors=("energy",), physical_damage=True
    )
    assert severity.dimension("physical").score == 4
    assert severity.level is SeverityLevel.CRITICAL


def test_three_strong_dimensions_raise_the_level_one_step(assessor: Assessor) -> None:
    one = severity_of(assessor, types=(IncidentType.DATA_BREACH,), records_exposed=200_000)
    three = severity_of(
        assessor,
        types=(IncidentType.DATA_BREACH,),
        records_exposed=200_000,
        sectors=("public-administration",),
        financial_loss_usd=500_000_000,
    )
    assert one.level is SeverityLevel.HIGH
    assert three.level is SeverityLevel.SEVERE


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
        assert all(factor.startswith("art. ") for factor in dimension.factors)
