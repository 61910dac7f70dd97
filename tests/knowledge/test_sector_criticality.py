"""NIS2 criticality of sectors: Annex I (high), Annex II (other), none outside NIS2."""

from __future__ import annotations

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import SectorCriticality

ANNEX_I = {
    "energy", "transport", "banking", "financial", "health", "drinking-water", "waste-water",
    "digital-infrastructure", "ict-services", "public-administration", "space",
}  # fmt: skip
ANNEX_II = {
    "courier", "waste-management", "chemical", "food", "manufacturing", "digital-providers",
    "research",
}  # fmt: skip


def test_every_nis2_sector_says_which_annex_lists_it(knowledge: KnowledgeBase) -> None:
    top = {
        s.id: s.criticality for s in knowledge.sectors.all() if s.source == "nis2" and not s.parent
    }
    assert {sid for sid, c in top.items() if c is SectorCriticality.HIGH} == ANNEX_I
    assert {sid for sid, c in top.items() if c is SectorCriticality.OTHER} == ANNEX_II


def test_sub_sectors_inherit_and_additions_have_none(knowledge: KnowledgeBase) -> None:
    for sector in knowledge.sectors.all():
        if sector.parent and sector.source == "nis2":
            assert sector.criticality is knowledge.sectors.get(sector.parent).criticality
        if sector.source != "nis2":
            assert sector.criticality is None, sector.id
    assert knowledge.sectors.get("energy.electricity").criticality is SectorCriticality.HIGH
