"""The official texts shipped for the statement archive: each names its file, address, date
and how far its wording is the official one, and every EU response of responses.yaml with a
public text is either shipped or said not to be, with what was found instead."""

from __future__ import annotations

from importlib import resources

import pytest

from cdtoolbox.errors import InvalidInput
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.knowledge.bundled_statements import MANIFEST, load_bundled_statements
from cdtoolbox.knowledge.datafiles import parse_data_file, read_data_file
from cdtoolbox.model.bundled_statements import Wording
from cdtoolbox.model.response import RespondingPartyKind

FOLDER = resources.files("cdtoolbox.knowledge").joinpath("data", "statements")


def test_every_entry_has_its_text_its_address_and_its_date(knowledge: KnowledgeBase) -> None:
    bundled = knowledge.bundled_statements
    assert bundled.statements
    for item in bundled.statements:
        assert item.text.strip(), item.id
        assert item.url.startswith(("https://", "http://")), item.id
        assert item.date[:4].isdigit() and item.language == "en", item.id
    files = {entry.name for entry in FOLDER.iterdir() if entry.name.endswith(".txt")}
    assert files == {item.file for item in bundled.statements}, "a text no entry names"
    assert len({item.id for item in bundled.statements}) == len(bundled.statements)


def test_every_eu_response_is_bundled_or_said_not_to_be(knowledge: KnowledgeBase) -> None:
    bundled = knowledge.bundled_statements
    shipped = {item.response for item in bundled.statements}
    left_out = {item.response: item.reason for item in bundled.not_bundled}
    for response in knowledge.responses:
        if response.party_kind is RespondingPartyKind.EU:
            assert response.id in shipped or left_out.get(response.id), response.id


def test_the_eus_july_2024_oewg_statements_are_each_shipped_or_accounted_for(
    knowledge: KnowledgeBase,
) -> None:
    bundled = knowledge.bundled_statements
    shipped = [item for item in bundled.statements if item.date.startswith("2024-07-")]
    accounted = [
        item for item in bundled.not_bundled if item.statement and "July 2024" in item.statement
    ]
    assert [item.day.isoformat() for item in shipped if item.day] == ["2024-07-08"]
    assert len(shipped) + len(accounted) == 3


def test_a_text_whose_words_are_not_all_the_official_ones_says_so_in_itself(
    knowledge: KnowledgeBase,
) -> None:
    for item in knowledge.bundled_statements.statements:
        assert item.wording is not Wording.RECALLED, item.id
        if item.wording is Wording.PARTIAL:
            assert "the full text is at the source address" in item.text, item.id
        else:
            assert item.read_from or item.url, item.id


def test_the_reuse_acknowledgement_and_policy_are_named(knowledge: KnowledgeBase) -> None:
    bundled = knowledge.bundled_statements
    assert bundled.acknowledgement == (
        "© European Union, reuse authorised with acknowledgement of the source"
    )
    assert "2011/833/EU" in bundled.reuse_policy


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (("file: 2019-04-12-hr-declaration-rules-based-order-en.txt", "file: nowhere.txt"), "file"),
        (('date: "2019-04-12"', 'date: "12 April 2019"'), "date"),
        (("response: 2020-04-30-hr-declaration-covid", "response: 2020-04-30-unknown"), "response"),
        (("wording: partial", "wording: guessed"), "wording"),
    ],
)
def test_a_bad_entry_is_refused_naming_its_field(
    knowledge: KnowledgeBase, change: tuple[str, str], field: str
) -> None:
    text = FOLDER.joinpath("manifest.yaml").read_text("utf-8")
    assert change[0] in text
    data = parse_data_file(MANIFEST, text.replace(change[0], change[1], 1))
    with pytest.raises(InvalidInput) as refused:
        load_bundled_statements(data, knowledge.responses)
    assert refused.value.field == field


def test_the_packaged_manifest_reads(knowledge: KnowledgeBase) -> None:
    loaded = load_bundled_statements(read_data_file(MANIFEST), knowledge.responses)
    assert loaded == knowledge.bundled_statements
