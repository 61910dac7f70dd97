"""docs/stix-mapping.md states the same fixed values as the code (one source, checked)."""

from __future__ import annotations

import re
from pathlib import Path

from cdtoolbox.formats.stix.vocabulary import (
    CONFIDENCE_TO_STIX,
    EXTENSION_CREATOR_ID,
    EXTENSION_ID,
    EXTENSION_VERSION,
    LIKELIHOOD_TO_STIX,
    TLP2_EXTENSION_ID,
    TLP2_MARKING_IDS,
    confidence_from_stix,
    likelihood_from_stix,
)
from cdtoolbox.model import Confidence, Likelihood, Tlp

PAGE = (Path(__file__).parents[3] / "docs" / "stix-mapping.md").read_text(encoding="utf-8")
ROW = re.compile(r"^\| *([a-z+-]+|[A-Z+]+) *\| *`?([^|`\n]+)`? *\|(?: *([^|\n]+)\|)?", re.MULTILINE)


def rows() -> dict[str, tuple[str, str | None]]:
    return {match[1]: (match[2].strip(), match[3]) for match in ROW.finditer(PAGE)}


def test_the_tlp_table_lists_the_oasis_ids() -> None:
    table = rows()
    for tlp in Tlp:
        assert table[tlp.value.upper()][0] == TLP2_MARKING_IDS[tlp]
    assert TLP2_EXTENSION_ID in PAGE


def test_the_confidence_tables_match_the_scales() -> None:
    table = rows()
    for likelihood in Likelihood:
        value, bands = table[likelihood.value]
        assert int(value) == LIKELIHOOD_TO_STIX[likelihood]
        low, high = (int(n) for n in re.findall(r"\d+", bands or "")[:2])
        assert {likelihood_from_stix(low), likelihood_from_stix(high)} == {likelihood}
    for confidence in Confidence:
        value, bands = table[confidence.value]
        assert int(value) == CONFIDENCE_TO_STIX[confidence]
        low, high = (int(n) for n in re.findall(r"\d+", bands or "")[:2])
        assert {confidence_from_stix(low), confidence_from_stix(high)} == {confidence}


def test_the_extension_is_named_as_in_the_code() -> None:
    assert f"id `{EXTENSION_ID}`" in PAGE
    assert f"version `{EXTENSION_VERSION}`" in PAGE
    assert EXTENSION_CREATOR_ID in PAGE
