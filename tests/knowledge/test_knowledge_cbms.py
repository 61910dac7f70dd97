"""The four CBM frameworks, their memberships and the bundled points of contact."""

from __future__ import annotations

from typing import Any

import pycountry
import pytest
import yaml

from cdtoolbox.errors import InvalidInput
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.knowledge.cbms import load_cbms, load_poc_organisations
from cdtoolbox.knowledge.datafiles import parse_data_file, read_data_file
from cdtoolbox.model import Verification
from cdtoolbox.model.vocabulary import Tlp


def _codes(text: str) -> set[str]:
    return set(text.split())


# The memberships as the cooperation reference lists them (section 1.5), by ISO code.
OSCE = _codes(
    "AL AD AM AT AZ BY BE BA BG CA HR CY CZ DK EE FI FR GE DE GR VA HU IS IE IT KZ KG LV LI LT "
    "LU MT MD MC MN ME NL MK NO PL PT RO RU SM RS SK SI ES SE CH TJ TR TM UA GB US UZ"
)
ARF = _codes("BN KH ID LA MY MM PH SG TH VN AU CA CN IN JP NZ KR RU US PG KP MN PK TL BD LK")
OAS = _codes(
    "AG AR BS BB BZ BO BR CA CL CO CR CU DM DO EC SV GD GT GY HT HN JM MX NI PA PY PE KN LC VC "
    "SR TT US UY VE"
)


@pytest.mark.parametrize(
    ("framework", "expected", "count"), [("osce", OSCE, 57), ("arf", ARF, 27), ("oas", OAS, 35)]
)
def test_memberships_are_exact_with_real_codes_and_sources(
    knowledge: KnowledgeBase, framework: str, expected: set[str], count: int
) -> None:
    found = knowledge.cbms.framework(framework)
    assert set(found.members) == expected
    assert found.participant_count == count
    assert all(pycountry.countries.get(alpha_2=code) is not None for code in found.members)
    assert found.member_sources and found.member_status is not None


def test_the_eu_takes_part_in_the_arf_without_a_country_code(knowledge: KnowledgeBase) -> None:
    assert knowledge.cbms.framework("arf").other_participants == (("EU", "European Union"),)


def test_states_no_longer_participating_in_the_oas_are_flagged(knowledge: KnowledgeBase) -> None:
    notes = {note.code: note for note in knowledge.cbms.framework("oas").member_notes}
    assert {"CU", "NI"} <= set(notes)
    assert notes["VE"].status is Verification.UNVERIFIED


@pytest.mark.parametrize(
    ("framework", "numbers"), [("osce", 16), ("arf", 4), ("oas", 6), ("un", 8)]
)
def test_every_measure_of_the_four_frameworks_with_a_source(
    knowledge: KnowledgeBase, framework: str, numbers: int
) -> None:
    measures = knowledge.cbms.in_framework(framework)
    assert [m.number for m in measures] == list(range(1, numbers + 1))
    for measure in measures:
        assert measure.id == f"{framework.upper()}-CBM-{measure.number}"
        assert measure.title and measure.summary and measure.sources and measure.adopted_by


def test_unconfirmed_paraphrases_are_carried_as_such(knowledge: KnowledgeBase) -> None:
    """The UN's and the ARF's measure texts were not read in a primary source."""
    for framework in ("un", "arf"):
        assert not any(m.confirmed for m in knowledge.cbms.in_framework(framework))
    assert all(m.confirmed for m in knowledge.cbms.in_framework("oas"))


def test_osce_cbm_3_and_8_are_consultations_and_contact_points(knowledge: KnowledgeBase) -> None:
    assert "consultations" in knowledge.cbms.get("OSCE-CBM-3").summary.lower()
    assert knowledge.cbms.get("OSCE-CBM-8").title == "Points of contact"


def _broken(change: Any) -> str:
    content = dict(read_data_file("cbms.yaml").content)
    change(content)
    return yaml.safe_dump(content, allow_unicode=True, sort_keys=False)


def _osce(content: dict[str, Any]) -> dict[str, Any]:
    frameworks = [dict(f) for f in content["frameworks"]]
    content["frameworks"] = frameworks
    frameworks[0]["members"] = dict(frameworks[0]["members"])
    members: dict[str, Any] = frameworks[0]["members"]
    return members


def test_a_member_code_that_is_no_country_is_refused(knowledge: KnowledgeBase) -> None:
    def change(content: dict[str, Any]) -> None:
        members = _osce(content)
        members["codes"] = [*members["codes"][:-1], "XK"]

    with pytest.raises(InvalidInput) as raised:
        load_cbms(parse_data_file("cbms.yaml", _broken(change)), knowledge.countries)
    assert (raised.value.field, raised.value.value) == ("codes", "XK")


def test_a_membership_off_its_stated_count_is_refused(knowledge: KnowledgeBase) -> None:
    def change(content: dict[str, Any]) -> None:
        members = _osce(content)
        members["codes"] = members["codes"][:-1]

    with pytest.raises(InvalidInput, match="its sources count 57"):
        load_cbms(parse_data_file("cbms.yaml", _broken(change)), knowledge.countries)


def test_a_measure_numbered_apart_from_its_id_is_refused(knowledge: KnowledgeBase) -> None:
    def change(content: dict[str, Any]) -> None:
        content["measures"] = [dict(m) for m in content["measures"]]
        content["measures"][2]["number"] = 9

    with pytest.raises(InvalidInput, match="its framework and number"):
        load_cbms(parse_data_file("cbms.yaml", _broken(change)), knowledge.countries)


def test_bundled_points_of_contact_are_organisations_only(knowledge: KnowledgeBase) -> None:
    networks = load_poc_organisations(read_data_file("poc_organisations.yaml"), knowledge.countries)
    assert len({poc.state for poc in networks.organisations}) == 28  # 27 Member States' + EU
    for poc in networks.organisations:
        assert poc.personal is None and poc.tlp is Tlp.CLEAR and poc.source
        assert poc.site is None or poc.site.startswith("https://")
