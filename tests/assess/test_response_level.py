"""The level of response (none / national / EU statement / EU restrictive measures), the rule
that decided it, and the Member State rule (the Toolbox is external action)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from assess_builders import attribution, incident

from cdtoolbox.assess import Assessment, Assessor, Truth, calibrate
from cdtoolbox.assess.calibration import without_eu_attributions
from cdtoolbox.assess.response_level import RESPONSE_LEVEL_RULES
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import (
    Attribution,
    AttributionBasis,
    Incident,
    IncidentType,
    PartialDate,
    PartyKind,
    ResponseLevel,
    ResponseTier,
    SeverityLevel,
    Verification,
)
from cdtoolbox.model.sanctions import ActorLink, Delisting, ListeeKind, Listing


def test_every_level_has_a_rule_and_the_last_rule_always_applies() -> None:
    assert {rule.level for rule in RESPONSE_LEVEL_RULES} == set(ResponseLevel)
    assert RESPONSE_LEVEL_RULES[-1].id == "no-response"
    assert len({rule.id for rule in RESPONSE_LEVEL_RULES}) == len(RESPONSE_LEVEL_RULES)


def test_a_listing_that_holds_is_eu_restrictive_measures(
    assessed: Callable[[str], Assessment],
) -> None:
    decision = assessed("notpetya-2017").recommendation.response_level
    assert (decision.level, decision.rule) == (ResponseLevel.EU_RESTRICTIVE_MEASURES, "eu-listing")
    assert decision.reasons and not decision.internal_procedures


def test_a_shared_state_level_attribution_leads_to_an_eu_statement(
    assessed: Callable[[str], Assessment],
) -> None:
    assessment = assessed("microsoft-exchange-2021")
    decision = assessment.recommendation.response_level
    assert (decision.level, decision.rule) == (ResponseLevel.EU_STATEMENT, "shared-attribution")
    assert "shared, state-level attribution" in decision.reasons[0]
    assert assessment.recommendation.expected_tier is ResponseTier.STABILITY
    assert "Level of response: an EU-level statement" in assessment.recommendation.rationale


def _one_member_state(assessor: Assessor, **fields: object) -> Assessment:
    return assessor.assess(
        incident(
            types=(IncidentType.ESPIONAGE, IncidentType.DATA_BREACH),
            countries=("NL",),
            sectors=("public-administration",),
            start="2019-01",
            end="2021-06",
            **fields,  # type: ignore[arg-type]
        )
    )


def test_an_incident_answered_by_one_state_is_answered_nationally(assessor: Assessor) -> None:
    """A US attribution of an attack on one Member State does not make an EU declaration."""
    us = attribution("CN", party="United States", country="US")
    assessment = _one_member_state(assessor, attributions=(us,))
    decision = assessment.recommendation.response_level
    assert (decision.level, decision.rule) == (ResponseLevel.NATIONAL, "national-attribution")
    assert "United States" in decision.reasons[0]
    # The EU public signal is open (union concern, significant effect), but not recommended.
    assert assessment.option("stability.hr_declaration").available
    ranked = assessment.recommendation.ranked
    assert ranked and all(assessment.option(r.instrument_id).level <= 2 for r in ranked)
    assert assessment.recommendation.expected_tier is ResponseTier.NONE


def test_a_government_confirming_an_attack_has_not_answered_it(assessor: Assessor) -> None:
    confirmed = attribution(None, party="Australia", country="AU")
    decision = _one_member_state(assessor, attributions=(confirmed,)).recommendation
    assert decision.response_level.level is ResponseLevel.NONE
    indictment = attribution(
        None, party="United States", country="US", basis=(AttributionBasis.LEGAL,)
    )
    charged = _one_member_state(assessor, attributions=(indictment,)).recommendation
    assert charged.response_level.rule == "national-attribution"


@pytest.mark.parametrize(
    ("wording", "level"),
    [
        ("FBI confirms DarkSide ransomware is responsible", ResponseLevel.NATIONAL),
        ("FBI attributes the attack to REvil/Sodinokibi", ResponseLevel.NATIONAL),
        # An indefinite culprit says by whom no more than a confirmation does.
        ("a sophisticated state actor is responsible", ResponseLevel.NONE),
        ("the attack was carried out by unknown hackers", ResponseLevel.NONE),
        ("the government confirms its systems were attacked", ResponseLevel.NONE),
    ],
)
def test_a_government_naming_a_culprit_in_its_own_words_has_answered(
    assessor: Assessor, wording: str, level: ResponseLevel
) -> None:
    """The record may name no actor of the catalogue while the statement it quotes does."""
    statement = attribution(None, party="United States", country="US", wording=wording)
    decision = _one_member_state(assessor, attributions=(statement,)).recommendation
    assert decision.response_level.level is level


def test_a_government_answer_the_description_states_is_a_national_response(
    assessor: Assessor,
) -> None:
    """Research records often state the answer only in the paragraph; a recorded attribution
    still decides first, and what was not done publicly is no answer."""
    described = _one_member_state(
        assessor,
        summary="E-mails of officials leaked for months. The Dutch government blamed Russia.",
    ).recommendation.response_level
    assert (described.level, described.rule) == (ResponseLevel.NATIONAL, "described-response")
    assert "The Dutch government blamed Russia." in described.reasons[0]
    recorded = _one_member_state(
        assessor,
        summary="The Dutch government blamed Russia.",
        attributions=(attribution("RU", party="Netherlands", country="NL"),),
    ).recommendation.response_level
    assert recorded.rule != "described-response"
    private = _one_member_state(
        assessor, summary="E-mails leaked. Dutch officials privately blamed Russia."
    ).recommendation.response_level
    assert (private.level, private.rule) == (ResponseLevel.NONE, "no-response")


@pytest.mark.parametrize(
    ("victim", "attributed_on", "level", "rule"),
    [
        # A Member State's own attribution is echoed whenever it was made.
        ("NL", "2016-12-29", ResponseLevel.EU_STATEMENT, "victim-attribution"),
        # A partner's, since the Union first spoke of an attack outside it (2020-02-21).
        ("NO", "2023-02-03", ResponseLevel.EU_STATEMENT, "victim-attribution"),
        ("NO", "2017-02-03", ResponseLevel.NATIONAL, "national-attribution"),
    ],
)
def test_a_victims_own_attribution_is_echoed_by_the_union(
    assessor: Assessor, victim: str, attributed_on: str, level: ResponseLevel, rule: str
) -> None:
    own = attribution("RU", party="Victim", country=victim, date=PartialDate.parse(attributed_on))
    assessment = assessor.assess(
        incident(
            types=(IncidentType.SABOTAGE,),
            countries=(victim,),
            sectors=("public-administration",),
            start=attributed_on[:4],
            attributions=(own,),
            summary="Government services were down for several days.",
        )
    )
    decision = assessment.recommendation.response_level
    assert (decision.level, decision.rule) == (level, rule)


def _listing(actor_id: str, listed_on: date, **fields: object) -> Listing:
    return Listing(
        id="test-unit",
        regime_id="eu-cyber",
        kind=ListeeKind.ENTITY,
        name="Test Unit of a foreign intelligence service",
        listed_on=listed_on,
        grounds="responsible for cyber-attacks on Member States",
        sources=("https://example.org/annex",),
        status=Verification.VERIFIED,
        actors=(ActorLink(actor_id, "Sandworm", Verification.VERIFIED),),
        **fields,  # type: ignore[arg-type]
    )


def _sabotage(actor_id: str, start: str, countries: tuple[str, ...] = ("PL",)) -> Incident:
    return incident(
        types=(IncidentType.SABOTAGE, IncidentType.WIPER),
        countries=countries,
        sectors=("energy.electricity",),
        actor_ids=(actor_id,),
        start=start,
        summary="The attack caused power outages for 200,000 customers for several hours.",
    )


def test_an_attack_before_a_listing_of_its_actor_is_answered_by_the_listing(
    knowledge: KnowledgeBase,
) -> None:
    sandworm = knowledge.actor_id("Sandworm")
    assert sandworm is not None
    listed = Assessor(knowledge, listings=(_listing(sandworm, date(2020, 7, 30)),))

    def decided(case: Incident, assessor: Assessor = listed) -> tuple[ResponseLevel, str]:
        decision = assessor.assess(case).recommendation.response_level
        return decision.level, decision.rule

    before = listed.assess(_sabotage(sandworm, "2019-12"))
    decision = before.recommendation.response_level
    assert (decision.level, decision.rule) == (
        ResponseLevel.EU_RESTRICTIVE_MEASURES,
        "listed-actor",
    )
    assert "2020-07-30" in decision.reasons[0] and "Test Unit" in decision.reasons[0]
    assert before.recommendation.expected_tier is ResponseTier.RESTRICTIVE
    # The same attack once the actor's people are listed meets persons already listed.
    assert decided(_sabotage(sandworm, "2021-03"))[1] != "listed-actor"
    # A month-precise start counts as before only when the whole month is.
    assert decided(_sabotage(sandworm, "2020-07"))[1] != "listed-actor"
    # Art. 1: an attack on a third state the Union has no stake in is not what it lists for.
    assert decided(_sabotage(sandworm, "2019-12", ("BR",)))[1] != "listed-actor"
    # No listing, a delisted one, or a link the register does not vouch for: no such rule.
    delisted = _listing(
        sandworm,
        date(2020, 7, 30),
        delisting=Delisting(
            date(2022, 1, 1), "act", "reason", ("https://example.org",), Verification.VERIFIED
        ),
    )
    unvouched = _listing(sandworm, date(2020, 7, 30)).evolve(
        actors=(ActorLink(sandworm, "Sandworm", Verification.UNVERIFIED),)
    )
    for register in ((), (delisted,), (unvouched,)):
        other = Assessor(knowledge, listings=register)
        assert decided(_sabotage(sandworm, "2019-12"), other)[1] != "listed-actor"


def test_a_listed_actor_striking_the_union_again_is_a_pattern_answered_at_eu_level(
    knowledge: KnowledgeBase,
) -> None:
    sandworm = knowledge.actor_id("Sandworm")
    assert sandworm is not None
    listed = Assessor(knowledge, listings=(_listing(sandworm, date(2020, 7, 30)),))

    def espionage(start: str, countries: tuple[str, ...]) -> Incident:
        # Few facts and a modest effect: the declaration answers the actor's campaign.
        return incident(
            types=(IncidentType.ESPIONAGE,),
            countries=countries,
            sectors=("political-parties",),
            actor_ids=(sandworm,),
            start=start,
        )

    after = listed.assess(espionage("2023-01", ("DE",)))
    decision = after.recommendation.response_level
    assert (decision.level, decision.rule) == (ResponseLevel.EU_STATEMENT, "pattern-of-behaviour")
    assert "2020-07-30" in decision.reasons[0] and "Germany (DE)" in decision.reasons[0]
    assert after.severity.level.rank < SeverityLevel.HIGH.rank
    # Outside the Union the victim state answers; a start that may precede the listing, or
    # no listing at all, is no pattern the EU has answered.
    for case, assessor in (
        (espionage("2023-01", ("BR",)), listed),
        (espionage("2020-07", ("DE",)), listed),
        (espionage("2023-01", ("DE",)), Assessor(knowledge, listings=())),
    ):
        assert assessor.assess(case).recommendation.response_level.rule != "pattern-of-behaviour"


def test_the_eu_calibration_does_not_see_listings_of_the_incidents_it_calibrates(
    assessor: Assessor, bundled: dict[str, Incident]
) -> None:
    """With its EU attributions removed, the Conti campaign is still answered by the
    register's 2024 listing of Wizard Spider members; the calibration against the EU's
    actual responses must not see that listing, which cites the campaign itself."""
    conti = without_eu_attributions(bundled["conti-ransomware-2021"])
    others = [without_eu_attributions(i) for i in bundled.values() if i.slug != conti.slug]
    seen = assessor.assess(conti, assessor.precedents_from(others))
    assert seen.recommendation.response_level.rule == "listed-actor"
    report = calibrate(list(bundled.values()), assessor)
    case = next(case for case in report.cases if case.slug == conti.slug)
    # Not a listing: with the listing unseen, the severe campaign linked to Russia by its
    # actor's known sponsor is answered by an EU statement (grave-attribution).
    assert case.predicted is ResponseTier.STABILITY


def test_without_any_attribution_and_of_low_severity_there_is_no_response(
    assessor: Assessor,
) -> None:
    assessment = assessor.assess(
        incident(types=(IncidentType.DEFACEMENT,), countries=("FR",), sectors=("media",))
    )
    decision = assessment.recommendation.response_level
    assert (decision.level, decision.rule) == (ResponseLevel.NONE, "no-response")
    assert any("no state" in reason for reason in decision.reasons)


def test_several_member_states_hit_by_an_attributed_actor_is_an_eu_matter(
    assessor: Assessor,
) -> None:
    def level_of(*attributions: Attribution) -> tuple[ResponseLevel, str]:
        decision = assessor.assess(
            incident(
                types=(IncidentType.ESPIONAGE, IncidentType.DATA_BREACH),
                countries=("DE", "PL", "LT"),
                sectors=("public-administration",),
                attributions=attributions,
                campaign=True,
            )
        ).recommendation.response_level
        return decision.level, decision.rule

    us = attribution("RU", party="United States", country="US")
    assert level_of(us) == (ResponseLevel.EU_STATEMENT, "several-member-states")
    # A company's attribution alone carries an EU declaration only for the gravest attacks.
    company = attribution("RU", party="Mandiant", kind=PartyKind.COMPANY, country="US")
    assert level_of(company) == (ResponseLevel.NONE, "no-response")


def test_toolbox_options_are_unavailable_against_a_member_state(assessor: Assessor) -> None:
    """Spyware attributed by researchers to a Member State's own authorities."""
    lab = attribution(
        "HU",
        party="Citizen Lab",
        kind=PartyKind.RESEARCHER,
        country="CA",
        basis=(AttributionBasis.TECHNICAL,),
    )
    assessment = assessor.assess(
        incident(
            types=(IncidentType.ESPIONAGE,),
            countries=("HU",),
            sectors=("civil-society", "media"),
            attributions=(lab,),
            summary="Pegasus spyware was used against journalists and opposition politicians.",
        )
    )
    for option in assessment.options:
        check = next(c for c in option.preconditions if c.id == "external_conduct")
        assert check.status is Truth.FAILS
        assert "Hungary (HU), an EU Member State" in check.reason
        assert not option.available
    recommendation = assessment.recommendation
    assert recommendation.ranked == ()
    decision = recommendation.response_level
    # No diplomatic response: internal procedures answer it.
    assert (decision.level, decision.rule) == (ResponseLevel.NONE, "member-state-conduct")
    procedures = {procedure.id for procedure in decision.internal_procedures}
    assert {"ep.committee_of_inquiry", "eu.article_7_teu", "ms.oversight_and_courts"} <= procedures
    assert all(procedure.sources for procedure in decision.internal_procedures)
    assert "Internal procedures: European Parliament committee of inquiry" in (
        recommendation.rationale
    )
    # Nothing in the recommendation addresses Hungary as a state.
    assert "can be addressed" not in recommendation.rationale


def test_a_state_outside_the_union_keeps_the_toolbox_open(assessor: Assessor) -> None:
    assessment = _one_member_state(assessor, attributions=(attribution("RU"),))
    check = next(c for c in assessment.preconditions if c.id == "external_conduct")
    assert check.status is Truth.HOLDS
    assert "Russia (RU)" in check.reason
