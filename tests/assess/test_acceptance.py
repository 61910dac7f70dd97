"""The acceptance criteria of the assessment engine, on the real bundled incidents."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cdtoolbox.assess import Assessment, NormStatus, Truth
from cdtoolbox.model import Incident, InstrumentCategory, ResponseTier


@pytest.mark.parametrize("slug", ["wannacry-2017", "notpetya-2017"])
def test_restrictive_measures_are_available_for_wannacry_and_notpetya(
    assessed: Callable[[str], Assessment], slug: str
) -> None:
    assessment = assessed(slug)
    listing = assessment.option("restrictive.listing")
    assert listing.available, listing.missing
    assert {check.id: check.status for check in listing.preconditions} == {
        "external_conduct": Truth.HOLDS,
        "identified_perpetrators": Truth.HOLDS,
        "perpetrator_confidence": Truth.HOLDS,
        "significant_effect_on_union": Truth.HOLDS,
        "external_origin": Truth.HOLDS,
    }
    assert assessment.recommendation.ranked[0].instrument_id == "restrictive.listing"
    assert assessment.recommendation.expected_tier is ResponseTier.RESTRICTIVE
    # Several states named the sponsor publicly with high confidence.
    naming = next(
        r for r in assessment.attribution.readiness if r.measure == "stability-naming-state"
    )
    assert naming.status is Truth.HOLDS


def test_restrictive_measures_are_not_available_for_the_dyn_ddos_and_it_says_why(
    assessed: Callable[[str], Assessment],
) -> None:
    assessment = assessed("dyn-ddos-2016")
    listing = assessment.option("restrictive.listing")
    assert not listing.available
    checks = {check.id: check for check in listing.preconditions}
    assert checks["identified_perpetrators"].status is Truth.FAILS
    assert "no person or entity has been identified" in checks["identified_perpetrators"].reason
    assert checks["significant_effect_on_union"].status is Truth.FAILS
    assert "no significant effect on the Union" in checks["significant_effect_on_union"].reason
    assert "United States" in checks["significant_effect_on_union"].reason
    assert assessment.recommendation.top_category is not InstrumentCategory.RESTRICTIVE
    rationale = assessment.recommendation.rationale
    assert "no person or entity has been identified" in rationale
    assert "no significant effect on the Union" in rationale


def test_every_engaged_norm_cites_the_facts_it_used(
    assessed: Callable[[str], Assessment], bundled: dict[str, Incident]
) -> None:
    engaged = 0
    for slug in bundled:
        for finding in assessed(slug).norms:
            if finding.status in (NormStatus.ENGAGED, NormStatus.POSSIBLY_ENGAGED):
                engaged += finding.status is NormStatus.ENGAGED
                assert finding.reason, (slug, finding.norm_id)
                assert finding.facts, (slug, finding.norm_id)
                assert all(fact.value for fact in finding.facts), (slug, finding.norm_id)
    assert engaged >= 10  # the bundle has many engaged norms; an empty loop proves nothing


def test_grid_2015_outranks_the_yahoo_breach_on_physical_effects_and_critical_infrastructure(
    assessed: Callable[[str], Assessment],
) -> None:
    grid = assessed("ukraine-power-grid-2015").severity
    yahoo = assessed("yahoo-2013").severity
    for dimension in ("physical", "critical_infrastructure"):
        assert (grid.dimension(dimension).score or 0) > (yahoo.dimension(dimension).score or 0)
    # The explanation shows why: the recorded physical effects and the NIS2 Annex I sector.
    physical = grid.dimension("physical")
    assert any(fact.name == "impact.physical_effects" for fact in physical.facts)
    assert "Breakers opened" in " ".join(fact.value for fact in physical.facts)
    infrastructure = grid.dimension("critical_infrastructure")
    assert "energy.electricity (high)" in " ".join(fact.value for fact in infrastructure.facts)
    assert "Annex I" in infrastructure.reason
    assert "Annex II" in yahoo.dimension("critical_infrastructure").reason
    assert grid.level.rank > yahoo.level.rank
