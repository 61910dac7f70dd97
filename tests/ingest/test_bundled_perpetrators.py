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


@pytest.mark.parametrize(
    ("slug", "party", "expected"),
    [
        ("wannacry-2017", "United States", {"Park Jin Hyok"}),
        ("notpetya-2017", "United States", {"Anatoliy Sergeyevich Kovalev"}),
        ("cloud-hopper-2017", "United States", {"Zhu Hua", "Zhang Shilong"}),
        ("bundestag-2015", "Germany", {"Dmitriy Sergeyevich Badin"}),
        ("opcw-2018", "Netherlands", {"Aleksei Morenets", "Alexey Minin"}),
        ("equifax-2017", "United States", {"Wu Zhiyong", "Wang Lei", "Xu Ke", "Liu Lei"}),
        ("callisto-star-blizzard-2023", "United Kingdom", {"Ruslan Aleksandrovich Peretyatko"}),
    ],
)
def test_public_record_perpetrators(slug: str, party: str, expected: set[str]) -> None:
    named = {
        name
        for incident, attribution in _attributions()
        if incident == slug and attribution["by"]["name"] == party
        for name in attribution.get("perpetrators") or []
    }
    assert expected <= named


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
