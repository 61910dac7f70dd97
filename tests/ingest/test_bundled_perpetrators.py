"""Persons and entities named in the bundled attributions: official, sourced, consistent."""

from __future__ import annotations

from typing import Any

import pytest

from cdtoolbox.ingest.bundled import bundled_incident_documents
from cdtoolbox.knowledge import KnowledgeBase


def _attributions() -> list[tuple[str, dict[str, Any]]]:
    return [
        (str(document["slug"]), attribution)
        for document in bundled_incident_documents()
        for attribution in document.get("attributions") or []  # type: ignore[attr-defined]
    ]


def test_only_states_and_the_eu_name_perpetrators_and_always_with_a_source() -> None:
    named = [(slug, a) for slug, a in _attributions() if a.get("perpetrators")]
    assert len(named) >= 25
    for slug, attribution in named:
        assert attribution["by"]["kind"] in ("state", "eu"), slug
        assert str(attribution["source"]["url"]).startswith("http"), slug


def _named_by(slug: str, party: str) -> set[str]:
    return {
        name
        for incident, attribution in _attributions()
        if incident == slug and attribution["by"]["name"] == party
        for name in attribution.get("perpetrators") or []
    }


@pytest.mark.parametrize(
    ("slug", "party", "expected"),
    [
        ("wannacry-2017", "United States", {"Park Jin Hyok"}),
        ("cloud-hopper-2017", "United States", {"Zhu Hua", "Zhang Shilong"}),
        ("bundestag-2015", "Germany", {"Dmitriy Sergeyevich Badin"}),
        ("opcw-2018", "Netherlands", {"Aleksei Morenets", "Alexey Minin"}),
        ("callisto-star-blizzard-2023", "United Kingdom", {"Ruslan Aleksandrovich Peretyatko"}),
    ],
)
def test_public_record_perpetrators(slug: str, party: str, expected: set[str]) -> None:
    assert expected <= _named_by(slug, party)


# The 2020 Sandworm indictment charges its six defendants unevenly: four for NotPetya, all
# but Detistov for the attacks on the PyeongChang Games (US DOJ press release, 19 October
# 2020, as reported by SC Magazine). Which of them it charges with the Ukrainian grid attacks
# is not confirmed, so those attributions name only the unit the indictment names: the same
# entity links the grid attacks to NotPetya and the Games. Equifax: the indictee is Wang Qian.
_UNIT_74455 = "Unit 74455 of the GRU (Main Centre for Special Technologies, GTsST)"
_SANDWORM_NOTPETYA = {
    _UNIT_74455,
    "Yuriy Sergeyevich Andrienko",
    "Sergey Vladimirovich Detistov",
    "Pavel Valeryevich Frolov",
    "Petr Nikolayevich Pliskin",
}
_SANDWORM_OLYMPICS = {
    _UNIT_74455,
    "Yuriy Sergeyevich Andrienko",
    "Pavel Valeryevich Frolov",
    "Anatoliy Sergeyevich Kovalev",
    "Artem Valeryevich Ochichenko",
    "Petr Nikolayevich Pliskin",
}


@pytest.mark.parametrize(
    ("slug", "party", "exactly"),
    [
        ("notpetya-2017", "United States", _SANDWORM_NOTPETYA),
        ("olympic-destroyer-2018", "United States", _SANDWORM_OLYMPICS),
        ("ukraine-power-grid-2015", "United States", {_UNIT_74455}),
        ("ukraine-power-grid-2016", "United States", {_UNIT_74455}),
        ("equifax-2017", "United States", {"Wu Zhiyong", "Wang Qian", "Xu Ke", "Liu Lei"}),
    ],
)
def test_indictees_are_those_charged_for_the_incident(
    slug: str, party: str, exactly: set[str]
) -> None:
    assert _named_by(slug, party) == exactly


def test_eu_listing_perpetrators_are_the_persons_the_listing_added(
    knowledge: KnowledgeBase,
) -> None:
    listings = {
        str(response.date): set(response.listed)
        for response in knowledge.responses
        if response.instrument_id == "restrictive.listing"
    }
    checked = 0
    for slug, attribution in _attributions():
        if attribution["by"]["kind"] == "eu" and attribution.get("perpetrators"):
            assert set(attribution["perpetrators"]) <= listings[str(attribution["date"])], slug
            checked += 1
    assert checked >= 10
