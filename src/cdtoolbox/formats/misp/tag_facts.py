"""What the tags of a MISP event (or of one attribute) say in our vocabulary.

Tags of the namespaces we map are read strictly: a value the taxonomy does not have is an
error naming the tag. Tags of other namespaces and free-text tags are not ours to judge and
are passed over. Which tag means what is listed in ``vocabulary`` and docs/misp-mapping.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from cdtoolbox.formats.misp.tag_tables import MispTables
from cdtoolbox.formats.misp.tags import MachineTag, parse_tag
from cdtoolbox.formats.misp.vocabulary import (
    ACTOR_GALAXIES,
    CDT_ATTRIBUTED_STATE,
    CDT_INCIDENT_TYPE,
    CDT_NAMESPACE,
    CDT_PREDICATES,
    CDT_SECTOR,
    COUNTRY_GALAXY,
    GALAXY_NAMESPACE,
    NIS2_SECTOR_PREDICATES,
    SCALE_VOCABULARIES,
    TLP_BY_TAG,
    TLP_NOT_LEVELS,
    TYPE_BY_TAG,
)
from cdtoolbox.ingest.fields import (
    FieldError,
    choice_reader,
    country_reader,
    read_incident_type,
    read_text,
    sector_reader,
)
from cdtoolbox.ingest.record import RecordErrors
from cdtoolbox.ingest.references import ReferenceResolver
from cdtoolbox.model import IncidentType, Tlp

__all__ = ["ActorTag", "TagFacts", "country_of_galaxy_value", "read_tags"]

_TLP_LEVELS = ", ".join(value for value in TLP_BY_TAG if value != "white")
_SCALE_READERS = {key: choice_reader(vocabulary) for key, vocabulary in SCALE_VOCABULARIES.items()}


@dataclass(frozen=True, slots=True)
class ActorTag:
    """A threat-actor galaxy tag, kept for the event to resolve (with its clusters)."""

    path: str
    tag_name: str
    galaxy: str
    value: str


@dataclass
class TagFacts:
    """Everything the tags said; lists keep first-seen order without repeats."""

    tlp: Tlp | None = None
    scales: dict[tuple[str, str], Enum] = field(default_factory=dict)
    types: list[IncidentType] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    actors: list[ActorTag] = field(default_factory=list)

    def scale(self, key: tuple[str, str]) -> Any:
        return self.scales.get(key)


def read_tags(
    entries: Sequence[tuple[str, Mapping[str, Any]]],
    errors: RecordErrors,
    resolver: ReferenceResolver,
    *,
    whole_event: bool,
    tables: MispTables | None = None,
) -> TagFacts:
    """Read ``(path, tag object)`` pairs. On an attribute (``whole_event`` false) only TLP and
    the admiralty scale mean something: the rest describes the event, not one value.
    ``tables`` tell the country galaxy's values and the nis2 values apart from names; values
    they lack are resolved by name."""
    facts = TagFacts()
    reader = _TagReader(facts, errors, resolver, whole_event, tables or MispTables())
    for path, entry in entries:
        try:
            name = read_text(entry.get("name"))
        except FieldError as error:
            errors.add(f"{path}.name", entry.get("name"), error.reason)
            continue
        tag = parse_tag(name)
        if tag is not None:
            reader.read(f"{path}.name", name, tag)
    return facts


class _TagReader:
    def __init__(
        self,
        facts: TagFacts,
        errors: RecordErrors,
        resolver: ReferenceResolver,
        whole_event: bool,
        tables: MispTables,
    ) -> None:
        self._tables = tables
        self._resolver = resolver
        self._facts = facts
        self._errors = errors
        self._whole_event = whole_event
        self._country = country_reader(resolver)
        self._sector = sector_reader(resolver)
        self._scale_paths: dict[tuple[str, str], str] = {}

    def read(self, path: str, name: str, tag: MachineTag) -> None:
        facts = self._facts
        if tag.namespace == "tlp":
            self._tlp(path, name, tag)
            return
        key = (tag.namespace, tag.predicate)
        if key in SCALE_VOCABULARIES:
            self._scale(path, name, key, tag.value)
            return
        if not self._whole_event:
            return
        if tag.namespace == GALAXY_NAMESPACE:
            self._galaxy(path, name, tag)
        elif tag.namespace == "nis2" and tag.predicate in NIS2_SECTOR_PREDICATES:
            known = self._tables.sector_of_tag(tag.predicate, tag.value or "")
            _add(facts.sectors, known or self._read(path, name, tag.value, self._sector))
        elif tag.namespace == CDT_NAMESPACE:
            self._ours(path, name, tag)
        elif (
            found := TYPE_BY_TAG.get((tag.namespace, tag.predicate, tag.value or ""))
        ) is not None:
            _add(facts.types, found)

    def _tlp(self, path: str, name: str, tag: MachineTag) -> None:
        # Pairs (tlp:amber) are the taxonomy's form; a triple is read for its value.
        word = (tag.value or tag.predicate).strip().lower()
        if word in TLP_NOT_LEVELS:
            return
        level = TLP_BY_TAG.get(word)
        if level is None:
            self._errors.add(path, name, f"is not a TLP level ({_TLP_LEVELS})")
            return
        current = self._facts.tlp
        if current is None or level.rank > current.rank:
            self._facts.tlp = level  # several markings: the strictest governs

    def _scale(self, path: str, name: str, key: tuple[str, str], value: str | None) -> None:
        found = self._read(path, name, value, _SCALE_READERS[key])
        if found is None:
            return
        current = self._facts.scales.get(key)
        if current is not None and current != found:
            other = self._scale_paths[key]
            reason = f"contradicts the tag at {other} (`{current.value}`): give one value"
            self._errors.add(path, name, reason)
            return
        self._facts.scales[key] = found
        self._scale_paths.setdefault(key, path)

    def _galaxy(self, path: str, name: str, tag: MachineTag) -> None:
        if tag.predicate == COUNTRY_GALAXY:
            read = country_of_galaxy_value(self._tables, self._resolver)
            _add(self._facts.countries, self._read(path, name, tag.value, read))
        elif tag.predicate in ACTOR_GALAXIES:
            if tag.value is None:
                self._errors.add(path, name, 'names no cluster (misp-galaxy:<galaxy>="<name>")')
                return
            self._facts.actors.append(ActorTag(path, name, tag.predicate, tag.value))

    def _ours(self, path: str, name: str, tag: MachineTag) -> None:
        facts = self._facts
        if tag.predicate == CDT_INCIDENT_TYPE:
            _add(facts.types, self._read(path, name, tag.value, read_incident_type))
        elif tag.predicate == CDT_SECTOR:
            _add(facts.sectors, self._read(path, name, tag.value, self._sector))
        elif tag.predicate == CDT_ATTRIBUTED_STATE:
            _add(facts.states, self._read(path, name, tag.value, self._country))
        else:
            known = ", ".join(sorted(CDT_PREDICATES))
            self._errors.add(path, name, f"is not a cdtoolbox tag (known predicates: {known})")

    def _read(self, path: str, name: str, value: str | None, read: Any) -> Any:
        if value is None:
            self._errors.add(path, name, 'has no value (namespace:predicate="value")')
            return None
        try:
            return read(value)
        except FieldError as error:
            self._errors.add(path, name, f"names {value!r}, which {error.reason}")
            return None


def country_of_galaxy_value(
    tables: MispTables, resolver: ReferenceResolver
) -> Callable[[object], str]:
    """A reader of country galaxy values: the galaxy's own table first, then names and codes."""
    by_name = country_reader(resolver)

    def read(value: object) -> str:
        if isinstance(value, str):
            code = tables.country_of_value(value)
            if code is not None and resolver.country_code(code) == code:
                return code
        return by_name(value)

    return read


def _add(items: list[Any], item: Any) -> None:
    if item is not None and item not in items:
        items.append(item)
