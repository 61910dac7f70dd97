"""The norm rule table: every norm has a rule, and each rule reads the facts it cites."""

from __future__ import annotations

from typing import Any

import pytest
from assess_builders import attribution, incident

from cdtoolbox.assess import Assessor, NormFinding, NormStatus
from cdtoolbox.assess.facts import derive_facts
from cdtoolbox.assess.norms import NORM_RULES, assess_norms
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import AttributionBasis, IncidentType, PartyKind

NOT_ASSESSABLE_FROM_FACTS = {"13a", "13b", "13g", "13h", "13j"}


def findings(assessor: Assessor, **fields: Any) -> dict[str, NormFinding]:
    facts = derive_facts(incident(**fields), assessor.tables)
    return {finding.norm_id: finding for finding in assess_norms(facts, assessor.tables.norms)}


def test_the_rule_table_covers_exactly_the_eleven_norms(knowledge: KnowledgeBase) -> None:
    assert set(NORM_RULES) == set(knowledge.norms.ids())


@pytest.mark.parametrize("norm_id", sorted(NORM_RULES))
def test_every_rule_gives_a_reason_on_an_empty_and_on_a_full_record(
    assessor: Assessor, norm_id: str
) -> None:
    empty = findings(assessor)[norm_id]
    full = findings(
        assessor,
        types=tuple(IncidentType),
        countries=("DE", "UA"),
        sectors=("energy.electricity", "civil-society"),
        organisations=("CERT-UA",),
        attributions=(attribution(wording="undertaken from the territory of Russia"),),
        people_affected=2_000_000,
        financial_loss_usd=1e6,
    )[norm_id]
    for finding in (empty, full):
        assert finding.reason
        if finding.status in (NormStatus.ENGAGED, NormStatus.POSSIBLY_ENGAGED):
            assert finding.facts
    if norm_id in NOT_ASSESSABLE_FROM_FACTS:
        assert full.status is NormStatus.NOT_ASSESSABLE
    else:
        assert full.status is not NormStatus.NOT_ASSESSABLE


def test_13f_state_attributed_damage_to_critical_infrastructure(assessor: Assessor) -> None:
    engaged = findings(
        assessor,
        types=(IncidentType.SABOTAGE,),
        sectors=("energy.electricity",),
        attributions=(attribution(),),
    )["13f"]
    assert engaged.status is NormStatus.ENGAGED
    assert {fact.name for fact in engaged.facts} >= {"victims.sectors (critical)", "types"}
    suspected = findings(
        assessor,
        types=(IncidentType.SABOTAGE,),
        sectors=("energy",),
        attributions=(attribution(kind=PartyKind.MEDIA, party="A newspaper"),),
    )["13f"]
    assert suspected.status is NormStatus.POSSIBLY_ENGAGED
    no_state = findings(assessor, types=(IncidentType.SABOTAGE,), sectors=("energy",))["13f"]
    assert no_state.status is NormStatus.NOT_ENGAGED
    assert "no state is linked" in no_state.reason
    not_critical = findings(
        assessor, types=(IncidentType.WIPER,), sectors=("media",), attributions=(attribution(),)
    )["13f"]
    assert not_critical.status is NormStatus.NOT_ENGAGED


def test_13k_harm_to_an_emergency_response_team(assessor: Assessor) -> None:
    finding = findings(
        assessor,
        types=(IncidentType.WIPER,),
        organisations=("National CSIRT of Examplia",),
        attributions=(attribution(),),
    )["13k"]
    assert finding.status is NormStatus.ENGAGED
    assert "National CSIRT of Examplia" in finding.facts[0].value
    assert findings(assessor, organisations=("A bank",))["13k"].status is NormStatus.NOT_ENGAGED


def test_13i_supply_chain(assessor: Assessor) -> None:
    assert (
        findings(assessor, types=(IncidentType.SUPPLY_CHAIN,))["13i"].status is NormStatus.ENGAGED
    )
    providers = findings(assessor, types=(IncidentType.ESPIONAGE,), sectors=("ict-services",))
    assert providers["13i"].status is NormStatus.POSSIBLY_ENGAGED


def test_13c_territory_wording_and_non_state_actors(
    assessor: Assessor, knowledge: KnowledgeBase
) -> None:
    territorial = findings(
        assessor,
        attributions=(
            attribution(
                "CN",
                kind=PartyKind.EU,
                party="High Representative on behalf of the EU",
                country=None,
                wording="undertaken from the territory of China",
            ),
        ),
    )["13c"]
    assert territorial.status is NormStatus.ENGAGED
    assert "territory of China" in territorial.facts[0].value
    wizard = knowledge.actors.resolve("WIZARD SPIDER")
    criminal = findings(assessor, countries=("IE",), actor_ids=(wizard.id,))["13c"]
    assert criminal.status is NormStatus.POSSIBLY_ENGAGED
    assert "RU" in criminal.reason
    domestic = findings(
        assessor,
        countries=("VE",),
        attributions=(attribution(None, kind=PartyKind.SELF_CLAIMED, party="Group", country="VE"),),
    )["13c"]
    assert domestic.status is NormStatus.NOT_ENGAGED


def test_13e_surveillance_of_civil_society_by_a_state(assessor: Assessor) -> None:
    finding = findings(
        assessor,
        types=(IncidentType.ESPIONAGE,),
        sectors=("civil-society",),
        attributions=(attribution(),),
    )["13e"]
    assert finding.status is NormStatus.ENGAGED
    assert any(fact.value == "civil-society" for fact in finding.facts)


def test_13d_criminal_use_and_indictments(assessor: Assessor) -> None:
    ransomware = findings(assessor, types=(IncidentType.RANSOMWARE,))["13d"]
    assert ransomware.status is NormStatus.ENGAGED
    charged = findings(
        assessor,
        types=(IncidentType.ESPIONAGE,),
        attributions=(attribution(basis=(AttributionBasis.LEGAL,), perpetrators=("A. Person",)),),
    )["13d"]
    assert charged.status is NormStatus.POSSIBLY_ENGAGED
