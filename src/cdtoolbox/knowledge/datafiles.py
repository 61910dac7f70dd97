"""Reading the packaged YAML data files and checking every entry before it becomes an object.

Each file has a top-level ``version`` (integer) and ``source`` (one citation or a list). Entries
are read through ``EntryReader`` so that a bad value is reported as an ``InvalidInput`` naming
the file and the entry, e.g. *norms.yaml entry '13c': norm `source`: None is missing …*.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from importlib import resources
from typing import Any, TypeVar

import yaml

from cdtoolbox.errors import InvalidInput

__all__ = ["DataFile", "EntryReader", "parse_data_file", "read_data_file"]

EnumT = TypeVar("EnumT", bound=StrEnum)

_MISSING = "is missing"
# libyaml's loader when PyYAML was built with it: the same safe loading, several times faster.
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class DataFile:
    """One parsed data file: its name, version, file-level sources and full content."""

    name: str
    version: int
    sources: tuple[str, ...]
    content: Mapping[str, Any]

    def section(self, key: str, entity: str) -> Sequence[Any] | Mapping[str, Any]:
        """A top-level list or mapping of entries, required to be present."""
        value = self.content.get(key)
        if not isinstance(value, list | dict) or not value:
            raise InvalidInput(entity, key, value, f"{_MISSING} or empty", self.name)
        return value

    def entries(self, key: str, entity: str, id_field: str = "id") -> list[EntryReader]:
        """Readers for each mapping in the top-level list ``key``; ids must be unique."""
        section = self.section(key, entity)
        if not isinstance(section, list):
            raise InvalidInput(entity, key, "(a mapping)", "must be a list of entries", self.name)
        readers: list[EntryReader] = []
        seen: set[str] = set()
        for position, raw in enumerate(section, start=1):
            location = f"{self.name} entry {position}"
            if not isinstance(raw, dict):
                raise InvalidInput(entity, key, raw, "must be a mapping", location)
            reader = EntryReader(raw, entity, location)
            entry_id = reader.text(id_field)
            if entry_id in seen:
                raise InvalidInput(entity, id_field, entry_id, "is used twice", location)
            seen.add(entry_id)
            readers.append(EntryReader(raw, entity, f"{self.name} entry {entry_id!r}"))
        return readers


class EntryReader:
    """Typed access to one entry; every failure names the file, the entry and the field."""

    def __init__(self, raw: Mapping[str, Any], entity: str, location: str) -> None:
        self._raw = raw
        self.entity = entity
        self.location = location

    def fail(self, field: str, value: object, reason: str) -> InvalidInput:
        return InvalidInput(self.entity, field, value, reason, self.location)

    def has(self, field: str) -> bool:
        return self._raw.get(field) is not None

    def text(self, field: str) -> str:
        value = self._raw.get(field)
        if value is None:
            raise self.fail(field, value, _MISSING)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(field, value, "must be non-empty text")
        return value.strip()

    def optional_text(self, field: str) -> str | None:
        return self.text(field) if self.has(field) else None

    def texts(self, field: str, *, required: bool = True) -> tuple[str, ...]:
        """A list of non-empty strings; a single string counts as a list of one."""
        value = self._raw.get(field)
        if value is None:
            if required:
                raise self.fail(field, value, _MISSING)
            return ()
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items:
            raise self.fail(field, value, "must be text or a non-empty list of text")
        if not all(isinstance(item, str) and item.strip() for item in items):
            raise self.fail(field, value, "must contain only non-empty text")
        return tuple(item.strip() for item in items)

    def items(self, field: str) -> list[Any]:
        """An optional list of values of any kind; absent means empty."""
        value = self._raw.get(field, [])
        if not isinstance(value, list):
            raise self.fail(field, value, "must be a list")
        return value

    def sources(self) -> tuple[str, ...]:
        """The entry's ``source``: every knowledge entry must say where it comes from."""
        value = self._raw.get("source")
        if value is None or value == [] or value == "":
            raise self.fail("source", value, "is missing: every entry must name its source")
        return self.texts("source")

    def mapping(self, field: str) -> EntryReader:
        """A nested mapping, read with the same checks; failures name ``entry.field``."""
        value = self._raw.get(field)
        if not isinstance(value, dict):
            raise self.fail(field, value, "must be a mapping")
        return EntryReader(value, self.entity, f"{self.location}, {field}")

    def mappings(self, field: str) -> list[EntryReader]:
        """An optional list of nested mappings; absent means none."""
        value = self._raw.get(field)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.fail(field, value, "must be a list of mappings")
        return [EntryReader(item, self.entity, f"{self.location}, {field}") for item in value]

    def choice(self, field: str, vocabulary: type[EnumT]) -> EnumT:
        value = self.text(field)
        try:
            return vocabulary(value)
        except ValueError:
            allowed = ", ".join(member.value for member in vocabulary)
            raise self.fail(field, value, f"is not one of: {allowed}") from None

    def flag(self, field: str) -> bool:
        """An optional yes/no field; absent means no."""
        value = self._raw.get(field, False)
        if not isinstance(value, bool):
            raise self.fail(field, value, "must be true or false")
        return value

    def integer(self, field: str, lowest: int, highest: int) -> int:
        value = self._raw.get(field)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(field, value, f"must be a whole number from {lowest} to {highest}")
        if not lowest <= value <= highest:
            raise self.fail(field, value, f"must be from {lowest} to {highest}")
        return value

    def date(self, field: str) -> date:
        value = self._raw.get(field)
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(field, value, "must be a date written YYYY-MM-DD")


def parse_data_file(name: str, text: str) -> DataFile:
    """Parse a data file's text and check its header (``version`` and ``source``)."""
    try:
        content = yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as error:
        raise InvalidInput("data file", "content", name, f"is not valid YAML ({error})") from None
    if not isinstance(content, dict):
        raise InvalidInput("data file", "content", name, "must be a YAML mapping")
    header = EntryReader(content, "data file", name)
    version = header.integer("version", 1, 10_000)
    sources = header.sources()
    return DataFile(name=name, version=version, sources=sources, content=content)


def read_data_file(name: str) -> DataFile:
    """Read one of the YAML files shipped in ``cdtoolbox/knowledge/data``."""
    text = resources.files("cdtoolbox.knowledge").joinpath("data").joinpath(name).read_text("utf-8")
    return parse_data_file(name, text)
