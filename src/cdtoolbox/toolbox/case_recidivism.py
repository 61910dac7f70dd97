"""Recidivism after a response case: the incidents of the case's actors and States since it.

Finding them reads every incident of those actors and States since the case, so the flags
are kept, as the precedents are, until the incidents or actors change (on a server, within
the precedents' staleness bound: ``Staleness.precedents``).
"""

from __future__ import annotations

from collections.abc import Sequence

from cdtoolbox.model.access import User
from cdtoolbox.model.case import RecidivismFlag, ResponseCase
from cdtoolbox.model.incident import Incident
from cdtoolbox.model.query import IncidentFilter
from cdtoolbox.model.vocabulary import Classification, Tlp
from cdtoolbox.respond.recidivism import case_subjects, later_incidents, reference_date
from cdtoolbox.store import Database, RecordKind
from cdtoolbox.toolbox.actors import ActorService
from cdtoolbox.toolbox.derived import DerivedCache, DerivedView
from cdtoolbox.toolbox.incidents import within_clearance

__all__ = ["RecidivismFinder"]

# A case's flags as one clearance reads them: the case (its id and version: a decision moves
# the date they count from) and the reader's TLP and classification clearance, the only
# things besides the stored incidents and actors that decide which incidents count.
_FlagsKey = tuple[str, int, Tlp, Classification | None]
# Cases read often enough to keep their flags: a server's open cases and a few clearances.
_KEPT_FLAG_SETS = 512


class RecidivismFinder:
    """The recidivism flags of a case, as a reader may see them."""

    def __init__(
        self,
        database: Database,
        actors: ActorService,
        cache: DerivedCache,
        max_staleness: float = 0.0,
    ) -> None:
        self._database = database
        self._actors = actors
        self._flags: DerivedView[_FlagsKey, tuple[RecidivismFlag, ...]] = cache.view(
            derives_from=[RecordKind.INCIDENTS, RecordKind.ACTORS],
            max_staleness=max_staleness,
            max_entries=_KEPT_FLAG_SETS,
        )

    def flags(
        self, case: ResponseCase, incidents: Sequence[Incident], *, by: User
    ) -> tuple[RecidivismFlag, ...]:
        """The later incidents of ``case``'s actors and States that ``by`` may read;
        ``incidents`` are the case's own, as ``by`` reads them."""
        key = (case.id, case.version, by.clearance, by.classification_clearance)
        return self._flags.value(key, lambda _: self._later_incidents(case, incidents, by))

    def _later_incidents(
        self, case: ResponseCase, incidents: Sequence[Incident], by: User
    ) -> tuple[RecidivismFlag, ...]:
        actors = {a.id: a for a in self._actors.all(by=by)}
        sponsors = {actor_id: actor.sponsor for actor_id, actor in actors.items()}
        subjects = case_subjects(incidents, sponsors)
        after = reference_date(incidents, case.decided_at.date() if case.decided_at else None)
        if not subjects or after is None:
            return ()
        queries = [
            within_clearance(IncidentFilter(actor_ids=subjects.actor_ids, since=after), by)
            if subjects.actor_ids
            else None,
            within_clearance(IncidentFilter(sponsors=subjects.states, since=after), by)
            if subjects.states
            else None,
        ]
        candidates: dict[str, Incident] = {}
        with self._database.read() as store:
            for query in queries:
                if query is not None:
                    # Uncounted: the flags list the incidents, never how many matched.
                    for incident in store.incidents.list(query, limit=1000, counted=False).items:
                        candidates[incident.id] = incident
        return later_incidents(
            subjects,
            candidates.values(),
            after=after,
            excluded=case.incident_ids,
            sponsors=sponsors,
            actor_names={actor_id: actor.name for actor_id, actor in actors.items()},
        )
