from enum import StrEnum

import pytest

from cdtoolbox.errors import NotFound
from cdtoolbox.knowledge import KnowledgeBase, Scale
from cdtoolbox.model import Confidence, InformationCredibility, Likelihood, SourceReliability, Tlp


def _scales(knowledge: KnowledgeBase) -> dict[type[StrEnum], Scale]:
    scales = knowledge.scales
    return {
        Likelihood: scales.likelihood,
        Confidence: scales.confidence,
        SourceReliability: scales.source_reliability,
        InformationCredibility: scales.information_credibility,
        Tlp: scales.tlp,
    }


@pytest.mark.parametrize(
    "vocabulary", [Likelihood, Confidence, SourceReliability, InformationCredibility, Tlp]
)
def test_each_model_vocabulary_matches_its_taxonomy_value_for_value(
    knowledge: KnowledgeBase, vocabulary: type[StrEnum]
) -> None:
    scale = _scales(knowledge)[vocabulary]
    assert scale.values == tuple(member.value for member in vocabulary)
    for member in vocabulary:
        assert scale.get(member.value).label


def test_tlp_offers_only_the_tlp_2_levels(knowledge: KnowledgeBase) -> None:
    tlp = knowledge.scales.tlp
    assert not {"unclear", "white", "ex:chr"} & set(tlp.values)
    with pytest.raises(NotFound):
        tlp.get("unclear")
    assert tlp.tag("amber+strict") == "tlp:amber+strict"


def test_likelihood_carries_the_lower_bound_of_its_range(knowledge: KnowledgeBase) -> None:
    bounds = [entry.numerical_value for entry in knowledge.scales.likelihood.entries]
    assert bounds == [0, 5, 20, 45, 55, 80, 95]


def test_machine_tags_are_spelled_as_misp_spells_them(knowledge: KnowledgeBase) -> None:
    scales = knowledge.scales
    assert scales.source_reliability.tag("b") == 'admiralty-scale:source-reliability="b"'
    assert scales.likelihood.tag("likely") == 'estimative-language:likelihood-probability="likely"'
    assert scales.source_reliability.get("a").label == "Completely reliable"
