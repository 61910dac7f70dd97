"""Counts over the incidents for the dashboard."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model import (
    IncidentFilter,
)
from cdtoolbox.model.statistics import IncidentStatistics

if TYPE_CHECKING:
    from cdtoolbox.toolbox.library import Toolbox

__all__ = ["StatisticsService"]


class StatisticsService:
    """Counts over the incidents for the dashboard, aggregated by the store."""

    def __init__(self, toolbox: Toolbox) -> None:
        self._toolbox = toolbox

    def summary(self, query: IncidentFilter | None = None, *, top: int = 10) -> IncidentStatistics:
        """Incidents matching ``query`` by year and type, victim country, sponsor and actor;
        ``top`` bounds the sponsor and actor lists."""
        if not 1 <= top <= 100:
            raise InvalidInput("query", "top", top, "must be between 1 and 100")
        with self._toolbox.database.read() as store:
            return store.statistics.summary(query or IncidentFilter(), top=top)
