"""Reference entities: countries, sectors and organisations."""

from __future__ import annotations

from dataclasses import dataclass

from cdtoolbox.model.vocabulary import SectorCriticality, TargetCategory

__all__ = ["Country", "Organisation", "Sector"]


@dataclass(frozen=True)
class Country:
    """A country: identified by its ISO 3166-1 code, shown by its EU Style Guide short name."""

    code: str  # ISO 3166-1 alpha-2: the identifier in files, the API, STIX and MISP
    alpha3: str
    name: str  # short name per the EU Interinstitutional Style Guide ("North Korea")
    official_name: str | None = None
    eu_member: bool = False
    budapest_convention: str | None = None  # MISP country galaxy: "parties", "signatories", …
    continent: str | None = None
    numeric: str | None = None  # ISO 3166-1 numeric, e.g. "804": how world maps key countries
    iso_name: str | None = None  # ISO 3166-1 short name where it differs from ``name``
    eu_code: str | None = None  # the code the EU shows instead of ``code`` (EL, UK)

    @property
    def display_code(self) -> str:
        """The code a reader sees: the EU's (EL for Greece, UK) where it has one, else ISO."""
        return self.eu_code or self.code


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
