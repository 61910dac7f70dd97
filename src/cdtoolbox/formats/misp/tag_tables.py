"""The reference tables MISP tags are written from and read with, built from the MISP data we
ship with.

Countries are written as the MISP ``country`` galaxy names them (``misp-galaxy:country=
"ukraine"``) and NIS2 sectors as the ``nis2`` taxonomy spells them (sub-sector values carry
a ``-subsector`` suffix for some sectors and not for others, so each is looked up).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from cdtoolbox.formats.misp.tags import machine_tag, parse_tag
from cdtoolbox.model import Sector

__all__ = [
    "MispTables",
    "country_galaxy_values",
    "load_misp_tables",
    "nis2_sector_tags",
    "sectors_by_nis2_tag",
]

_NIS2 = "nis2"
_SECTOR = "impact-sectors-impacted"
_SUBSECTOR = "impact-subsectors-impacted"


class MispTables:
    """The reference tables both directions use; without them, tags are read by name only."""

    def __init__(
        self,
        country_values: Mapping[str, str] | None = None,
        sector_tags: Mapping[str, str] | None = None,
    ) -> None:
        self.country_values: Mapping[str, str] = dict(country_values or {})  # ISO → galaxy value
        self.sector_tags: Mapping[str, str] = dict(sector_tags or {})  # sector id → nis2 tag
        self._countries = {_key(value): code for code, value in self.country_values.items()}
        self._sectors = sectors_by_nis2_tag(self.sector_tags)

    def country_of_value(self, value: str) -> str | None:
        """The ISO code of a country galaxy value (some, like "kosovo" or "saint helena",
        are no name the country catalogue knows)."""
        return self._countries.get(_key(value))

    def sector_of_tag(self, predicate: str, value: str) -> str | None:
        return self._sectors.get((predicate, value))


def load_misp_tables(
    country_galaxy: Iterable[Mapping[str, Any]],
    sectors: Iterable[Sector],
    nis2: Mapping[str, Any],
) -> MispTables:
    """The tables from the country galaxy's values, the sector catalogue and the nis2 taxonomy."""
    return MispTables(country_galaxy_values(country_galaxy), nis2_sector_tags(sectors, nis2))


def country_galaxy_values(galaxy_values: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """ISO alpha-2 → the country galaxy's cluster value, from the galaxy's values."""
    found: dict[str, str] = {}
    for entry in galaxy_values:
        meta = entry.get("meta") or {}
        code, value = meta.get("ISO"), entry.get("value")
        if isinstance(code, str) and isinstance(value, str):
            found.setdefault(code.upper(), value)
    return found


def nis2_sector_tags(sectors: Iterable[Sector], nis2: Mapping[str, Any]) -> dict[str, str]:
    """Sector id → its ``nis2`` tag, for the sectors the taxonomy has (our additions have none)."""
    values: dict[str, set[str]] = {
        str(group.get("predicate")): {str(entry["value"]) for entry in group.get("entry", ())}
        for group in nis2.get("values", ())
    }
    sector_values = values.get(_SECTOR, set())
    subsector_values = values.get(_SUBSECTOR, set())
    tags: dict[str, str] = {}
    for sector in sectors:
        if sector.source != _NIS2:
            continue
        if sector.parent is None and sector.id in sector_values:
            tags[sector.id] = machine_tag(_NIS2, _SECTOR, sector.id)
            continue
        leaf = sector.id.rpartition(".")[2]
        for candidate in (leaf, f"{leaf}-subsector"):
            if candidate in subsector_values:
                tags[sector.id] = machine_tag(_NIS2, _SUBSECTOR, candidate)
                break
    return tags


def sectors_by_nis2_tag(tags: Mapping[str, str]) -> dict[tuple[str, str], str]:
    """``(predicate, value)`` of a nis2 tag → sector id: the table ``nis2_sector_tags`` gives,
    read the other way (the sector catalogue cannot tell the transport sub-sector "water"
    from the drinking-water sector by name alone)."""
    found: dict[tuple[str, str], str] = {}
    for sector_id, name in tags.items():
        tag = parse_tag(name)
        if tag is not None and tag.value is not None:
            found[(tag.predicate, tag.value)] = sector_id
    return found


def _key(value: str) -> str:
    return " ".join(value.casefold().split())
