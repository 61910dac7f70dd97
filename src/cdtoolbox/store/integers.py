"""Integers a caller hands the store for a query: checked against what a column can hold.

Versions, sequence numbers and limits are bound as SQL parameters into signed 64-bit
columns. A larger Python integer does not compare as "no such row": the database driver
fails to bind it (SQLite raises OverflowError, PostgreSQL an out-of-range error), which
would surface as an internal error. Every such number a caller can choose is checked here,
so it is refused as input naming the parameter, whichever interface it came through.
"""

from __future__ import annotations

from typing import Final

from cdtoolbox.errors import InvalidInput

__all__ = ["MAX_STORED_INTEGER", "check_count", "check_version"]

MAX_STORED_INTEGER: Final = 2**63 - 1
"""The largest value of a signed 64-bit column (SQLite INTEGER, PostgreSQL BIGINT)."""


def check_version(entity: str, expected_version: int) -> None:
    """An ``expected_version`` the store can compare and increment (it writes version + 1)."""
    if isinstance(expected_version, bool) or not isinstance(expected_version, int):
        raise InvalidInput(entity, "expected_version", expected_version, "must be a whole number")
    if not 0 <= expected_version < MAX_STORED_INTEGER:
        raise InvalidInput(
            entity,
            "expected_version",
            expected_version,
            f"is not a version number (0 to {MAX_STORED_INTEGER - 1})",
        )


def check_count(entity: str, field: str, value: int) -> None:
    """A sequence number or limit: a whole number from 0 to ``MAX_STORED_INTEGER``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(entity, field, value, "must be a whole number")
    if not 0 <= value <= MAX_STORED_INTEGER:
        raise InvalidInput(
            entity, field, value, f"must be a whole number from 0 to {MAX_STORED_INTEGER}"
        )
