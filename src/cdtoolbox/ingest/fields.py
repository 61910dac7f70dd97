"""Typed readers for single values, shared by incident documents, CSV rows and filters.

A reader takes one raw value as it came out of YAML, JSON, a CSV cell or a query string and
returns the domain value, or raises :class:`FieldError` with a reason that completes the
sentence "<value> …". The caller knows the field path and turns the reason into an
:class:`~cdtoolbox.errors.InvalidInput`.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import Enum
from typing import TypeVar

from cdtoolbox.errors import InvalidInput
from cdtoolbox.ingest.references import ReferenceResolver
from cdtoolbox.model import (
    MAX_IMPACT_FIGURE,
    RESERVED_INCIDENT_SLUGS,
    IncidentStatus,
    IncidentType,
    PartialDate,
    Tlp,
)
from cdtoolbox.model.sources import WEB_URL_RULE, is_web_url
from cdtoolbox.model.vocabulary import HIGHEST_REFUSED, Classification

__all__ = [
    "LONE_SURROGATE",
    "LONE_SURROGATE_REASON",
    "UNDATED_REASON",
    "FieldError",
    "Reader",
    "actor_reader",
    "choice_reader",
    "country_reader",
    "read_amount",
    "read_boolean",
    "read_classification",
    "read_full_date",
    "read_incident_slug",
    "read_incident_status",
    "read_incident_type",
    "read_partial_date",
    "read_slug",
    "read_text",
    "read_tlp",
    "read_url",
    "read_uuid",
    "read_whole_number",
    "sector_reader",
]

T = TypeVar("T")
E = TypeVar("E", bound=Enum)
Reader = Callable[[object], T]


class FieldError(ValueError):
    """Why one value cannot be read; the caller adds which field held it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


PARTIAL_DATE_FORMS = "is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"
_NOT_A_CALENDAR_DATE = "is not a real calendar date"
_ISO_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", re.ASCII)
_PARTIAL_DAY = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$", re.ASCII)
_WHOLE_NUMBER = re.compile(r"^[0-9]+$", re.ASCII)
_DECIMAL = re.compile(r"^([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$", re.ASCII)
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$", re.ASCII)
_TRUE_WORDS = frozenset({"true", "yes"})
_FALSE_WORDS = frozenset({"false", "no"})


LONE_SURROGATE = re.compile("[\ud800-\udfff]")
"""Half of a UTF-16 pair on its own, as a JSON ``"\\ud800"`` escape gives it: not a character,
and no UTF-8 encoder (the database drivers', the web server's) will write it."""
LONE_SURROGATE_REASON = "contains a lone UTF-16 surrogate (such as \\ud800), which is not text"


def read_text(value: object) -> str:
    """Non-empty text, without surrounding white space."""
    if not isinstance(value, str):
        raise FieldError("must be text")
    if LONE_SURROGATE.search(value):
        raise FieldError(LONE_SURROGATE_REASON)
    text = value.strip()
    if not text:
        raise FieldError("must not be empty")
    return text


#: An incident needs one date to be placed in time: the start (a year is enough) or, when the
#: start is unknown, the date it was disclosed.
UNDATED_REASON = (
    "is required unless `disclosed` is given: write the start (a year is enough), or the "
    "disclosure date when the start is unknown"
)


def read_partial_date(value: object) -> PartialDate:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; YAML's own dates and bare years too."""
    if isinstance(value, datetime):
        return PartialDate(value.date())
    if isinstance(value, date):
        return PartialDate(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:04d}" if 0 < value < 10_000 else str(value)
    if not isinstance(value, str) or not _PARTIAL_DAY.match(value.strip()):
        raise FieldError(PARTIAL_DATE_FORMS)
    try:
        return PartialDate.parse(value)
    except ValueError:
        raise FieldError(_NOT_A_CALENDAR_DATE) from None


