from datetime import date

import pytest

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.knowledge.cbms import load_cbms
from cdtoolbox.knowledge.datafiles import parse_data_file, read_data_file
from cdtoolbox.knowledge.diplomacy import (
    load_instruments,
    load_internal_procedures,
    load_norms,
)
from cdtoolbox.model import AttributionNeed, DecisionRule, InstrumentCategory, Verification

DATA_FILES = [
    "norms.yaml",
    "law.yaml",
    "instruments.yaml",
    "cbms.yaml",
    "internal_procedures.yaml",
]


def test_the_eleven_gge_norms(knowledge: KnowledgeBase) -> None:
    assert knowledge.norms.ids() == tuple(f"13{letter}" for letter in "abcdefghijk")
    assert knowledge.norms.generic_phrases


def test_norm_keywords_include_the_phrases_eu_texts_use(knowledge: KnowledgeBase) -> None:
    def keywords(norm_id: str) -> list[str]:
        return [keyword.casefold() for keyword in knowledge.norms.get(norm_id).keywords]

    assert "impairing the use and operation of critical infrastructure" in keywords("13f")
    assert "not allow their territory to be used" in keywords("13c")
    assert "due diligence" in keywords("13c")
    assert "integrity of ict products and services and their supply chain" in keywords("13i")


def test_law_principles(knowledge: KnowledgeBase) -> None:
    expected = {
        "law.sovereignty",
        "law.non_intervention",
        "law.due_diligence",
        "law.use_of_force",
        "law.countermeasures",
        "law.retorsion",
        "law.state_responsibility",
        "law.attr.art4",
        "law.attr.art5",
        "law.attr.art8",
        "law.ihl",
        "law.ihrl",
    }
    assert set(knowledge.law.ids()) == expected
    assert knowledge.law.get("law.due_diligence").related_norms == ("13c",)
    for principle in knowledge.law:
        assert principle.anchors
        assert set(principle.related_norms) <= set(knowledge.norms.ids())


def test_the_sixteen_osce_cbms(knowledge: KnowledgeBase) -> None:
    cbms = knowledge.cbms.in_framework("osce")
    assert [cbm.id for cbm in cbms] == [f"OSCE-CBM-{number}" for number in range(1, 17)]
    first, second = cbms[:11], cbms[11:]
    assert {(c.adopted_by, c.adopted_on) for c in first} == {("PC.DEC/1106", date(2013, 12, 3))}
    assert {(c.adopted_by, c.adopted_on) for c in second} == {("PC.DEC/1202", date(2016, 3, 10))}


@pytest.mark.parametrize(
    ("instrument_id", "rule", "attribution"),
    [
        ("preventive.awareness_raising", DecisionRule.NONE, AttributionNeed.NONE),
        ("preventive.cbms", DecisionRule.CONSENSUS, AttributionNeed.NONE),
        ("preventive.capacity_building", DecisionRule.NONE, AttributionNeed.NONE),
        ("cooperative.dialogue", DecisionRule.NONE, AttributionNeed.NONE),
        ("cooperative.demarche", DecisionRule.CASE_SPECIFIC, AttributionNeed.NONE),
        ("stability.eeas_spokesperson_statement", DecisionRule.NONE, AttributionNeed.NONE),
        ("stability.hr_statement", DecisionRule.NONE, AttributionNeed.NONE),
        ("stability.hr_declaration", DecisionRule.UNANIMITY, AttributionNeed.NONE),
        ("stability.council_conclusions", DecisionRule.UNANIMITY, AttributionNeed.NONE),
        ("stability.signalling_in_dialogues", DecisionRule.CONSENSUS, AttributionNeed.NONE),
        ("restrictive.listing", DecisionRule.UNANIMITY, AttributionNeed.NOT_TO_STATE),
        ("restrictive.framework_renewal", DecisionRule.UNANIMITY, AttributionNeed.NONE),
        (
            "support_ms.mutual_assistance",
            DecisionRule.CASE_SPECIFIC,
            AttributionNeed.CASE_SPECIFIC,
        ),
        (
            "support_ms.solidarity_clause",
            DecisionRule.CASE_SPECIFIC,
            AttributionNeed.CASE_SPECIFIC,
        ),
    ],
)
def test_toolbox_instruments_and_how_they_are_decided(
    knowledge: KnowledgeBase,
    instrument_id: str,
    rule: DecisionRule,
    attribution: AttributionNeed,
) -> None:
    instrument = knowledge.instruments.get(instrument_id)
    assert (instrument.decision_rule, instrument.attribution_needed) == (rule, attribution)
    assert instrument.id.startswith(instrument.category.value + ".")


