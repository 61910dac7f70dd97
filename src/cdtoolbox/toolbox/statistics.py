"""Counts over the incidents for the dashboard."""

from __future__ import annotations

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model import IncidentFilter
from cdtoolbox.model.access import User
from cdtoolbox.model.statistics import IncidentStatistics
from cdtoolbox.store import Database, RecordKind
from cdtoolbox.toolbox.derived import DerivedCache, DerivedView
from cdtoolbox.toolbox.incidents import within_clearance

__all__ = ["StatisticsService"]

_CACHED_SUMMARIES = 64


class StatisticsService:
    """Counts over the incidents for the dashboard, aggregated by the store."""

    def __init__(self, database: Database, cache: DerivedCache, *, max_staleness: float) -> None:
        self._database = database
        # Summaries by (query, top): the dashboard asks the same few questions on every
        # visit, and the answer changes only with the incidents (and the actors they name).
        # ``max_staleness`` (seconds) is how old they may grow once those changed (Staleness).
        self._summaries: DerivedView[tuple[IncidentFilter, int], IncidentStatistics] = cache.view(
            derives_from=[RecordKind.INCIDENTS, RecordKind.ACTORS],
            max_staleness=max_staleness,
            max_entries=_CACHED_SUMMARIES,
        )

    def summary(
        self, query: IncidentFilter | None = None, *, by: User, top: int = 10
    ) -> IncidentStatistics:
        """Incidents matching ``query`` by year and type, victim country, sponsor and actor;
        ``top`` bounds the sponsor and actor lists. Only the incidents within ``by``'s
        clearance are counted."""
        if not 1 <= top <= 100:
            raise InvalidInput("query", "top", top, "must be between 1 and 100")
        return self._summaries.value((within_clearance(query, by), top), self._summary)

    def _summary(self, key: tuple[IncidentFilter, int]) -> IncidentStatistics:
        query, top = key
        with self._database.read() as store:
            return store.statistics.summary(query, top=top)
