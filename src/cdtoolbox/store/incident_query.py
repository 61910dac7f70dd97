"""An ``IncidentFilter`` and ``IncidentSort`` as SQL: the WHERE conditions and the order."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, Text, and_, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model import IncidentFilter, IncidentSort
from cdtoolbox.model.vocabulary import Classification
from cdtoolbox.store.pagination import SortKey
from cdtoolbox.store.schema import (
    actors,
    incident_actors,
    incident_attributed_states,
    incident_sectors,
    incident_types,
    incident_victim_countries,
    incidents,
)
from cdtoolbox.store.text_search import TextSearch, search_terms

__all__ = ["SORT_KEYS", "filter_conditions"]

SORT_KEYS: dict[IncidentSort, SortKey] = {
    IncidentSort.START_DESC: SortKey(
        IncidentSort.START_DESC.value,
        incidents.c.start_date,
        incidents.c.id,
        descending=True,
        nullable=True,
        decode=date.fromisoformat,
    ),
    IncidentSort.START_ASC: SortKey(
        IncidentSort.START_ASC.value,
        incidents.c.start_date,
        incidents.c.id,
        nullable=True,
        decode=date.fromisoformat,
    ),
    IncidentSort.TITLE: SortKey(IncidentSort.TITLE.value, incidents.c.title, incidents.c.id),
    IncidentSort.UPDATED_DESC: SortKey(
        IncidentSort.UPDATED_DESC.value,
        incidents.c.updated_at,
        incidents.c.id,
        descending=True,
        nullable=True,
        decode=datetime.fromisoformat,
    ),
}


def _listed_in(table: Table, condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """Incidents with at least one row in ``table`` meeting ``condition``."""
    ids: Select[tuple[str]] = select(table.c.incident_id).where(condition)
    return incidents.c.id.in_(ids)


class _CodeOrder(FunctionElement[str]):
    """A text column compared code point by code point, whatever the database's collation."""

    type = Text()
    inherit_cache = True


@compiles(_CodeOrder)
def _code_order(element: _CodeOrder, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)  # SQLite's BINARY collation already is


@compiles(_CodeOrder, "postgresql")
def _code_order_postgresql(element: _CodeOrder, compiler: SQLCompiler, **kw: Any) -> str:
    return f'({compiler.process(element.clauses, **kw)}) COLLATE "C"'


def _in_sector(sector: str) -> ColumnElement[bool]:
    """The sector and its sub-sectors (``energy`` and ``energy.electricity``). Sub-sectors are
    a range of ids, ``energy.`` < id < ``energy/`` (``/`` follows ``.``), which SQLite reads
    from the index; a LIKE prefix scanned the whole table."""
    column = incident_sectors.c.sector
    ordered = _CodeOrder(column)
    return or_(column == sector, and_(ordered > sector + ".", ordered < sector + "/"))


def filter_conditions(query: IncidentFilter, text_search: TextSearch) -> list[ColumnElement[bool]]:
    """The WHERE conditions for ``query`` (AND across filters, OR within one)."""
    if query.since and query.until and query.since > query.until:
        raise InvalidInput(
            "query", "since", query.since.isoformat(), f"is after `until` ({query.until})"
        )
    conditions: list[ColumnElement[bool]] = []
    if query.types:
        values = [kind.value for kind in query.types]
        conditions.append(_listed_in(incident_types, incident_types.c.type.in_(values)))
    if query.since or query.until:
        conditions.append(incidents.c.start_date.is_not(None))
    if query.since:
        conditions.append(incidents.c.end_date >= query.since)
    if query.until:
        conditions.append(incidents.c.start_date <= query.until)
    if query.victim_countries:
        countries = incident_victim_countries.c.country.in_(query.victim_countries)
        conditions.append(_listed_in(incident_victim_countries, countries))
    if query.sectors:
        sectors = or_(*(_in_sector(sector) for sector in query.sectors))
        conditions.append(_listed_in(incident_sectors, sectors))
    if query.actor_ids:
        named = incident_actors.c.actor_id.in_(query.actor_ids)
        conditions.append(_listed_in(incident_actors, named))
    if query.sponsors:
        conditions.append(_sponsored_by(query.sponsors))
    if query.tlp:
        conditions.append(incidents.c.tlp.in_([marking.value for marking in query.tlp]))
    if query.max_tlp is not None:
        conditions.append(incidents.c.tlp_rank <= query.max_tlp.rank)
    # Always applied: an unset classification clearance shows unclassified incidents only.
    conditions.append(
        incidents.c.classification_rank <= Classification.rank_of(query.max_classification)
    )
    terms = search_terms(query.text)
    if terms:
        conditions.append(incidents.c.id.in_(text_search.matching_ids(terms)))
    return conditions


def _sponsored_by(states: tuple[str, ...]) -> ColumnElement[bool]:
    """Incidents linked to an actor sponsored by one of ``states``, or attributed to one."""
    via_actor = (
        select(incident_actors.c.incident_id)
        .join(actors, actors.c.id == incident_actors.c.actor_id)
        .where(actors.c.sponsor.in_(states))
    )
    via_attribution = incident_attributed_states.c.state.in_(states)
    return or_(
        incidents.c.id.in_(via_actor),
        _listed_in(incident_attributed_states, via_attribution),
    )
