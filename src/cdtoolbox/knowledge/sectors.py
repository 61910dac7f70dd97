"""Victim sectors: the NIS2 sectors of the MISP ``nis2`` taxonomy, plus a few additions.

Ids are hierarchical ("energy", "energy.electricity"): a sector's sub-sectors are exactly the
ids starting with its id and a dot, which is how incident searches include them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.knowledge.aliases import normalise_alias
from cdtoolbox.knowledge.datafiles import DataFile, EntryReader
from cdtoolbox.model import Sector, SectorCriticality, TargetCategory

__all__ = ["SectorCatalogue", "load_sectors"]

NOT_A_SECTOR = "is not a known sector id or name"

_SECTOR_PREDICATE = "impact-sectors-impacted"
_SUBSECTOR_PREDICATE = "impact-subsectors-impacted"
_SUBSECTOR_SUFFIX = "-subsector"


class SectorCatalogue:
    """Every sector, found by id, name or alias (case, spaces and punctuation ignored)."""

    def __init__(self, sectors: Iterable[Sector], aliases: Mapping[str, str]) -> None:
        self._by_id = {sector.id: sector for sector in sorted(sectors, key=_sector_id)}
        names: dict[str, str] = {}
        for sector in self._by_id.values():
            _claim(names, sector.id, sector.id)
            _claim(names, sector.name, sector.id)
        for alias, sector_id in aliases.items():
            if sector_id not in self._by_id:
                raise NotFound("sector", sector_id, f"alias {alias!r} points at it")
            _claim(names, alias, sector_id)
        self._names = names

    def __len__(self) -> int:
        return len(self._by_id)

    def all(self) -> tuple[Sector, ...]:
        """Every sector, ordered by id (so each sector precedes its sub-sectors)."""
        return tuple(self._by_id.values())

    def get(self, sector_id: str) -> Sector:
        sector = self._by_id.get(sector_id)
        if sector is None:
            raise NotFound("sector", sector_id, "sector ids look like 'energy.electricity'")
        return sector

    def find(self, text: str) -> Sector | None:
        """The sector with this id, name or alias, if any."""
        sector_id = self._names.get(normalise_alias(text))
        return self._by_id[sector_id] if sector_id else None

    def resolve(self, text: str, field: str = "sector") -> Sector:
        sector = self.find(text)
        if sector is None:
            raise InvalidInput("sector", field, text, NOT_A_SECTOR)
        return sector

    def descendants(self, sector_id: str) -> tuple[str, ...]:
        """Ids of every sub-sector below ``sector_id`` (not including it)."""
        prefix = self.get(sector_id).id + "."
        return tuple(known for known in self._by_id if known.startswith(prefix))

    def children(self, sector_id: str) -> tuple[Sector, ...]:
        return tuple(sector for sector in self._by_id.values() if sector.parent == sector_id)

    def by_category(self, category: TargetCategory | str) -> tuple[Sector, ...]:
        wanted = TargetCategory(category)
        return tuple(s for s in self._by_id.values() if s.target_category is wanted)


def _sector_id(sector: Sector) -> str:
    return sector.id


def _claim(names: dict[str, str], name: str, sector_id: str) -> None:
    key = normalise_alias(name)
    holder = names.setdefault(key, sector_id)
    if holder != sector_id:
        raise InvalidInput("sector", "name", name, f"names both {holder!r} and {sector_id!r}")


def load_sectors(nis2: Mapping[str, Any], mapping: DataFile) -> SectorCatalogue:
    """Build the catalogue from the ``nis2`` taxonomy (``Taxonomy.to_dict()``) and
    ``sector_categories.yaml``. Every sector value of the taxonomy must be mapped, so a
    taxonomy update that adds one fails loudly instead of dropping it."""
    values = _taxonomy_values(nis2)
    sectors: dict[str, Sector] = {}
    aliases: dict[str, str] = {}

    sector_rules = _rules(mapping, "sectors", values[_SECTOR_PREDICATE])
    for value, entry in values[_SECTOR_PREDICATE].items():
        rule = sector_rules[value]
        rule.text("rationale")
        sectors[value] = Sector(
            id=value,
            name=str(entry.get("expanded") or value),
            target_category=rule.choice("category", TargetCategory),
            description=str(entry.get("description") or ""),
            criticality=rule.choice("criticality", SectorCriticality),
        )
        aliases.update(dict.fromkeys(rule.texts("aliases", required=False), value))

    subsector_rules = _rules(mapping, "subsectors", values[_SUBSECTOR_PREDICATE])
    for value, entry in values[_SUBSECTOR_PREDICATE].items():
        rule = subsector_rules[value]
        if rule.has("same_as"):
            target = _existing(rule, "same_as", sectors)
            aliases[value] = target
            aliases[str(entry.get("expanded") or value)] = target
            continue
        parent = sectors[_existing(rule, "parent", sectors)]
        child_id = f"{parent.id}.{value.removesuffix(_SUBSECTOR_SUFFIX)}"
        if rule.has("name"):
            rule.text("rationale")
        category = rule.choice("category", TargetCategory) if rule.has("category") else None
        sectors[child_id] = Sector(
            id=child_id,
            name=rule.optional_text("name") or str(entry.get("expanded") or value),
            target_category=category or parent.target_category,
            parent=parent.id,
            description=str(entry.get("description") or ""),
            criticality=parent.criticality,
        )
        aliases.update(dict.fromkeys(rule.texts("aliases", required=False), child_id))

    equivalents = mapping.section("equivalents", "sector equivalent")
    for predicate, table in dict(equivalents).items():
        reader = EntryReader(table, "sector equivalent", f"{mapping.name} {predicate}")
        for value in values.get(predicate, {}):
            aliases[value] = _existing(reader, value, sectors)

    for reader in mapping.entries("additions", "sector"):
        addition = _addition(reader, sectors)
        sectors[addition.id] = addition
        for alias in reader.texts("aliases", required=False):
            aliases[alias] = addition.id
    return SectorCatalogue(sectors.values(), aliases)


def _taxonomy_values(nis2: Mapping[str, Any]) -> dict[str, dict[str, Mapping[str, Any]]]:
    values: dict[str, dict[str, Mapping[str, Any]]] = {}
    for group in nis2.get("values", ()):
        values[group["predicate"]] = {str(entry["value"]): entry for entry in group["entry"]}
    for predicate in (_SECTOR_PREDICATE, _SUBSECTOR_PREDICATE):
        if not values.get(predicate):
            raise InvalidInput("taxonomy", "predicate", predicate, "is missing from nis2")
    return values


def _rules(
    mapping: DataFile, key: str, taxonomy_values: Mapping[str, object]
) -> dict[str, EntryReader]:
    """One reader per mapped value; values and mapping must match one to one."""
    section = mapping.section(key, "sector mapping")
    if not isinstance(section, dict):
        raise InvalidInput("sector mapping", key, "(a list)", "must be a mapping", mapping.name)
    missing = sorted(set(taxonomy_values) - set(section))
    if missing:
        reason = "is a NIS2 taxonomy value with no entry; add one"
        raise InvalidInput("sector mapping", key, missing[0], reason, mapping.name)
    stale = sorted(set(section) - set(taxonomy_values))
    if stale:
        reason = "is not a value of the NIS2 taxonomy (any more); remove or fix it"
        raise InvalidInput("sector mapping", key, stale[0], reason, mapping.name)
    readers: dict[str, EntryReader] = {}
    for value, rule in section.items():
        location = f"{mapping.name} {key} {value!r}"
        if not isinstance(rule, dict):
            raise InvalidInput("sector mapping", key, rule, "must be a mapping", location)
        readers[value] = EntryReader(rule, "sector mapping", location)
    return readers


def _existing(reader: EntryReader, field: str, sectors: Mapping[str, Sector]) -> str:
    sector_id = reader.text(field)
    if sector_id not in sectors:
        raise reader.fail(field, sector_id, NOT_A_SECTOR)
    return sector_id


def _addition(reader: EntryReader, sectors: Mapping[str, Sector]) -> Sector:
    sector_id = reader.text("id")
    if sector_id in sectors:
        raise reader.fail("id", sector_id, "is already a NIS2 sector")
    parent = sector_id.rpartition(".")[0] or None
    if parent is not None and parent not in sectors:
        raise reader.fail("id", sector_id, f"needs its parent {parent!r} listed before it")
    reader.text("rationale")
    return Sector(
        id=sector_id,
        name=reader.text("name"),
        target_category=reader.choice("category", TargetCategory),
        parent=parent,
        description=reader.text("description"),
        source=" ; ".join(reader.sources()),
    )