def read_full_date(value: object) -> date:
    """A full calendar day, ``YYYY-MM-DD``."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DAY.match(value.strip()):
        raise FieldError("is not a date of the form YYYY-MM-DD")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise FieldError(_NOT_A_CALENDAR_DATE) from None


_TOO_LARGE = f"is too large (at most {MAX_IMPACT_FIGURE:,})"
# Longer digit strings are refused before int() spends time on them (and before Python's own
# limit on converting 4,300 digits raises a ValueError of its own).
_MAX_DIGITS = len(str(MAX_IMPACT_FIGURE)) + 20


def read_whole_number(value: object) -> int:
    """A count: 0, 1, 2… up to ``MAX_IMPACT_FIGURE`` (``200000``, ``"200000"``, ``2e5``)."""
    reason = "must be a whole number ≥ 0"
    if isinstance(value, bool):
        raise FieldError(reason)
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        if value > MAX_IMPACT_FIGURE:
            raise FieldError(_TOO_LARGE)
        value = int(value)
    if isinstance(value, str) and _WHOLE_NUMBER.match(value.strip()):
        if len(value.strip()) > _MAX_DIGITS:
            raise FieldError(_TOO_LARGE)
        value = int(value.strip())
    if not isinstance(value, int) or value < 0:
        raise FieldError(reason)
    if value > MAX_IMPACT_FIGURE:
        raise FieldError(_TOO_LARGE)
    return value


def read_amount(value: object) -> float:
    """A non-negative quantity such as US dollars or hours, up to ``MAX_IMPACT_FIGURE``."""
    reason = "must be a number ≥ 0"
    if isinstance(value, bool):
        raise FieldError(reason)
    if isinstance(value, str) and _DECIMAL.match(value.strip()):
        value = float(value.strip())
    if not isinstance(value, int | float):
        raise FieldError(reason)
    if isinstance(value, int) and value > MAX_IMPACT_FIGURE:
        raise FieldError(_TOO_LARGE)  # before float(), which fails beyond 10**308
    amount = float(value)
    if math.isnan(amount) or amount < 0:
        raise FieldError(reason)
    if amount > MAX_IMPACT_FIGURE:
        raise FieldError(_TOO_LARGE)
    return amount


def read_boolean(value: object) -> bool:
    """``true``/``false`` (``yes``/``no`` accepted as text)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    raise FieldError("must be true or false")


def read_url(value: object) -> str:
    """An absolute ``http`` or ``https`` address."""
    text = read_text(value)
    if not is_web_url(text):
        raise FieldError(WEB_URL_RULE)
    return text


def read_uuid(value: object) -> str:
    """A UUID, written in its canonical lowercase form."""
    text = read_text(value)
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise FieldError("is not a UUID") from None


def read_slug(value: object) -> str:
    """A readable handle such as ``wannacry-2017``."""
    text = read_text(value)
    if not _SLUG.match(text):
        raise FieldError("is not a slug (lowercase letters, digits and single hyphens)")
    return text


def read_incident_slug(value: object) -> str:
    """An incident's handle: a slug that is not one of ``RESERVED_INCIDENT_SLUGS``."""
    text = read_slug(value)
    if text in RESERVED_INCIDENT_SLUGS:
        raise FieldError("is reserved: it names a page, not an incident (choose another slug)")
    return text


