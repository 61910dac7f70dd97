"""The IATI codelists the activity reader checks: every list it reads, complete as IATI
publishes it, each naming the file and commit it was converted from, and a bad file refused."""

from __future__ import annotations

import re

import pytest

from cdtoolbox.errors import InvalidInput
from cdtoolbox.knowledge.datafiles import parse_data_file
from cdtoolbox.knowledge.iati_codelists import (
    CODELIST_NAMES,
    iati_codelists,
    load_iati_codelists,
)

_SOURCE = re.compile(r"https://github\.com/IATI/[\w-]+/blob/[0-9a-f]{40}/[\w/.-]+\.xml")


def test_every_codelist_the_reader_checks_is_there_naming_its_source() -> None:
    codelists = iati_codelists()
    assert set(CODELIST_NAMES) <= set(codelists.lists)
    for name in CODELIST_NAMES:
        assert _SOURCE.fullmatch(codelists[name].source), name
        assert codelists[name].source.endswith(f"/{name}.xml")


def test_the_lists_are_the_published_ones_not_a_subset() -> None:
    codelists = iati_codelists()
    # Sizes of the converted lists: 295 active DAC purpose codes and 28 withdrawn ones, 49
    # active categories, the 17 OECD DAC regions, 165 active currencies.
    sizes = {name: len(codelists[name].codes) for name in ("Sector", "SectorCategory", "Region")}
    assert sizes == {"Sector": 295, "SectorCategory": 49, "Region": 17}
    assert len(codelists["Sector"].withdrawn) == 28 and len(codelists["Currency"].codes) == 165
    assert codelists["Sector"].codes["12220"] == "Basic health care"
    assert codelists["SectorCategory"].codes["111"] == "I.1.a. Education, level nnspecified"
    assert codelists["Region"].codes["489"] == "South America, regional"
    assert set(codelists["RegionVocabulary"].codes) == {"1", "2", "99"}
    assert {"1", "2", "7", "98", "99"} <= set(codelists["SectorVocabulary"].codes)
    assert set(codelists["ActivityDateType"].codes) == {"1", "2", "3", "4"}
    assert codelists["Currency"].problem("EUR") is None
    assert codelists["Currency"].problem("EEK") == "was withdrawn from the IATI Currency codelist"
    assert codelists["Currency"].problem("Euro") == "is not a code of the IATI Currency codelist"


_FILE = """version: 1
source: ['https://github.com/IATI/IATI-Codelists']
codelists:
"""
_LIST = """- id: NAME
  source: https://github.com/IATI/IATI-Codelists/blob/{commit}/xml/NAME.xml
  codes: {CODES}
  withdrawn: {WITHDRAWN}
"""


def _file(**overrides: tuple[str, str]) -> str:
    """A file holding every list the reader needs, with ``overrides`` (codes, withdrawn)."""
    text = _FILE
    for name in CODELIST_NAMES:
        codes, withdrawn = overrides.get(name, ("{'1': One}", "{'2': Two}"))
        if name == "Sector":
            codes, withdrawn = overrides.get(name, ("{'15130': Legal}", "{'15140': Old}"))
        if name == "SectorCategory":
            codes, withdrawn = overrides.get(name, ("{'151': Government}", "{'920': NGOs}"))
        entry = _LIST.replace("NAME", name).replace("{commit}", "0" * 40)
        text += entry.replace("{CODES}", codes).replace("{WITHDRAWN}", withdrawn)
    return text


def test_a_well_formed_file_loads() -> None:
    loaded = load_iati_codelists(parse_data_file("iati_codelists.yaml", _file()))
    assert loaded["Sector"].problem("15130") is None


@pytest.mark.parametrize(
    ("overrides", "field", "value"),
    [
        ({"Currency": ("{'EUR': Euro}", "{'EUR': Euro}")}, "withdrawn", "EUR"),
        ({"Sector": ("{'99999': Unknown}", "{'15140': Old}")}, "Sector", "99999"),
        ({"Sector": ("{'1513': Short}", "{'15140': Old}")}, "Sector", "1513"),
        ({"Region": ("{}", "{}")}, "Region.codes", {}),
    ],
)
def test_a_bad_codelist_file_is_refused_naming_the_field(
    overrides: dict[str, tuple[str, str]], field: str, value: object
) -> None:
    with pytest.raises(InvalidInput) as refused:
        load_iati_codelists(parse_data_file("iati_codelists.yaml", _file(**overrides)))
    assert (refused.value.field, refused.value.value) == (field, value)


def test_a_file_missing_a_list_the_reader_checks_is_refused() -> None:
    text = _file().replace("- id: Currency", "- id: Money").replace("/Currency.xml", "/M.xml")
    with pytest.raises(InvalidInput) as refused:
        load_iati_codelists(parse_data_file("iati_codelists.yaml", text))
    assert (refused.value.field, refused.value.value) == ("id", "Currency")
