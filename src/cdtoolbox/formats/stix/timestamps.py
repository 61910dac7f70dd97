"""STIX timestamps: ``YYYY-MM-DDTHH:MM:SS[.s+]Z``, always UTC (STIX 2.1 section 3.2).

Reading is the hot path of a large import, so the canonical form is matched by one regular
expression and converted by ``datetime.fromisoformat``; nothing else is accepted.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Final

__all__ = ["TIMESTAMP_FORM", "format_timestamp", "parse_timestamp"]

TIMESTAMP_FORM: Final = "is not a STIX timestamp (YYYY-MM-DDTHH:MM:SS[.fraction]Z, in UTC)"

_TIMESTAMP = re.compile(
    r"^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})(?:\.([0-9]+))?Z$", re.ASCII
)


def parse_timestamp(text: object) -> datetime | None:
    """The moment a STIX timestamp names (aware, UTC), or None when it is not one.

    Fractions finer than a microsecond are cut: Python cannot hold them.
    """
    if not isinstance(text, str):
        return None
    if len(text) == 24 and text[10] == "T" and text[19] == "." and text[23] == "Z":
        # The canonical millisecond form almost every producer writes, read in C.
        if text.isascii() and text[20:23].isdigit():
            try:
                return datetime.fromisoformat(text)
            except ValueError:
                return None
        return None
    match = _TIMESTAMP.match(text)
    if match is None:
        return None
    seconds, fraction = match.groups()
    try:
        moment = datetime.fromisoformat(seconds)
    except ValueError:  # well formed but not a calendar moment (2021-02-30, 25:00)
        return None
    if fraction:
        moment = moment.replace(microsecond=int(fraction[:6].ljust(6, "0")))
    return moment.replace(tzinfo=UTC)


def format_timestamp(moment: datetime) -> str:
    """A STIX timestamp, to the millisecond unless the moment is finer."""
    utc = moment.astimezone(UTC) if moment.tzinfo else moment
    base = utc.strftime("%Y-%m-%dT%H:%M:%S")
    if utc.microsecond % 1000:
        return f"{base}.{utc.microsecond:06d}Z"
    return f"{base}.{utc.microsecond // 1000:03d}Z"
