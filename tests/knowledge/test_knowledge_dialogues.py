"""The bundled dialogues register: what the sources say, no more; refusals of a broken file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import yaml

from cdtoolbox.errors import InvalidInput
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.knowledge.datafiles import parse_data_file, read_data_file
from cdtoolbox.knowledge.dialogues import load_dialogues
from cdtoolbox.model.dialogues import DialogueKind, DialogueStatus


def test_every_dialogue_and_round_names_its_sources(knowledge: KnowledgeBase) -> None:
    assert len(knowledge.dialogues) >= 10
    for dialogue in knowledge.dialogues:
        assert dialogue.sources, dialogue.id
        assert all(r.sources for r in dialogue.rounds), dialogue.id
        assert list(dialogue.rounds) == sorted(dialogue.rounds, key=lambda r: r.held_on)


def test_what_the_reference_leaves_unconfirmed_is_shipped_unconfirmed(
    knowledge: KnowledgeBase,
) -> None:
    china = knowledge.dialogues.get("eu-cn-cyber-dialogue")
    # The official track's status is unverified; the latest meeting found is a Track-2 round.
    assert china.status is DialogueStatus.UNKNOWN and not china.status_confirmed
    assert china.last_round is not None and "Track 2" in (china.last_round.level or "")
    russia = knowledge.dialogues.get("eu-ru-cyber-dialogue")
    assert russia.status is DialogueStatus.NONE and not russia.status_confirmed
    assert russia.rounds == () and russia.next_meeting is None
    united_states = knowledge.dialogues.get("eu-us-cyber-dialogue")
    assert united_states.status_confirmed and united_states.first_held is not None
    # No EU-Canada or EU-Australia cyber dialogue is confirmed: none is shipped.
    assert not {"CA", "AU"} & {d.partner for d in knowledge.dialogues}


def test_each_kind_of_partnership_is_present(knowledge: KnowledgeBase) -> None:
    kinds = {d.kind for d in knowledge.dialogues}
    assert {
        DialogueKind.BILATERAL,
        DialogueKind.ORGANISATION,
        DialogueKind.MULTILATERAL,
        DialogueKind.AMBASSADORS,
    } <= kinds


def _broken(change: Callable[[dict[str, Any]], None]) -> str:
    content = dict(read_data_file("dialogues.yaml").content)
    content["dialogues"] = [dict(d) for d in content["dialogues"]]
    change(content)
    return yaml.safe_dump(content, allow_unicode=True, sort_keys=False)


def _uk(content: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = next(
        d for d in content["dialogues"] if d["id"] == "eu-gb-cyber-dialogue"
    )
    return found


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda c: _uk(c).update(partner="XX"), "partner"),
        (lambda c: _uk(c).update(status="frozen"), "status"),
        (lambda c: _uk(c).update(next_meeting="2024-01-01"), "next_meeting"),
        (lambda c: _uk(c).update(rounds=[*_uk(c)["rounds"], _uk(c)["rounds"][0]]), "held_on"),
        (lambda c: _uk(c).update(source=[]), "source"),
    ],
)
def test_a_broken_file_is_refused_naming_the_field(
    knowledge: KnowledgeBase, change: Callable[[dict[str, Any]], None], field: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        load_dialogues(parse_data_file("dialogues.yaml", _broken(change)), knowledge.countries)
    assert raised.value.field == field


def test_the_channel_measures_are_the_consultations_and_points_of_contact(
    knowledge: KnowledgeBase,
) -> None:
    channels = {m.id: m.channel.value for m in knowledge.cbms if m.channel is not None}
    assert channels == {
        "OSCE-CBM-3": "consultation",
        "OSCE-CBM-8": "contact",
        "ARF-CBM-1": "contact",
        "OAS-CBM-2": "contact",
        "OAS-CBM-3": "contact",
        "UN-CBM-1": "contact",
        "UN-CBM-2": "consultation",
    }
