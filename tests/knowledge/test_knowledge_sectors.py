from collections.abc import Mapping
from typing import Any

import pytest
from pytaxonomies.api import Taxonomies

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.knowledge.datafiles import read_data_file
from cdtoolbox.knowledge.sectors import load_sectors
from cdtoolbox.model import TargetCategory


def test_every_sector_has_a_category_and_an_existing_parent(knowledge: KnowledgeBase) -> None:
    sectors = knowledge.sectors.all()
    ids = {sector.id for sector in sectors}
    for sector in sectors:
        assert isinstance(sector.target_category, TargetCategory)
        assert sector.name and sector.source
        expected_parent = sector.id.rpartition(".")[0] or None
        assert sector.parent == expected_parent
        assert sector.parent is None or sector.parent in ids


def test_every_nis2_sector_value_is_a_top_level_sector(knowledge: KnowledgeBase) -> None:
    nis2 = Taxonomies()["nis2"].to_dict()
    values = next(g for g in nis2["values"] if g["predicate"] == "impact-sectors-impacted")
    for entry in values["entry"]:
        sector = knowledge.sectors.get(entry["value"])
        assert (sector.parent, sector.source) == (None, "nis2")


def test_sub_sector_ids_extend_their_parent_id(knowledge: KnowledgeBase) -> None:
    assert knowledge.sectors.descendants("energy") == (
        "energy.district-heating-and-cooling",
        "energy.electricity",
        "energy.gas",
        "energy.hydrogen",
        "energy.oil",
    )
    assert "manufacturing.medical-devices" in knowledge.sectors.descendants("manufacturing")
    assert knowledge.sectors.descendants("health") == ()
    assert [s.id for s in knowledge.sectors.children("transport")] == [
        "transport.air",
        "transport.rail",
        "transport.road",
        "transport.water",
    ]


@pytest.mark.parametrize(
    ("text", "sector_id"),
    [
        ("energy", "energy"),
        ("ENERGY", "energy"),
        ("energy.electricity", "energy.electricity"),
        ("Electricity", "energy.electricity"),
        ("Public administration", "public-administration"),
        ("health-subsector", "health"),
        ("Health entities", "health"),
        ("postal", "courier"),
        ("computer-manufacturing", "manufacturing.electronic-optical"),
        ("District heating and cooling", "energy.district-heating-and-cooling"),
        ("elections", "government.elections"),
        ("Defense", "defence"),
        ("NGOs", "civil-society"),
        ("universities", "education"),
        ("Political parties", "political-parties"),
    ],
)
def test_sectors_resolve_from_ids_names_and_aliases(
    knowledge: KnowledgeBase, text: str, sector_id: str
) -> None:
    assert knowledge.sectors.resolve(text).id == sector_id
    assert knowledge.sector_id(text) == sector_id


def test_an_unknown_sector_is_invalid_input(knowledge: KnowledgeBase) -> None:
    with pytest.raises(InvalidInput) as raised:
        knowledge.sectors.resolve("astrology", field="victims[0].sector")
    assert raised.value.entity == "sector"
    assert raised.value.field == "victims[0].sector"
    assert knowledge.sector_id("astrology") is None
    with pytest.raises(NotFound):
        knowledge.sectors.get("Energy")


def test_additions_cover_what_nis2_lacks(knowledge: KnowledgeBase) -> None:
    expected = {
        "government.elections": TargetCategory.ELECTIONS,
        "government.parliament": TargetCategory.GOVERNMENT,
        "political-parties": TargetCategory.ELECTIONS,
        "defence": TargetCategory.MILITARY,
        "media": TargetCategory.MEDIA,
        "international-organisations": TargetCategory.INTERNATIONAL_ORGANISATION,
        "civil-society": TargetCategory.CIVIL_SOCIETY,
        "hospitality": TargetCategory.PRIVATE_SECTOR,
        "education": TargetCategory.RESEARCH,
        "sport-events": TargetCategory.CIVIL_SOCIETY,
    }
    for sector_id, category in expected.items():
        sector = knowledge.sectors.get(sector_id)
        assert (sector.target_category, sector.source) == (category, "cdtoolbox")


def test_by_category_partitions_the_sectors(knowledge: KnowledgeBase) -> None:
    total = sum(len(knowledge.sectors.by_category(category)) for category in TargetCategory)
    assert total == len(knowledge.sectors)
    assert "energy.electricity" in {
        sector.id for sector in knowledge.sectors.by_category("critical-infrastructure")
    }


def _nis2_with_extra_sector() -> Mapping[str, Any]:
    nis2 = Taxonomies()["nis2"].to_dict()
    for group in nis2["values"]:
        if group["predicate"] == "impact-sectors-impacted":
            group["entry"].append({"value": "quantum", "expanded": "Quantum"})
    return nis2


def test_a_new_nis2_sector_without_a_category_fails_loudly() -> None:
    with pytest.raises(InvalidInput) as raised:
        load_sectors(_nis2_with_extra_sector(), read_data_file("sector_categories.yaml"))
    assert raised.value.value == "quantum"
    assert raised.value.location == "sector_categories.yaml"
