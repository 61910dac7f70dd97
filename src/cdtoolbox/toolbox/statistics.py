"""Counts over the incidents for the dashboard."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model import (
    IncidentFilter,
)
from cdtoolbox.model.access import User
from cdtoolbox.model.statistics import IncidentStatistics
from cdtoolbox.toolbox.incidents import within_clearance

if TYPE_CHECKING:
    from cdtoolbox.toolbox.library import Toolbox

__all__ = ["StatisticsService"]

_CACHED_SUMMARIES = 64


class StatisticsService:
    """Counts over the incidents for the dashboard, aggregated by the store."""

    def __init__(self, toolbox: Toolbox) -> None:
        self._toolbox = toolbox
        # Summaries by (query, top), valid at one store revision: the dashboard asks the
        # same few questions on every visit, and the answer changes only with the incidents.
        self._revision: int | None = None
        self._computed_at = 0.0
        self._summaries: dict[tuple[IncidentFilter, int], IncidentStatistics] = {}
        #: How old (seconds) cached summaries may grow once the incidents changed; 0 (the
        #: default) keeps them exact. `cdt serve` allows a few seconds (see interfaces.app).
        self.max_staleness_seconds = 0.0

    def summary(
        self, query: IncidentFilter | None = None, *, by: User, top: int = 10
    ) -> IncidentStatistics:
        """Incidents matching ``query`` by year and type, victim country, sponsor and actor;
        ``top`` bounds the sponsor and actor lists. Only the incidents within ``by``'s
        clearance are counted."""
        if not 1 <= top <= 100:
            raise InvalidInput("query", "top", top, "must be between 1 and 100")
        narrowed = within_clearance(query, by)
        with self._toolbox.database.read() as store:
            revision = store.incidents.revision()
            expired = time.monotonic() - self._computed_at >= self.max_staleness_seconds
            if revision != self._revision and expired:
                self._revision, self._summaries = revision, {}
                self._computed_at = time.monotonic()
            summary = self._summaries.get((narrowed, top))
            if summary is None:
                summary = store.statistics.summary(narrowed, top=top)
                if len(self._summaries) < _CACHED_SUMMARIES:
                    self._summaries[(narrowed, top)] = summary
        return summary
