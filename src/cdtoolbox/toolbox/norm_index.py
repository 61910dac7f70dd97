"""Which incidents engage each UN norm, as the assessment engine finds, within a reader's
clearance.

A norm finding depends on the incident alone (its facts and the reference tables), so each
incident's findings are kept until the incident itself changes: a stored incident that is no
longer equal to the one assessed (edited, re-imported, replaced) is assessed again. The whole
store is assessed once per process, not once per page view.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass

from cdtoolbox.assess import NormFinding, NormStatus
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import Incident
from cdtoolbox.model.access import User
from cdtoolbox.toolbox.assessments import AssessmentService
from cdtoolbox.toolbox.incidents import IncidentService

__all__ = ["NormEngagement", "NormIncidents", "NormIndex"]


@dataclass(frozen=True)
class NormEngagement:
    """One incident the engine finds engaging a norm, with the engine's reason."""

    incident: Incident
    status: NormStatus
    reason: str


@dataclass(frozen=True)
class NormIncidents:
    """The incidents engaging one norm: engaged, then possibly engaged, each newest first."""

    norm_id: str
    engaged: tuple[NormEngagement, ...] = ()
    possibly_engaged: tuple[NormEngagement, ...] = ()
    not_assessable: int = 0  # incidents whose recorded facts cannot show it either way
    assessed: int = 0  # incidents looked at (those the reader may read)

    @property
    def total(self) -> int:
        return len(self.engaged) + len(self.possibly_engaged)


class NormIndex:
    """Incidents by the UN norm they engage, per the assessment engine."""

    def __init__(
        self,
        knowledge: KnowledgeBase,
        incidents: IncidentService,
        assessments: AssessmentService,
    ) -> None:
        self._knowledge = knowledge
        self._incidents = incidents
        self._assessments = assessments
        self._lock = threading.Lock()
        # incident id -> (the incident as assessed, its norm findings)
        self._findings: dict[str, tuple[Incident, tuple[NormFinding, ...]]] = {}

    def by_norm(self, *, by: User) -> dict[str, NormIncidents]:
        """Every norm of the knowledge base with the incidents ``by`` may read that engage
        it; incidents above the reader's clearance are never looked at."""
        found: dict[tuple[str, NormStatus], list[NormEngagement]] = {}
        assessed = 0
        for incident in self._readable(by):
            assessed += 1
            for finding in self._findings_of(incident, by):
                found.setdefault((finding.norm_id, finding.status), []).append(
                    NormEngagement(incident, finding.status, finding.reason)
                )

        def of(norm_id: str, status: NormStatus) -> tuple[NormEngagement, ...]:
            return tuple(found.get((norm_id, status), ()))

        return {
            norm.id: NormIncidents(
                norm.id,
                engaged=of(norm.id, NormStatus.ENGAGED),
                possibly_engaged=of(norm.id, NormStatus.POSSIBLY_ENGAGED),
                not_assessable=len(of(norm.id, NormStatus.NOT_ASSESSABLE)),
                assessed=assessed,
            )
            for norm in self._knowledge.norms.all()
        }

    def _readable(self, by: User) -> Iterator[Incident]:
        """The incidents within the reader's clearance, newest first."""
        for page in self._incidents.pages(by=by):
            yield from page.items

    def _findings_of(self, incident: Incident, by: User) -> tuple[NormFinding, ...]:
        with self._lock:
            known = self._findings.get(incident.id)
        if known is not None and known[0] == incident:
            return known[1]
        findings = self._assessments.assess_incident(incident, by=by).norms
        with self._lock:
            self._findings[incident.id] = (incident, findings)
        return findings
