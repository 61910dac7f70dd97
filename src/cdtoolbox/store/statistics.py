"""Counts over the stored incidents for the dashboard: by year and type, by victim country,
by suspected sponsor state and by actor — aggregated in SQL, so a dashboard over tens of
thousands of incidents reads a few hundred rows, not the incidents.

Every count is a number of *incidents*: an incident with two types counts once under each
type, and once under its year of start (undated incidents are counted apart).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    Table,
    extract,
    func,
    select,
    union,
)

from cdtoolbox.model import IncidentFilter, Tlp
from cdtoolbox.model.statistics import (
    Count,
    IncidentCoverage,
    IncidentStatistics,
    YearTypeCount,
)
from cdtoolbox.model.vocabulary import Classification
from cdtoolbox.store.incident_query import filter_conditions
from cdtoolbox.store.schema import (
    actors,
    incident_actors,
    incident_attributed_states,
    incident_sectors,
    incident_types,
    incident_victim_countries,
    incidents,
)
from cdtoolbox.store.text_search import TextSearch

__all__ = ["StatisticsRepository"]

_Query = Select[*tuple[Any, ...]]  # a SELECT of any columns

_BY_RANK = {tlp.rank: tlp for tlp in Tlp}


class StatisticsRepository:
    """Aggregate queries over the incidents visible in one transaction."""

    def __init__(self, connection: Connection, text_search: TextSearch) -> None:
        self._connection = connection
        self._text_search = text_search

    def summary(self, query: IncidentFilter, *, top: int = 10) -> IncidentStatistics:
        conditions = filter_conditions(query, self._text_search)
        matching = select(incidents.c.id).where(*conditions)

        total = self._scalar(select(func.count()).select_from(incidents).where(*conditions))
        undated = self._scalar(
            select(func.count())
            .select_from(incidents)
            .where(incidents.c.start_date.is_(None), *conditions)
        )
        # Years come from the (start_date, id) index alone; DISTINCT keeps SQLite from
        # folding the subquery into the join and reading every incident row for its date.
        dated = (
            select(incidents.c.id, extract("year", incidents.c.start_date).label("year"))
            .where(incidents.c.start_date.is_not(None), *conditions)
            .distinct()
            .subquery()
        )
        by_year_and_type = tuple(
            YearTypeCount(int(row.year), row.type, int(row.incidents))
            for row in self._connection.execute(
                select(dated.c.year, incident_types.c.type, func.count().label("incidents"))
                .join(incident_types, incident_types.c.incident_id == dated.c.id)
                .group_by(dated.c.year, incident_types.c.type)
                .order_by(dated.c.year, incident_types.c.type)
            )
        )
        restricted = matching if conditions else None
        # An actor above the clearance the query is made for is neither named nor lends its
        # suspected sponsor, as on every other read of actors.
        shown = actors.c.tlp_rank <= (query.max_tlp.rank if query.max_tlp else Tlp.RED.rank)
        by_type = self._count_by(incident_types, incident_types.c.type, restricted)
        by_country = self._count_by(
            incident_victim_countries, incident_victim_countries.c.country, restricted
        )
        return IncidentStatistics(
            total=total,
            undated=undated,
            by_year_and_type=by_year_and_type,
            by_type=by_type,
            by_victim_country=by_country,
            by_sponsor=self._sponsors(restricted, top, shown),
            by_actor=self._actors(restricted, top, shown),
        )

    def coverage(self, query: IncidentFilter) -> IncidentCoverage:
        """The sectors, the highest marking and the latest change of the matching incidents."""
        conditions = filter_conditions(query, self._text_search)
        restricted = select(incidents.c.id).where(*conditions) if conditions else None
        extent = self._connection.execute(
            select(func.max(incidents.c.tlp_rank), func.max(incidents.c.updated_at)).where(
                *conditions
            )
        ).one()
        rank, updated = extent
        return IncidentCoverage(
            by_sector=self._count_by(incident_sectors, incident_sectors.c.sector, restricted),
            highest_tlp=None if rank is None else _BY_RANK[int(rank)],
            last_updated=updated,
        )

    def readable_slugs(
        self,
        slugs: Collection[str],
        max_tlp: Tlp,
        max_classification: Classification | None = None,
    ) -> frozenset[str]:
        """Those of ``slugs`` naming a stored incident marked no higher than ``max_tlp`` and
        classified no higher than ``max_classification`` (unset: unclassified only)."""
        if not slugs:
            return frozenset()
        statement = select(incidents.c.slug).where(
            incidents.c.slug.in_(sorted(slugs)),
            incidents.c.tlp_rank <= max_tlp.rank,
            incidents.c.classification_rank <= Classification.rank_of(max_classification),
        )
        return frozenset(self._connection.execute(statement).scalars())

    def _count_by(
        self, table: Table, column: ColumnElement[str], matching: _Query | None
    ) -> tuple[Count, ...]:
        """Incidents per value of one index table (every value, most frequent first)."""
        statement = select(column, func.count().label("incidents")).group_by(column)
        if matching is not None:
            statement = statement.where(table.c.incident_id.in_(matching))
        return self._counts(statement, limit=None)

    def _sponsors(
        self, matching: _Query | None, top: int, shown: ColumnElement[bool]
    ) -> tuple[Count, ...]:
        # One (incident, state) pair per state, whether it came through an actor's sponsor
        # or an attribution; the UNION removes the pairs found both ways.
        via_actor = (
            select(incident_actors.c.incident_id, actors.c.sponsor.label("state"))
            .join(actors, actors.c.id == incident_actors.c.actor_id)
            .where(actors.c.sponsor.is_not(None), shown)
        )
        via_attribution = select(
            incident_attributed_states.c.incident_id, incident_attributed_states.c.state
        )
        if matching is not None:
            via_actor = via_actor.where(incident_actors.c.incident_id.in_(matching))
            via_attribution = via_attribution.where(
                incident_attributed_states.c.incident_id.in_(matching)
            )
        pairs = union(via_actor, via_attribution).subquery()
        return self._counts(
            select(pairs.c.state, func.count().label("incidents")).group_by(pairs.c.state),
            limit=top,
        )

    def _actors(
        self, matching: _Query | None, top: int, shown: ColumnElement[bool]
    ) -> tuple[Count, ...]:
        statement = (
            select(
                incident_actors.c.actor_id,
                func.count().label("incidents"),
                func.min(actors.c.name).label("name"),
            )
            .join(actors, actors.c.id == incident_actors.c.actor_id)
            .where(shown)
            .group_by(incident_actors.c.actor_id)
            .order_by(func.count().desc(), func.min(actors.c.name), incident_actors.c.actor_id)
            .limit(top)
        )
        if matching is not None:
            statement = statement.where(incident_actors.c.incident_id.in_(matching))
        return tuple(
            Count(row.actor_id, int(row.incidents), row.name)
            for row in self._connection.execute(statement)
        )

    def _counts(self, statement: _Query, *, limit: int | None) -> tuple[Count, ...]:
        key, count = statement.selected_columns
        ordered = statement.order_by(count.desc(), key)
        if limit is not None:
            ordered = ordered.limit(limit)
        return tuple(Count(row[0], int(row[1])) for row in self._connection.execute(ordered))

    def _scalar(self, statement: _Query) -> int:
        return int(self._connection.execute(statement).scalar_one())
