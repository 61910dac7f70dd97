"""User-typed filter values → the canonical :class:`IncidentFilter`.

The one place where ``--victim-country Ukraine`` (CLI) and ``?victim_country=UA`` (API,
pages) become the same filter, so every interface answers the same question the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

from cdtoolbox.errors import InvalidInput
from cdtoolbox.ingest.fields import (
    FieldError,
    Reader,
    actor_reader,
    choice_reader,
    country_reader,
    read_incident_type,
    read_partial_date,
    read_text,
    read_tlp,
    sector_reader,
)
from cdtoolbox.ingest.record import unknown_name_reason
from cdtoolbox.ingest.references import ReferenceResolver
from cdtoolbox.model import IncidentFilter, IncidentSort

__all__ = ["FILTER_PARAMETERS", "read_incident_filter", "read_incident_sort"]

FILTER_PARAMETERS = (
    "type",
    "since",
    "until",
    "victim_country",
    "sector",
    "actor",
    "sponsor",
    "tlp",
    "text",
)

T = TypeVar("T")
ParameterValue = str | Sequence[str] | None

_read_sort = choice_reader(IncidentSort)


def read_incident_filter(
    params: Mapping[str, ParameterValue], resolver: ReferenceResolver
) -> IncidentFilter:
    """The filter the parameters ask for, every value in canonical form.

    Parameter names are those of :data:`FILTER_PARAMETERS`; anything else is refused, so a
    misspelt filter never silently widens a result. A parameter may be given several times
    (values combine with OR); blank values are ignored, as empty form fields send them.
    ``since`` means the first day of the period typed (``2017`` → 2017-01-01), ``until``
    its last (``2017-05`` → 2017-05-31). Raises :class:`InvalidInput` (entity ``filter``)
    for the first wrong value.
    """
    for name in params:
        if name not in FILTER_PARAMETERS:
            reason = unknown_name_reason(name, FILTER_PARAMETERS, "filter")
            raise InvalidInput("filter", name, name, reason)
    given = {name: _given(params.get(name)) for name in FILTER_PARAMETERS}
    since = _once("since", given["since"], read_partial_date)
    until = _once("until", given["until"], read_partial_date)
    if since is not None and until is not None and until.latest < since.earliest:
        raise InvalidInput("filter", "until", str(until), f"is before since ({since})")
    text = _once("text", given["text"], read_text)
    return IncidentFilter(
        types=_each("type", given["type"], read_incident_type),
        since=since.earliest if since is not None else None,
        until=until.latest if until is not None else None,
        victim_countries=_each("victim_country", given["victim_country"], country_reader(resolver)),
        sectors=_each("sector", given["sector"], sector_reader(resolver)),
        actor_ids=_each("actor", given["actor"], actor_reader(resolver)),
        sponsors=_each("sponsor", given["sponsor"], country_reader(resolver)),
        tlp=_each("tlp", given["tlp"], read_tlp),
        text=text,
    )


def read_incident_sort(text: str | None) -> IncidentSort:
    """The sort order typed (``-start``, ``start``, ``title``, ``-updated``).

    Blank means the default order, newest first.
    """
    if text is None or not text.strip():
        return IncidentSort.START_DESC
    try:
        return _read_sort(text)
    except FieldError as error:
        raise InvalidInput("filter", "sort", text, error.reason) from None


def _given(value: ParameterValue) -> list[str]:
    values = [value] if isinstance(value, str) else list(value or ())
    return [item for item in values if item.strip()]


def _read(name: str, value: str, read: Reader[T]) -> T:
    try:
        return read(value)
    except FieldError as error:
        raise InvalidInput("filter", name, value, error.reason) from None


def _each(name: str, values: list[str], read: Reader[T]) -> tuple[T, ...]:
    return tuple(dict.fromkeys(_read(name, value, read) for value in values))


def _once(name: str, values: list[str], read: Reader[T]) -> T | None:
    if len(values) > 1:
        raise InvalidInput("filter", name, values, "may be given only once")
    return _read(name, values[0], read) if values else None
