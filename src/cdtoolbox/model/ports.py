"""Narrow seams for what must be injectable: time, identifiers, the actors a reader matches."""

from __future__ import annotations

import re
import unicodedata
import uuid
from datetime import UTC, datetime, timedelta
from typing import Protocol

from cdtoolbox.model.actor import ThreatActor

__all__ = [
    "ActorFinder",
    "Clock",
    "FixedClock",
    "IdFactory",
    "SequentialIds",
    "SystemClock",
    "UuidIds",
    "slugify",
]


class Clock(Protocol):
    def now(self) -> datetime: ...


class IdFactory(Protocol):
    def new_id(self, kind: str) -> str: ...


class ActorFinder(Protocol):
    """Finds a known threat actor by id, name or alias (``knowledge.ActorCatalogue`` does);
    the STIX and MISP readers match what they read against it.

    Raises :class:`~cdtoolbox.errors.InvalidInput` when a name is shared by several actors.
    """

    def find(self, name: str, field: str = "name") -> ThreatActor | None: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC).replace(microsecond=0)


class FixedClock:
    """A clock for tests and golden files: starts at ``start`` and ticks on every read."""

    def __init__(self, start: datetime, tick: timedelta = timedelta(seconds=1)) -> None:
        self._current = start
        self._tick = tick

    def now(self) -> datetime:
        current = self._current
        self._current += self._tick
        return current


class UuidIds:
    def new_id(self, kind: str) -> str:
        return str(uuid.uuid4())


class SequentialIds:
    """Deterministic UUID-shaped ids (uuid5 of kind and a counter) for byte-stable outputs."""

    _NAMESPACE = uuid.UUID("8c4a3f0e-7b6d-4d3e-9a1c-2f5e6d7c8b9a")

    def __init__(self) -> None:
        self._count = 0

    def new_id(self, kind: str) -> str:
        self._count += 1
        return str(uuid.uuid5(self._NAMESPACE, f"{kind}:{self._count}"))


_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 60) -> str:
    """A lowercase ASCII handle: ``"NotPetya (2017)" -> "notpetya-2017"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _NON_WORD.sub("-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "item"
