"""Reader labels for the identifiers an assessment carries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import cdtoolbox.assess
from cdtoolbox.assess import LawStatus, NormStatus
from cdtoolbox.assess.labels import FIELD_LABELS, field_label, measure_label
from cdtoolbox.assess.response_level import RESPONSE_LEVEL_RULES
from cdtoolbox.model import (
    AttributionNeed,
    DecisionRule,
    InstrumentCategory,
    PartyKind,
    ResponseLevel,
    ResponseTier,
)


def test_a_missing_field_reads_as_words() -> None:
    assert field_label("impact.people_affected") == "the number of people affected"
    assert field_label("impact.people_affected or impact.systems_affected") == (
        "the number of people affected or the number of systems affected"
    )
    assert field_label("summary (techniques)") == "the summary (techniques)"
    with pytest.raises(KeyError, match=r"impact\.unheard_of"):
        field_label("impact.unheard_of")


def test_every_field_the_engine_names_has_a_label() -> None:
    """A new fact or missing field without words fails here, not on a reader's page."""
    source = "\n".join(
        path.read_text(encoding="utf-8")
        for path in Path(cdtoolbox.assess.__file__).parent.glob("*.py")
    )
    named = set(re.findall(r'Fact\(\s*"([a-z_.]+)"', source))
    named |= set(re.findall(r'missing\.append\(\s*"([^"]+)"\)', source))
    assert named
    for name in named:
        assert field_label(name)
    assert named <= set(FIELD_LABELS) | {n for n in named if " or " in n}


def test_every_measure_level_rule_and_value_has_a_reader_label() -> None:
    assert measure_label("support_ms") == "Support to Member States' lawful responses"
    assert measure_label("stability-naming-state") == "A statement naming the state responsible"
    for category in InstrumentCategory:
        assert measure_label(category.value) == category.label
    labelled = [
        *AttributionNeed,
        *DecisionRule,
        *PartyKind,
        *ResponseLevel,
        *ResponseTier,
        *NormStatus,
        *LawStatus,
    ]
    for value in labelled:
        assert value.label and "_" not in value.label, value
    assert DecisionRule.NONE.label == "needs no Member State vote"
    assert PartyKind.EU.label == "the European Union"
    titles = [rule.title for rule in RESPONSE_LEVEL_RULES]
    assert all(title and title[0].isupper() for title in titles)
    assert len(set(titles)) == len(titles)
