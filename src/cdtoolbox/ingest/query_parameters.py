"""User-typed filter values → the canonical :class:`IncidentFilter`, and the one declaration
of the incident filters.

:data:`INCIDENT_FILTERS` names each filter once: its parameter name, its help sentence, an
example, whether it may be repeated, how a typed value is read and which :class:`IncidentFilter`
field it fills. The CLI renders it into Typer options (``--victim-country``), the API into
query parameters (``victim_country``), and :func:`read_incident_filter` reads the values every
interface receives with it, so every interface answers the same question the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

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
from cdtoolbox.model import IncidentFilter, IncidentSort, IncidentType, Tlp

__all__ = [
    "FILTER_PARAMETERS",
    "INCIDENT_FILTERS",
    "PERIOD_PARAMETERS",
    "FilterParameter",
    "read_incident_filter",
    "read_incident_sort",
]

T = TypeVar("T")
ParameterValue = str | Sequence[str] | None


@dataclass(frozen=True, slots=True)
class FilterParameter:
    """One incident filter as every interface offers it.

    ``name`` is the query parameter; the CLI option is the same word with hyphens
    (``victim_country`` ↔ ``--victim-country``). ``help`` is one sentence without the
    repetition rule, which each interface words in its own way from ``repeatable``.
    ``reader`` makes the parser of one typed value; it is given the resolver because names of
    countries, sectors and actors are resolved against the reader's knowledge.
    """

    name: str
    field: str
    help: str
    example: str
    repeatable: bool
    reader: Callable[[ReferenceResolver], Reader[Any]]

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")


def _fixed(read: Reader[Any]) -> Callable[[ReferenceResolver], Reader[Any]]:
    return lambda _resolver: read


def _first_day(value: object) -> date:
    return read_partial_date(value).earliest


def _last_day(value: object) -> date:
    return read_partial_date(value).latest


def _choices(vocabulary: type[IncidentType] | type[Tlp]) -> str:
    return ", ".join(member.value for member in vocabulary)


_PERIOD = "YYYY, YYYY-MM or YYYY-MM-DD"

INCIDENT_FILTERS: tuple[FilterParameter, ...] = (
    FilterParameter(
        "type",
        "types",
        f"Incident type: {_choices(IncidentType)}",
        "ransomware",
        repeatable=True,
        reader=_fixed(read_incident_type),
    ),
    FilterParameter(
        "since",
        "since",
        f"Active on or after {_PERIOD} (the first day of the period)",
        "2015",
        repeatable=False,
        reader=_fixed(_first_day),
    ),
    FilterParameter(
        "until",
        "until",
        f"Active on or before {_PERIOD} (the last day of the period)",
        "2017",
        repeatable=False,
        reader=_fixed(_last_day),
    ),
    FilterParameter(
        "victim_country",
        "victim_countries",
        "Victim country, ISO code or name",
        "UA",
        repeatable=True,
        reader=country_reader,
    ),
    FilterParameter(
        "sector",
        "sectors",
        "Victim sector id or name, sub-sectors included",
        "energy",
        repeatable=True,
        reader=sector_reader,
    ),
    FilterParameter(
        "actor",
        "actor_ids",
        "Threat actor, by any name or alias",
        "APT28",
        repeatable=True,
        reader=actor_reader,
    ),
    FilterParameter(
        "sponsor",
        "sponsors",
        "Suspected sponsor state, ISO code or name: an actor's sponsor or an attributed state",
        "RU",
        repeatable=True,
        reader=country_reader,
    ),
    FilterParameter(
        "tlp",
        "tlp",
        f"TLP marking: {_choices(Tlp)}",
        "clear",
        repeatable=True,
        reader=_fixed(read_tlp),
    ),
    FilterParameter(
        "text",
        "text",
        "Full-text search in titles, summaries, organisations, sources and actor names: every "
        "word must appear (word endings are ignored, and so are English stop words such as "
        "`the` or `of`)",
        "centrifuge",
        repeatable=False,
        reader=_fixed(read_text),
    ),
)

FILTER_PARAMETERS = tuple(parameter.name for parameter in INCIDENT_FILTERS)

#: The time range the dashboard, its map and the incident list share: the incident filters
#: that bound the period, under their one spelling and meaning.
PERIOD_PARAMETERS = tuple(p.name for p in INCIDENT_FILTERS if p.field in ("since", "until"))

_read_sort = choice_reader(IncidentSort)


def read_incident_filter(
    params: Mapping[str, ParameterValue],
    resolver: ReferenceResolver,
    accepted: Sequence[str] = FILTER_PARAMETERS,
) -> IncidentFilter:
    """The filter the parameters ask for, every value in canonical form.

    Parameter names are those of ``accepted`` (every filter unless a view offers fewer, as the
    dashboard offers :data:`PERIOD_PARAMETERS`); anything else is refused, so a misspelt
    filter never silently widens a result. A repeatable parameter may be given
    several times (values combine with OR); blank values are ignored, as empty form fields
    send them. ``since`` means the first day of the period typed (``2017`` → 2017-01-01),
    ``until`` its last (``2017-05`` → 2017-05-31). Raises :class:`InvalidInput` (entity
    ``filter``) for the first wrong value.
    """
    for name in params:
        if name not in accepted:
            reason = unknown_name_reason(name, accepted, "filter")
            raise InvalidInput("filter", name, name, reason)
    fields: dict[str, Any] = {}
    for parameter in INCIDENT_FILTERS:
        values = _given(params.get(parameter.name))
        read = parameter.reader(resolver)
        if parameter.repeatable:
            fields[parameter.field] = _each(parameter.name, values, read)
        else:
            fields[parameter.field] = _once(parameter.name, values, read)
    since, until = fields["since"], fields["until"]
    if since is not None and until is not None and until < since:
        typed_since, typed_until = _given(params.get("since"))[0], _given(params.get("until"))[0]
        raise InvalidInput("filter", "until", typed_until, f"is before since ({typed_since})")
    return IncidentFilter(**fields)


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
