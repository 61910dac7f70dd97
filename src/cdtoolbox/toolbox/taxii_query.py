"""The URL parameters of TAXII 2.1 read requests (``added_after``, ``limit``, ``next`` and
``match[...]``, TAXII 2.1 section 3.4) read into a query, and the ``next`` tokens.

A ``next`` token names the ``date_added`` of the last version a page returned, nothing else:
the server keeps no paging state, and a token stays valid however many versions are added
after it was given out. Malformed parameters are :class:`InvalidInput` (TAXII answers 400).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Final

from cdtoolbox.errors import InvalidInput
from cdtoolbox.formats.stix.timestamps import parse_timestamp
from cdtoolbox.model import Tlp
from cdtoolbox.model.exchange import stix_sort_key
from cdtoolbox.model.taxii import TaxiiObjectQuery, VersionMatch

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MATCH_FIELDS",
    "MAX_PAGE_SIZE",
    "next_token",
    "read_query",
]

DEFAULT_PAGE_SIZE: Final = 1000
MAX_PAGE_SIZE: Final = 10_000

# The match fields each kind of request understands (TAXII 2.1 sections 5.3, 5.4, 5.6, 5.8).
MATCH_FIELDS: Final = {
    "objects": frozenset({"id", "type", "version", "spec_version"}),
    "manifest": frozenset({"id", "type", "version", "spec_version"}),
    "object": frozenset({"version", "spec_version"}),
    "versions": frozenset({"spec_version"}),
    "delete": frozenset({"version", "spec_version"}),
}

_ENTITY = "TAXII request"
# Bounds on the values of one match field: each type is a range of its own in the query.
_MAX_VALUES: Final = 1000
_MAX_TYPES: Final = 100
_TOKEN_PREFIX = "a1."
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_KEYWORDS = frozenset({"last", "first", "all"})
_TIMESTAMP_FORM = "is not a timestamp (YYYY-MM-DDTHH:MM:SS.ssssssZ, in UTC)"


def next_token(date_added: datetime) -> str:
    """The opaque ``next`` value of a page whose last version was added at ``date_added``."""
    microseconds = (date_added.astimezone(UTC) - _EPOCH) // timedelta(microseconds=1)
    return base64.urlsafe_b64encode(f"{_TOKEN_PREFIX}{microseconds}".encode()).decode().rstrip("=")


def read_query(
    parameters: Mapping[str, Sequence[str]], kind: str, *, max_tlp: Tlp
) -> TaxiiObjectQuery:
    """The query ``parameters`` (each name with every value given) ask of a ``kind`` of
    request ("objects", "manifest", "object", "versions" or "delete"), limited to
    ``max_tlp``. Without ``match[version]``, reads ask for the latest version and a delete
    for every version.

    Match fields this kind of request does not take, and unknown parameters, are ignored,
    as TAXII allows.
    """
    fields = MATCH_FIELDS[kind]
    after = _later(_added_after(parameters), _position(parameters))
    match = {name: _values(parameters, f"match[{name}]") for name in fields}
    return TaxiiObjectQuery(
        max_tlp=max_tlp,
        limit=_limit(parameters),
        after=after,
        ids=match.get("id", ()),
        types=tuple(dict.fromkeys(match.get("type", ()))),
        spec_versions=match.get("spec_version", ()),
        versions=_version_match(match["version"], every_by_default=kind == "delete")
        if "version" in match
        else VersionMatch(last=False, every=True),
    )


def _single(parameters: Mapping[str, Sequence[str]], name: str) -> str | None:
    values = parameters.get(name, ())
    if len(values) > 1:
        raise InvalidInput(_ENTITY, name, ", ".join(values), "may be given only once")
    return values[0] if values else None


def _values(parameters: Mapping[str, Sequence[str]], name: str) -> tuple[str, ...]:
    text = _single(parameters, name)
    if text is None:
        return ()
    values = tuple(text.split(","))
    if any(not value for value in values):
        raise InvalidInput(_ENTITY, name, text, "has an empty value (separate values by commas)")
    most = _MAX_TYPES if name == "match[type]" else _MAX_VALUES
    if len(values) > most:
        raise InvalidInput(_ENTITY, name, f"{len(values)} values", f"may list at most {most}")
    return values


def _added_after(parameters: Mapping[str, Sequence[str]]) -> datetime | None:
    text = _single(parameters, "added_after")
    if text is None:
        return None
    moment = parse_timestamp(text)
    if moment is None:
        raise InvalidInput(_ENTITY, "added_after", text, _TIMESTAMP_FORM)
    return moment


def _position(parameters: Mapping[str, Sequence[str]]) -> datetime | None:
    token = _single(parameters, "next")
    if not token:
        return None
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
        if not text.startswith(_TOKEN_PREFIX):
            raise ValueError(text)
        microseconds = int(text[len(_TOKEN_PREFIX) :])
        if microseconds < 0:
            raise ValueError(text)
        return _EPOCH + timedelta(microseconds=microseconds)
    except (ValueError, binascii.Error, OverflowError, UnicodeDecodeError):
        raise InvalidInput(
            _ENTITY, "next", token, "is not a `next` value this server gave out"
        ) from None


def _later(first: datetime | None, second: datetime | None) -> datetime | None:
    if first is None or second is None:
        return first or second
    return max(first, second)


def _limit(parameters: Mapping[str, Sequence[str]]) -> int:
    text = _single(parameters, "limit")
    if text is None:
        return DEFAULT_PAGE_SIZE
    if not text.isascii() or not text.isdigit() or not text.strip("0"):
        raise InvalidInput(_ENTITY, "limit", text, "must be a whole number greater than zero")
    # A larger limit is allowed: the page is cut at the server's size, with `more` set. Beyond
    # 20 digits int() would refuse the text with an error of its own, so it is not asked.
    if len(text.lstrip("0")) > 20:
        return MAX_PAGE_SIZE
    return min(int(text), MAX_PAGE_SIZE)


def _version_match(values: tuple[str, ...], *, every_by_default: bool) -> VersionMatch:
    if not values:
        return VersionMatch(last=False, every=True) if every_by_default else VersionMatch()
    if len(set(values)) != len(values):
        raise InvalidInput(_ENTITY, "match[version]", ",".join(values), "repeats a value")
    if "all" in values:
        if len(values) > 1:
            raise InvalidInput(
                _ENTITY, "match[version]", ",".join(values), "cannot combine `all` with others"
            )
        return VersionMatch(last=False, every=True)
    timestamps: list[str] = []
    for value in values:
        if value in _KEYWORDS:
            continue
        if parse_timestamp(value) is None:
            raise InvalidInput(
                _ENTITY,
                "match[version]",
                value,
                "is neither `last`, `first`, `all` nor a STIX timestamp",
            )
        timestamps.append(stix_sort_key(value))
    return VersionMatch(
        last="last" in values, first="first" in values, timestamps=tuple(timestamps)
    )
