"""Reading one nested record (a mapping from YAML or JSON) while collecting every error.

Errors name the field in a dotted, JSON-path-like form (``victims.countries[2]``,
``attributions[0].by.kind``) so a user can find it in the file they wrote.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from typing import TypeVar

from cdtoolbox.errors import InvalidInput
from cdtoolbox.ingest.fields import FieldError, Reader

__all__ = ["MappingReader", "RecordErrors", "unknown_name_reason"]

T = TypeVar("T")

_REQUIRED = "is required"


class RecordErrors:
    """Every problem found in one record, in the order found."""

    def __init__(self, entity: str, location: str | None = None) -> None:
        self.entity = entity
        self.location = location or None
        self.found: list[InvalidInput] = []

    def add(self, field: str, value: object, reason: str) -> None:
        self.found.append(InvalidInput(self.entity, field, value, reason, self.location))

    def __len__(self) -> int:
        return len(self.found)

    def about(self, field: str) -> bool:
        """Whether an error about ``field`` was already found."""
        return any(error.field == field for error in self.found)


def _is_absent(value: object) -> bool:
    """Absent, null and blank all mean *unknown*."""
    return value is None or (isinstance(value, str) and not value.strip())


def unknown_name_reason(name: object, known: Collection[str], what: str = "field") -> str:
    """Why ``name`` is refused, with the closest known name when there is one (typos)."""
    reason = f"is not a known {what}"
    if isinstance(name, str):
        close = difflib.get_close_matches(name.lower(), list(known), n=1, cutoff=0.6)
        if close:
            return f"{reason} (did you mean `{close[0]}`?)"
    return f"{reason} (known: {', '.join(known)})"


class MappingReader:
    """Reads the fields of one mapping, recording each error against its field path.

    Only the keys named in ``fields`` are allowed: an unknown key is an error, so a typo
    never silently drops a fact.
    """

    def __init__(
        self,
        data: Mapping[object, object],
        errors: RecordErrors,
        fields: Collection[str],
        path: str = "",
    ) -> None:
        self._data = data
        self._errors = errors
        self._path = path
        self._errors_before = len(errors)
        for key in data:
            if key not in fields:
                errors.add(self.path_of(str(key)), key, unknown_name_reason(key, fields))

    @classmethod
    def open(
        cls, value: object, errors: RecordErrors, fields: Collection[str], path: str = ""
    ) -> MappingReader | None:
        """A reader for ``value`` if it is a mapping; otherwise record why not."""
        if not isinstance(value, Mapping):
            errors.add(path or "(record)", value, "must be a mapping of field names to values")
            return None
        return cls(value, errors, fields, path)

    @property
    def clean(self) -> bool:
        """True while nothing read through this reader (or nested in it) was wrong."""
        return len(self._errors) == self._errors_before

    def path_of(self, key: str) -> str:
        return f"{self._path}.{key}" if self._path else key

    def has(self, key: str) -> bool:
        return not _is_absent(self._data.get(key))

    def value(self, key: str, read: Reader[T], *, required: bool = False) -> T | None:
        """The field read with ``read``; None when absent or wrong."""
        raw = self._data.get(key)
        if _is_absent(raw):
            if required:
                self._errors.add(self.path_of(key), raw, _REQUIRED)
            return None
        # The path is spelled out for an error only: a large file reads many fields.
        try:
            return read(raw)
        except FieldError as error:
            self._errors.add(self.path_of(key), raw, error.reason)
            return None

    def values(self, key: str, read_item: Reader[T], *, required: bool = False) -> tuple[T, ...]:
        """A list field, each item read with ``read_item``; repeated results kept once."""
        raw = self._data.get(key)
        if _is_absent(raw) or raw == []:
            if required:
                self._errors.add(self.path_of(key), raw, _REQUIRED)
            return ()
        if not isinstance(raw, list):
            self._errors.add(self.path_of(key), raw, "must be a list")
            return ()
        found: dict[T, None] = {}
        for index, item in enumerate(raw):
            try:
                result = read_item(item)
            except FieldError as error:
                self._errors.add(f"{self.path_of(key)}[{index}]", item, error.reason)
                continue
            if result is not None:
                found.setdefault(result, None)
        return tuple(found)

    def mapping(self, key: str, fields: Collection[str]) -> MappingReader | None:
        """A nested mapping field; None when absent or not a mapping."""
        raw = self._data.get(key)
        if _is_absent(raw):
            return None
        return MappingReader.open(raw, self._errors, fields, self.path_of(key))

    def mappings(self, key: str, fields: Collection[str]) -> list[MappingReader]:
        """A list of nested mappings (e.g. ``sources``); items that are not mappings are errors."""
        path = self.path_of(key)
        raw = self._data.get(key)
        if _is_absent(raw):
            return []
        if not isinstance(raw, list):
            self._errors.add(path, raw, "must be a list")
            return []
        readers = []
        for index, item in enumerate(raw):
            reader = MappingReader.open(item, self._errors, fields, f"{path}[{index}]")
            if reader is not None:
                readers.append(reader)
        return readers

    def reject(self, key: str, value: object, reason: str) -> None:
        """Record an error found by a check across fields (e.g. end before start)."""
        self._errors.add(self.path_of(key), value, reason)
