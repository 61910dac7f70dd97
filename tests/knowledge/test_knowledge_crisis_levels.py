"""``crisis_levels.yaml``: every blueprint level described once with its bodies and sources,
and a file that convenes an unknown body or leaves a level out is refused when read."""

from __future__ import annotations

import pytest

from cdtoolbox.errors import InvalidInput
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.knowledge.crisis_levels import load_crisis_levels
from cdtoolbox.knowledge.datafiles import parse_data_file
from cdtoolbox.model.situation import CrisisLevel

_BODY = "- {id: csirts-network, name: CSIRTs Network, description: d, source: [s]}"


def _file(levels: list[str], body: str = "csirts-network") -> str:
    entries = "\n".join(
        f"- {{id: {level}, name: n, description: d, bodies: [{body}], source: [s]}}"
        for level in levels
    )
    acts = "- {id: a, title: t, adopted: 2017-09-13, source: [s]}"
    return f"version: 1\nsource: [s]\nacts:\n{acts}\nbodies:\n{_BODY}\nlevels:\n{entries}\n"


def test_every_level_bundled_names_its_bodies_and_sources(knowledge: KnowledgeBase) -> None:
    levels = knowledge.crisis_levels
    assert [entry.level for entry in levels] == list(CrisisLevel)
    for entry in levels:
        assert entry.sources and all(body.sources for body in entry.bodies)
    assert not levels.get(CrisisLevel.NONE).bodies
    assert all(act.sources for act in levels.acts)


def test_a_file_with_an_unknown_body_or_a_level_left_out_is_refused() -> None:
    every = [level.value for level in CrisisLevel]
    assert len(list(load_crisis_levels(parse_data_file("ok.yaml", _file(every))))) == 4
    with pytest.raises(InvalidInput) as refused:
        load_crisis_levels(parse_data_file("bad.yaml", _file(every, body="nato")))
    assert (refused.value.field, refused.value.value) == ("bodies", "nato")
    with pytest.raises(InvalidInput) as refused:
        load_crisis_levels(parse_data_file("short.yaml", _file(every[:3])))
    assert refused.value.value == "strategic-political"
