"""Attribution synthesis: questions kept apart, wording levels, consensus and readiness."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from assess_builders import attribution, incident

from cdtoolbox.assess import (
    Assessment,
    Assessor,
    AttributionSynthesis,
    Consensus,
    Truth,
    WordingLevel,
)
from cdtoolbox.assess.attribution import NAMING_STATE, synthesise_attribution, wording_level
from cdtoolbox.assess.facts import derive_facts
from cdtoolbox.model import AttributionBasis, Likelihood, PartyKind


def synthesis(assessor: Assessor, **fields: Any) -> AttributionSynthesis:
    return synthesise_attribution(
        derive_facts(incident(**fields), assessor.tables), assessor.tables
    )


def readiness(result: AttributionSynthesis, measure: str) -> Truth:
    return next(r.status for r in result.readiness if r.measure == measure)


@pytest.mark.parametrize(
    ("wording", "level"),
    [
        ("undertaken from the territory of China", WordingLevel.TERRITORIAL),
        ("associated these with the Russian state", WordingLevel.ASSOCIATED),
        ("the Russia-controlled APT28", WordingLevel.CONTROLLED),
        ("conducted by the Russia-controlled APT28", WordingLevel.CONTROLLED),
        ("steered by the military intelligence service of Russia", WordingLevel.CONTROLLED),
        ("conducted by the Russian Federation", WordingLevel.CONDUCTED),
        ("the Russian military was almost certainly responsible", WordingLevel.CONDUCTED),
        ("a group we track", None),
        (None, None),
    ],
)
def test_wording_levels(wording: str | None, level: WordingLevel | None) -> None:
    assert wording_level(wording) is level


def test_technical_political_and_legal_attribution_are_kept_apart(
    assessed: Callable[[str], Assessment],
) -> None:
    result = assessed("cloud-hopper-2017").attribution
    assert result.technical.startswith("PwC UK and BAE Systems → APT10")
    assert "United States" in result.legal and "names 2 persons or entities" in result.legal
    assert "PwC" not in result.legal
    claims = {claim.party: claim.questions for claim in result.claims}
    assert claims["PwC UK and BAE Systems"] == ("technical",)
    assert claims["United States"] == ("legal",)


def test_the_eu_naming_a_state_makes_a_naming_statement_ready(assessor: Assessor) -> None:
    eu = attribution(
        "RU",
        kind=PartyKind.EU,
        party="High Representative on behalf of the EU",
        country=None,
        wording="conducted by the Russian Federation",
    )
    result = synthesis(assessor, attributions=(eu,))
    assert readiness(result, NAMING_STATE) is Truth.HOLDS
    assert result.consensus is Consensus.SINGLE_STATE


def test_one_state_is_not_enough_to_name_a_state(assessor: Assessor) -> None:
    one = attribution(likelihood=Likelihood.ALMOST_CERTAIN)
    result = synthesis(assessor, attributions=(one,))
    naming = next(r for r in result.readiness if r.measure == NAMING_STATE)
    assert naming.status is Truth.FAILS
    assert "several states or the EU" in naming.reason
    second = attribution(party="France", country="FR")
    assert readiness(synthesis(assessor, attributions=(one, second)), NAMING_STATE) is Truth.HOLDS
    # Two states without any high-confidence statement are not enough either.
    weak = (attribution(), attribution(party="France", country="FR"))
    assert readiness(synthesis(assessor, attributions=weak), NAMING_STATE) is Truth.FAILS


def test_a_listing_needs_identified_persons_not_a_state(assessor: Assessor) -> None:
    state_only = synthesis(
        assessor, attributions=(attribution(likelihood=Likelihood.ALMOST_CERTAIN),)
    )
    assert readiness(state_only, "restrictive") is Truth.FAILS
    indicted = attribution(None, basis=(AttributionBasis.LEGAL,), perpetrators=("A. Officer",))
    persons = synthesis(assessor, attributions=(indicted,))
    assert readiness(persons, "restrictive") is Truth.HOLDS
    assert persons.perpetrators == ("A. Officer",)
    # Names from a company report are not an identification by a public authority.
    company = attribution(
        None,
        kind=PartyKind.COMPANY,
        party="Vendor",
        basis=(AttributionBasis.TECHNICAL,),
        perpetrators=("B. Person",),
    )
    assert readiness(synthesis(assessor, attributions=(company,)), "restrictive") is Truth.FAILS


def test_preventive_cooperative_and_plain_statements_need_no_attribution(
    assessor: Assessor,
) -> None:
    result = synthesis(assessor)
    for measure in ("preventive", "cooperative", "stability"):
        assert readiness(result, measure) is Truth.HOLDS
    assert result.consensus is Consensus.NO_STATE
    assert "No attribution is recorded" in result.summary


def test_several_states_named_are_shown_as_such(assessed: Callable[[str], Assessment]) -> None:
    result = assessed("stuxnet-2010").attribution
    assert result.consensus is Consensus.SEVERAL_STATES
    assert {named.state for named in result.states} == {"US", "IL"}
    assert all(not named.official_parties for named in result.states)  # press reports only
