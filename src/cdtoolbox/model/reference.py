"""Reference entities: countries, sectors and organisations."""

from __future__ import annotations

from dataclasses import dataclass

from cdtoolbox.model.vocabulary import SectorCriticality, TargetCategory

__all__ = ["Country", "Organisation", "Sector"]


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    alpha3: str
    name: str
    official_name: str | None = None
    eu_member: bool = False
    budapest_convention: str | None = None  # MISP country galaxy: "parties", "signatories", …
    continent: str | None = None
    numeric: str | None = None  # ISO 3166-1 numeric, e.g. "804": how world maps key countries


@dataclass(frozen=True)
class Sector:
    """A NIS2 sector or sub-sector, or one of our few non-NIS2 additions."""

    id: str  # e.g. "energy", "energy.electricity", "government.elections"
    name: str
    target_category: TargetCategory
    parent: str | None = None
    description: str = ""
    source: str = "nis2"  # taxonomy the entry came from
    criticality: SectorCriticality | None = None  # NIS2 annex; None for sectors outside NIS2


@dataclass(frozen=True)
class Organisation:
    """A victim organisation; ``country`` and ``sector`` are optional references."""

    name: str
    country: str | None = None
    sector: str | None = None
