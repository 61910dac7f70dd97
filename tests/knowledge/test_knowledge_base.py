import pytest

from cdtoolbox.errors import InvalidInput
from cdtoolbox.knowledge import KnowledgeBase


def test_the_resolver_methods_answer_with_ids(knowledge: KnowledgeBase) -> None:
    assert knowledge.country_code("Russian Federation") == "RU"
    assert knowledge.sector_id("Energy") == "energy"
    actor_id = knowledge.actor_id("Fancy Bear")
    assert actor_id is not None and knowledge.actors.get(actor_id).name == "APT28"


def test_the_resolver_methods_return_none_for_unknown_names(knowledge: KnowledgeBase) -> None:
    assert knowledge.country_code("Atlantis") is None
    assert knowledge.sector_id("Atlantis") is None
    assert knowledge.actor_id("Atlantis Bear") is None


def test_an_ambiguous_actor_alias_is_invalid_input(knowledge: KnowledgeBase) -> None:
    with pytest.raises(InvalidInput) as raised:
        knowledge.actor_id("Grizzly Steppe")
    assert (raised.value.entity, raised.value.field) == ("actor", "name")
