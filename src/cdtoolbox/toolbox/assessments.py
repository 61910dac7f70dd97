"""Assessments of stored incidents, with the other stored incidents as precedents."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cdtoolbox.assess import Assessment, Assessor, CalibrationReport, PrecedentIndex, calibrate
from cdtoolbox.model import (
    Incident,
)

if TYPE_CHECKING:
    from cdtoolbox.toolbox.library import Toolbox

__all__ = ["AssessmentService"]


class AssessmentService:
    """Assessments of stored incidents, with every other stored incident as a precedent.

    The engine is pure; this service gathers its inputs. The precedent index is built once and
    kept until this Toolbox writes incidents again.
    """

    def __init__(self, toolbox: Toolbox) -> None:
        self._toolbox = toolbox
        self._assessor: Assessor | None = None
        self._index: PrecedentIndex | None = None

    def forget_cached(self) -> None:
        self._index = None

    def assessor(self) -> Assessor:
        if self._assessor is None:
            # The store holds every actor a stored incident may name (the galaxies' as stored
            # by `init`, and imported ones), so the galaxies themselves are never loaded here.
            self._assessor = Assessor(self._toolbox.knowledge, actors=self._toolbox.actors.all())
        return self._assessor

    def assess(self, key: str) -> Assessment:
        """The assessment of one incident (by id or slug)."""
        return self.assess_incident(self._toolbox.incidents.get(key))

    def assess_incident(self, incident: Incident) -> Assessment:
        return self.assessor().assess(incident, self._precedents())

    def assess_all(self) -> Iterator[Assessment]:
        """Every stored incident's assessment, newest first."""
        assessor, index = self.assessor(), self._precedents()
        # The index holds every stored incident in store order: no second read of the store.
        for precedent in index:
            yield assessor.assess(precedent.incident, index)

    def calibrate(self) -> CalibrationReport:
        """Recommended response tier against the EU's actual public response, per incident."""
        return calibrate(self._stored_incidents(), self.assessor())

    def _precedents(self) -> PrecedentIndex:
        if self._index is None:
            assessor = self.assessor()
            self._index = assessor.index(assessor.precedents_from(self._stored_incidents()))
        return self._index

    def _stored_incidents(self) -> list[Incident]:
        incidents: list[Incident] = []
        cursor: str | None = None
        while True:
            page = self._toolbox.incidents.list(limit=1000, cursor=cursor)
            incidents.extend(page.items)
            if page.next_cursor is None:
                return incidents
            cursor = page.next_cursor