def test_every_category_has_instruments_and_the_ladder_rises(knowledge: KnowledgeBase) -> None:
    for category in InstrumentCategory:
        assert knowledge.instruments.by_category(category)
    levels = [item.level for item in knowledge.instruments.ladder()]
    assert levels == sorted(levels) and levels[0] == 1 and levels[-1] == 5
    # A category never sits wholly below the previous one on the ladder.
    highest = [
        max(i.level for i in knowledge.instruments.by_category(c)) for c in InstrumentCategory
    ]
    assert highest == sorted(highest)
    declaration = knowledge.instruments.get("stability.hr_declaration")
    spokesperson = knowledge.instruments.get("stability.eeas_spokesperson_statement")
    assert declaration.level > spokesperson.level


def test_every_diplomacy_entry_names_its_source(knowledge: KnowledgeBase) -> None:
    registers = [knowledge.norms, knowledge.law, knowledge.instruments, knowledge.cbms]
    for register in registers:
        for entry in register.all():
            assert entry.sources, entry.id
            assert isinstance(entry.status, Verification)


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_data_file_has_a_version_and_sources(name: str) -> None:
    data = read_data_file(name)
    assert data.version >= 1
    assert data.sources


def test_an_entry_without_source_is_refused_naming_file_and_entry() -> None:
    text = read_data_file("norms.yaml").content
    norms = [dict(norm) for norm in text["norms"]]
    del norms[2]["source"]
    broken = parse_data_file("norms.yaml", _dump({**text, "norms": norms}))
    with pytest.raises(InvalidInput) as raised:
        load_norms(broken)
    message = str(raised.value)
    assert message.startswith("norms.yaml entry '13c': norm `source`")
    assert "every entry must name its source" in message


def test_a_file_without_version_or_source_is_refused() -> None:
    with pytest.raises(InvalidInput, match="version"):
        parse_data_file("cbms.yaml", "source: x\nmeasures: []\n")
    with pytest.raises(InvalidInput, match="source"):
        parse_data_file("cbms.yaml", "version: 1\nmeasures: []\n")


@pytest.mark.parametrize(
    ("field", "value", "complaint"),
    [
        ("category", "punitive", "is not one of"),
        ("decision_rule", "majority", "is not one of: unanimity, consensus, none, case_specific"),
        ("level", 6, "must be from 1 to 5"),
        ("id", "restrictive.hr_declaration", "must start with 'stability.'"),
    ],
)
def test_instrument_entries_are_validated(field: str, value: object, complaint: str) -> None:
    data = read_data_file("instruments.yaml").content
    instruments = [dict(item) for item in data["instruments"]]
    position = next(
        i for i, item in enumerate(instruments) if item["id"] == "stability.hr_declaration"
    )
    instruments[position][field] = value
    broken = parse_data_file("instruments.yaml", _dump({**data, "instruments": instruments}))
    with pytest.raises(InvalidInput) as raised:
        load_instruments(broken)
    assert raised.value.field == field
    assert complaint in raised.value.reason
    assert "instruments.yaml entry" in str(raised.value.location)


def test_duplicate_ids_are_refused(knowledge: KnowledgeBase) -> None:
    data = read_data_file("cbms.yaml").content
    measures = [*data["measures"], data["measures"][0]]
    broken = parse_data_file("cbms.yaml", _dump({**data, "measures": measures}))
    with pytest.raises(InvalidInput, match="is used twice"):
        load_cbms(broken, knowledge.countries)


def test_unknown_ids_are_not_found(knowledge: KnowledgeBase) -> None:
    with pytest.raises(NotFound):
        knowledge.norms.get("13z")


def _dump(content: object) -> str:
    import yaml

    return yaml.safe_dump(content, allow_unicode=True, sort_keys=False)


def test_internal_procedures_for_conduct_inside_the_union(knowledge: KnowledgeBase) -> None:
    procedures = knowledge.internal_procedures
    assert {"ep.committee_of_inquiry", "eu.article_7_teu", "ms.data_protection_authority"} <= set(
        procedures.ids()
    )
    for procedure in procedures:
        assert procedure.sources and procedure.legal_basis and procedure.body


def test_an_internal_procedure_without_source_is_refused() -> None:
    data = read_data_file("internal_procedures.yaml").content
    procedures = [dict(entry) for entry in data["procedures"]]
    del procedures[0]["source"]
    broken = parse_data_file("internal_procedures.yaml", _dump({**data, "procedures": procedures}))
    with pytest.raises(InvalidInput, match="source"):
        load_internal_procedures(broken)
