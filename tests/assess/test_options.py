"""The ladder of response options and the ranked recommendation."""

from __future__ import annotations

from collections.abc import Callable

from assess_builders import attribution, incident

from cdtoolbox.assess import Assessment, Assessor, Truth
from cdtoolbox.assess.option_profiles import CATEGORY_PROFILES, INSTRUMENT_PROFILES
from cdtoolbox.assess.preconditions import PRECONDITIONS
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import (
    AttributionBasis,
    Incident,
    IncidentType,
    InstrumentCategory,
    ResponseTier,
)


def test_profiles_name_only_known_instruments_and_preconditions(knowledge: KnowledgeBase) -> None:
    assert set(INSTRUMENT_PROFILES) <= set(knowledge.instruments.ids())
    assert set(CATEGORY_PROFILES) == set(InstrumentCategory)
    for profile in (*INSTRUMENT_PROFILES.values(), *CATEGORY_PROFILES.values()):
        assert set(profile.preconditions) <= set(PRECONDITIONS)
        assert profile.expected_effect


def test_every_instrument_is_an_option_in_ladder_order(
    assessed: Callable[[str], Assessment], knowledge: KnowledgeBase
) -> None:
    options = assessed("wannacry-2017").options
    assert [o.instrument_id for o in options] == [i.id for i in knowledge.instruments.ladder()]
    assert [o.level for o in options] == sorted(o.level for o in options)


def test_an_option_with_a_failing_precondition_is_never_recommended(
    assessed: Callable[[str], Assessment], bundled: dict[str, Incident]
) -> None:
    for slug in bundled:
        assessment = assessed(slug)
        for option in assessment.options:
            holds = all(check.status is Truth.HOLDS for check in option.preconditions)
            assert option.available is holds
            assert bool(option.missing) is not holds
        available = {o.instrument_id for o in assessment.options if o.available}
        ranked = [r.instrument_id for r in assessment.recommendation.ranked]
        assert set(ranked) <= available, slug
        top = assessment.option(ranked[0])
        assert top.level == max(o.level for o in assessment.options if o.available), slug


def test_a_declaration_needs_the_union_to_be_concerned(assessor: Assessor) -> None:
    def severe_attack_on(country: str) -> Assessment:
        return assessor.assess(
            incident(
                types=(IncidentType.WIPER,),
                countries=(country,),
                sectors=("energy",),
                attributions=(attribution(),),
                physical_damage=True,
            )
        )

    outside, inside, partner = map(severe_attack_on, ("TH", "AT", "MD"))
    assert not outside.option("stability.hr_declaration").available
    assert inside.option("stability.hr_declaration").available
    assert partner.option("stability.hr_declaration").available
    assert inside.recommendation.expected_tier is ResponseTier.STABILITY
    assert outside.recommendation.expected_tier is ResponseTier.NONE


def test_a_listing_can_rest_on_a_related_attack_on_the_union(assessor: Assessor) -> None:
    charged = attribution(
        basis=(AttributionBasis.LEGAL,),
        perpetrators=("Ivan Example",),
        party="United States",
        country="US",
    )
    on_the_union = incident(
        "attack-on-a-member-state",
        types=(IncidentType.WIPER,),
        countries=("DE",),
        sectors=("health",),
        attributions=(charged,),
        systems_affected=50_000,
    )
    third_state = incident(
        "attack-on-a-third-state",
        types=(IncidentType.ESPIONAGE,),
        countries=("KR",),
        sectors=("media",),
        attributions=(charged,),
    )
    alone = assessor.assess(third_state)
    related = assessor.assess(third_state, assessor.precedents_from([on_the_union, third_state]))
    assert not alone.option("restrictive.listing").available
    check = next(
        c
        for c in related.option("restrictive.listing").preconditions
        if c.id == "significant_effect_on_union"
    )
    assert check.status is Truth.HOLDS
    assert "attack-on-a-member-state" in check.reason
    assert related.recommendation.expected_tier is ResponseTier.RESTRICTIVE


def test_support_to_member_states_is_never_recommended_without_their_request(
    assessor: Assessor,
) -> None:
    attack = assessor.assess(
        incident(
            types=(IncidentType.SABOTAGE,),
            countries=("DE",),
            sectors=("energy",),
            attributions=(attribution(),),
            physical_damage=True,
            people_affected=5_000_000,
            outage_hours=400,
        )
    )
    defence = attack.option("support_ms.self_defence")
    statuses = {check.id: check.status for check in defence.preconditions}
    assert statuses["armed_attack_on_member_state"] is Truth.HOLDS
    assert statuses["member_state_request"] is Truth.UNKNOWN
    assert not defence.available
    assert all(r.instrument_id != "support_ms.self_defence" for r in attack.recommendation.ranked)


def test_options_show_precedents_answered_with_the_same_instrument(
    assessed: Callable[[str], Assessment],
) -> None:
    listing = assessed("wannacry-2017").option("restrictive.listing")
    assert {"sony-pictures-2014", "bangladesh-bank-2016"} <= set(listing.precedents)


def test_the_rationale_reads_as_a_paragraph_with_the_reasons(
    assessed: Callable[[str], Assessment],
) -> None:
    rationale = assessed("notpetya-2017").recommendation.rationale
    assert rationale.startswith("NotPetya destructive malware is most likely of critical severity")
    assert (
        "Level of response: EU restrictive measures (rule: Everything a listing needs is "
        "established)" in rationale
    )
    assert "Recommended: Restrictive measures" in rationale
    assert "unanimity" in rationale
    assert "does not attribute the activity to a state" in rationale
    assert rationale.endswith(".")
