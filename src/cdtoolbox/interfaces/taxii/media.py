"""TAXII 2.1 content negotiation (TAXII 2.1 section 1.6.8): the one media type we speak.

A request is answered when its ``Accept`` header names ``application/taxii+json`` without a
version or with version 2.1; anything else is refused with 406. A POST body must be
declared the same way in ``Content-Type``, or it is refused with 415.
"""

from __future__ import annotations

from typing import Final

__all__ = ["TAXII_MEDIA_TYPE", "accepts_taxii", "is_taxii"]

TAXII_MEDIA_TYPE: Final = "application/taxii+json;version=2.1"
_TYPE: Final = "application/taxii+json"
_VERSION: Final = "2.1"


def accepts_taxii(accept: str | None) -> bool:
    """Whether an ``Accept`` header admits TAXII 2.1 JSON."""
    if not accept:
        return False
    return any(_is_taxii_range(item, ranged=True) for item in accept.split(","))


def is_taxii(content_type: str | None) -> bool:
    """Whether a ``Content-Type`` header declares TAXII 2.1 JSON."""
    return bool(content_type) and _is_taxii_range(content_type or "", ranged=False)


def _is_taxii_range(item: str, *, ranged: bool) -> bool:
    kind, *parameters = (part.strip() for part in item.split(";"))
    if kind.lower() != _TYPE:
        return False
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        name, value = name.strip().lower(), value.strip().strip('"')
        if name == "version" and value != _VERSION:
            return False
        if ranged and name == "q" and _weight(value) == 0:
            return False
    return True


def _weight(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return 1.0
