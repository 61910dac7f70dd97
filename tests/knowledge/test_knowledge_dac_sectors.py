"""The DAC sector codes IATI files are read with: the full IATI Sector and SectorCategory
codelists, each mapped code one of them, each theme in the closed vocabulary, and the mapping
the docs give."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cdtoolbox.errors import InvalidInput
from cdtoolbox.knowledge.dac_sectors import dac_codelists, load_dac_codelists
from cdtoolbox.knowledge.datafiles import parse_data_file
from cdtoolbox.knowledge.iati_codelists import iati_codelists
from cdtoolbox.model.capacity import CapacityTheme

_FILE = """version: 2
source: ['https://iatistandard.org/en/iati-standard/203/codelists/sector/']
themes:
- {id: 'CODE', themes: [THEME]}
"""


def test_the_cyber_capacity_codes_are_there_with_their_themes() -> None:
    codes = dac_codelists()
    assert codes.sources and codes.sources[0].startswith("https://iatistandard.org/")
    justice = codes.find("1", "15130")
    assert justice is not None and justice.name == "Legal and judicial development"
    assert justice.themes == (CapacityTheme.CYBERCRIME_LAW, CapacityTheme.E_EVIDENCE)
    ict = codes.find("1", "22040")
    assert ict is not None and ict.themes == ()
    for code in ("15110", "15210", "15220", "15230", "15240", "43081"):
        assert codes.find("1", code) is not None, code
    assert codes.find("2", "152") is not None and codes.find("1", "152") is None


def test_every_code_of_the_published_codelists_is_there_not_a_subset() -> None:
    codes = dac_codelists()
    # Codes outside any cyber category, which the IATI 2.03 example activity and real
    # publishers use: read, without a theme.
    basic_health = codes.find("1", "12220")
    assert basic_health is not None and basic_health.name == "Basic health care"
    assert basic_health.themes == ()
    education = codes.find("2", "111")
    assert education is not None and education.name == "I.1.a. Education, level nnspecified"
    published = iati_codelists()
    assert set(codes.by_vocabulary["1"]) == set(published["Sector"].codes)
    assert set(codes.by_vocabulary["2"]) == set(published["SectorCategory"].codes)
    # Withdrawn codes are kept apart: refused as withdrawn, never read as active.
    assert codes.find("1", "15140") is None and "15140" in published["Sector"].withdrawn


@pytest.mark.parametrize(
    ("code", "theme", "field"),
    [("1513", "skills", "id"), ("15140", "skills", "id"), ("15130", "gardening", "themes")],
)
def test_a_bad_entry_is_refused_naming_its_field(code: str, theme: str, field: str) -> None:
    text = _FILE.replace("CODE", code).replace("THEME", theme)
    with pytest.raises(InvalidInput) as refused:
        load_dac_codelists(parse_data_file("dac_sectors.yaml", text), iati_codelists())
    assert refused.value.field == field


def test_the_docs_table_names_every_mapped_code_with_its_themes() -> None:
    docs = Path(__file__).parents[2] / "docs" / "capacity.md"
    rows = re.findall(r"^\| (\d{5}) \| ([^|]+) \| ([^|]+) \|", docs.read_text(), re.MULTILINE)
    documented = {
        code: (name.strip(), tuple(re.findall(r"`([a-z-]+)`", t))) for code, name, t in rows
    }
    mapped = {
        sector.code: (sector.name, tuple(theme.value for theme in sector.themes))
        for sector in dac_codelists().by_vocabulary["1"].values()
        if sector.themes
    }
    assert documented == mapped
