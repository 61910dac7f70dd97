"""Splitting long id lists so one statement never binds too many parameters."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

__all__ = ["BATCH_SIZE", "chunks"]

# Well below SQLite's (32766) and PostgreSQL's (65535) limits on bound parameters.
BATCH_SIZE = 500

T = TypeVar("T")


def chunks(values: Sequence[T], size: int = BATCH_SIZE) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
