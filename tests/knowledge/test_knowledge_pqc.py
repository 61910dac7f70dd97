"""The post-quantum reference data: every entry names its source and its evidence; the
roadmap's milestones are the EU's three; the horizon is a stated assumption."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from cdtoolbox.errors import InvalidInput
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.knowledge.datafiles import parse_data_file, read_data_file
from cdtoolbox.knowledge.pqc import load_pqc
from cdtoolbox.model.pqc import QuantumStatus


def test_every_algorithm_rule_and_milestone_names_its_source(knowledge: KnowledgeBase) -> None:
    reference = knowledge.pqc
    assert all(rule.sources and rule.aliases for rule in reference.algorithms)
    assert all(milestone.sources for milestone in reference.milestones)
    assert reference.horizon_sources


def test_the_roadmap_milestones_are_2026_2030_and_2035(knowledge: KnowledgeBase) -> None:
    assert [milestone.due for milestone in knowledge.pqc.milestones] == [
        date(2026, 12, 31), date(2030, 12, 31), date(2035, 12, 31),
    ]  # fmt: skip


def test_the_horizon_is_an_assumption_tied_to_the_roadmap(knowledge: KnowledgeBase) -> None:
    horizon = knowledge.pqc.horizon
    assert horizon.year == 2030
    assert "not a forecast" in horizon.basis


def test_no_alias_names_two_families(knowledge: KnowledgeBase) -> None:
    aliases = [alias.upper() for rule in knowledge.pqc.algorithms for alias in rule.aliases]
    assert len(aliases) == len(set(aliases))


def test_a_rule_without_evidence_is_refused() -> None:
    text = read_data_file("pqc.yaml")
    content = dict(text.content)
    algorithms = [dict(rule) for rule in content["algorithms"]]
    del algorithms[0]["evidence"]
    content["algorithms"] = algorithms
    with pytest.raises(InvalidInput) as refused:
        load_pqc(parse_data_file("pqc.yaml", yaml.safe_dump(content)))
    assert refused.value.field == "evidence"


def test_only_the_listed_statuses_are_used(knowledge: KnowledgeBase) -> None:
    used = {rule.status for rule in knowledge.pqc.algorithms}
    assert QuantumStatus.UNCLASSIFIED not in used
