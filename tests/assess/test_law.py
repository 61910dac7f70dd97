"""International-law flags, kept apart from the norms, each with reasons and questions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assess_builders import attribution, incident

from cdtoolbox.assess import Assessment, Assessor, LawFinding, LawStatus
from cdtoolbox.assess.facts import derive_facts
from cdtoolbox.assess.law import LAW_RULES, assess_law
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import AttributionBasis, IncidentType, PartyKind


def flags(assessor: Assessor, **fields: Any) -> dict[str, LawFinding]:
    facts = derive_facts(incident(**fields), assessor.tables)
    return {finding.principle_id: finding for finding in assess_law(facts, assessor.tables)}


def test_every_law_principle_of_the_knowledge_base_has_a_rule(knowledge: KnowledgeBase) -> None:
    assert set(LAW_RULES) == set(knowledge.law.ids())


def test_election_interference_by_a_state_is_a_possible_prohibited_intervention(
    assessed: Callable[[str], Assessment],
) -> None:
    finding = assessed("dnc-2016").law_finding("law.non_intervention")
    assert finding.status is LawStatus.POSSIBLE
    assert "domaine réservé" in finding.reason
    assert finding.questions  # coercion must still be shown


def test_stuxnet_physical_destruction_approaches_the_use_of_force_threshold(
    assessed: Callable[[str], Assessment],
) -> None:
    finding = assessed("stuxnet-2010").law_finding("law.use_of_force")
    assert finding.status is LawStatus.POSSIBLE
    assert any(fact.name == "impact.physical_damage" for fact in finding.facts)
    grid = assessed("ukraine-power-grid-2015").law_finding("law.use_of_force")
    assert grid.status is LawStatus.TO_EXAMINE
    assert "below the threshold" in grid.reason


def test_due_diligence_asks_the_territorial_state_three_questions(
    assessed: Callable[[str], Assessment],
) -> None:
    finding = assessed("microsoft-exchange-2021").law_finding("law.due_diligence")
    assert finding.status is LawStatus.TO_EXAMINE
    assert len(finding.questions) == 3
    assert all("China" in question for question in finding.questions)


def test_state_organs_open_the_article_4_route(assessed: Callable[[str], Assessment]) -> None:
    finding = assessed("notpetya-2017").law_finding("law.attr.art4")
    assert finding.status is LawStatus.POSSIBLE
    assert any("GTsST" in fact.value or "GRU" in fact.value for fact in finding.facts)


def test_article_8_needs_control_not_association(assessor: Assessor) -> None:
    controlled = flags(assessor, attributions=(attribution(wording="Russia-controlled APT28"),))
    assert controlled["law.attr.art8"].status is LawStatus.TO_EXAMINE
    associated = flags(
        assessor,
        attributions=(attribution(wording="associated these with the Russian state"),),
    )
    assert associated["law.attr.art8"].status is LawStatus.NOT_INDICATED
    assert "association or territory alone" in associated["law.attr.art8"].reason


def test_without_a_state_link_there_is_no_sovereignty_or_intervention_question(
    assessor: Assessor,
) -> None:
    found = flags(
        assessor,
        types=(IncidentType.DDOS, IncidentType.ELECTION_INTERFERENCE),
        sectors=("government.elections",),
        attributions=(attribution(None, kind=PartyKind.SELF_CLAIMED, party="Hacktivists"),),
    )
    assert found["law.sovereignty"].status is LawStatus.NOT_INDICATED
    assert found["law.non_intervention"].status is LawStatus.NOT_INDICATED
    assert found["law.state_responsibility"].status is LawStatus.NOT_INDICATED


def test_countermeasures_are_a_question_only_for_a_state_organ_harming_a_member_state(
    assessor: Assessor,
) -> None:
    organ = attribution(basis=(AttributionBasis.LEGAL,), perpetrators=("GRU military unit 26165",))
    in_union = flags(assessor, countries=("DE",), attributions=(organ,))
    outside = flags(assessor, countries=("US",), attributions=(organ,))
    assert in_union["law.countermeasures"].status is LawStatus.TO_EXAMINE
    assert outside["law.countermeasures"].status is LawStatus.NOT_INDICATED


def test_the_actor_catalogue_alone_only_opens_questions(
    assessed: Callable[[str], Assessment],
) -> None:
    organ = assessed("cloud-hopper-2017").law_finding("law.attr.art4")
    assert organ.status is LawStatus.TO_EXAMINE
    assert organ.facts[0].name == "actor catalogue (APT10)"
    assert "Ministry of State Security" in organ.facts[0].value
    sponsor = assessed("solarwinds-2020").law_finding("law.attr.art8")
    assert sponsor.status is LawStatus.TO_EXAMINE
    assert "sponsorship or support is not enough" in sponsor.reason