def _vocabulary_word(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        return None
    return "-".join(value.strip().lower().replace("_", " ").split())


def choice_reader(
    vocabulary: type[E],
    *,
    aliases: Mapping[str, E] | None = None,
    normalise: Callable[[object], str | None] = _vocabulary_word,
) -> Reader[E]:
    """A reader for one value of a closed vocabulary, case-insensitive."""
    known: dict[str, E] = {str(member.value): member for member in vocabulary}
    known.update(aliases or {})
    reason = "is not one of: " + ", ".join(str(member.value) for member in vocabulary)

    def read(value: object) -> E:
        word = normalise(value)
        if word is None or word not in known:
            raise FieldError(reason)
        return known[word]

    return read


def _tlp_word(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    word = value.strip().lower()
    word = word.removeprefix("tlp:").strip()
    # a '+' in a query string arrives as a space ("amber strict")
    return "+".join(word.split())


# TLP 1.0 said WHITE for what TLP 2.0 calls CLEAR; old reports and feeds still say white.
read_tlp: Reader[Tlp] = choice_reader(Tlp, aliases={"white": Tlp.CLEAR}, normalise=_tlp_word)
read_incident_type: Reader[IncidentType] = choice_reader(IncidentType)

# The spellings a classification arrives in, hyphens read as spaces: this system's values, the
# markings in either language, and the MISP ``euci`` taxonomy's predicates ("euci:R-UE/EU-R").
_LEVEL_WORDS: dict[str, Classification | None] = {
    "unclassified": None,
    **{
        word: level
        for level, words in {
            Classification.RESTREINT_UE: ("restreint ue", "eu restricted", "r ue", "eu r"),
            Classification.CONFIDENTIEL_UE: ("confidentiel ue", "eu confidential", "c ue", "eu c"),
            Classification.SECRET_UE: ("secret ue", "eu secret", "s ue", "eu s"),
        }.items()
        for word in words
    },
}
_REFUSED_WORDS = frozenset({"tres secret ue", "très secret ue", "eu top secret", "ts ue", "eu ts"})
_LEVEL_REASON = "is not one of: unclassified, " + ", ".join(level.value for level in Classification)
_REFUSED_REASON = (
    f"is {HIGHEST_REFUSED}: this system is not accredited for it and refuses it; "
    f"the highest level it holds is {Classification.SECRET_UE.label}"
)


def read_classification(value: object) -> Classification | None:
    """An EU classification level (None: unclassified); TRÈS SECRET UE is refused by name."""
    if not isinstance(value, str):
        raise FieldError(_LEVEL_REASON)
    word = value.strip().lower().removeprefix("euci:").replace("_", " ").replace("-", " ")
    # "RESTREINT UE/EU RESTRICTED", "R-UE/EU-R": either half names the level.
    halves = [" ".join(half.split()) for half in word.split("/")]
    if any(half in _REFUSED_WORDS for half in halves):
        raise FieldError(_REFUSED_REASON)
    for half in halves:
        if half in _LEVEL_WORDS:
            return _LEVEL_WORDS[half]
    raise FieldError(_LEVEL_REASON)
    word = value.strip().lower().removeprefix("euci:").strip()
    # "RESTREINT UE/EU RESTRICTED", "R-UE/EU-R": either half names the level.
    halves = [" ".join(half.replace("_", " ").split()) for half in word.split("/")]
    halves = [half.replace(" ", "-") if "-" in half else half for half in halves]
    for half in halves:
        spaced = half.replace("-", " ") if half not in _LEVEL_WORDS else half
        if half in _REFUSED_WORDS or spaced in _REFUSED_WORDS:
            raise FieldError(_REFUSED_REASON)
        for candidate in (half, spaced):
            if candidate in _LEVEL_WORDS:
                return _LEVEL_WORDS[candidate]
    raise FieldError(_LEVEL_REASON)


read_incident_status: Reader[IncidentStatus] = choice_reader(IncidentStatus)


def country_reader(resolver: ReferenceResolver) -> Reader[str]:
    """A reader turning a country code or name into ISO 3166-1 alpha-2."""

    def read(value: object) -> str:
        code = resolver.country_code(read_text(value))
        if code is None:
            raise FieldError("is not an ISO 3166 country code or name")
        return code

    return read


def sector_reader(resolver: ReferenceResolver) -> Reader[str]:
    """A reader turning a sector id or name into its sector id."""

    def read(value: object) -> str:
        sector = resolver.sector_id(read_text(value))
        if sector is None:
            raise FieldError("is not a known sector id or name")
        return sector

    return read


def actor_reader(resolver: ReferenceResolver) -> Reader[str]:
    """A reader turning a threat actor's name or alias into its id."""

    def read(value: object) -> str:
        try:
            actor = resolver.actor_id(read_text(value))
        except InvalidInput as ambiguous:
            raise FieldError(ambiguous.reason) from None
        if actor is None:
            raise FieldError("is not a known threat actor name or alias")
        return actor

    return read
