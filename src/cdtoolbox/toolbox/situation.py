"""The live situation: each incident's log of events, its operational status and crisis level
derived from that log, and the board of the incidents being followed (see docs/situation.md).

Every read is bounded by the reader's TLP clearance and EU classification: an event above
them is neither shown nor counted, so it cannot surface through a status, a level or a "last
updated" time. The incidents themselves are read as everywhere else: one the reader may not
read answers as one that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from cdtoolbox.assess.engine import Assessor
from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.model import Incident, Tlp
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.case_state import CaseState
from cdtoolbox.model.ports import Clock, IdFactory
from cdtoolbox.model.situation import (
    UNATTRIBUTED,
    BoardRow,
    CrisisLevel,
    EventKind,
    IncidentEvent,
    OpenCase,
    OperationalStatus,
    SituationTally,
    event_problem,
)
from cdtoolbox.model.situation_codec import event_to_dict
from cdtoolbox.model.vocabulary import Classification, SeverityLevel
from cdtoolbox.store import Database, RecordKind
from cdtoolbox.store.database import Repositories
from cdtoolbox.toolbox import cooperation_inputs as inputs
from cdtoolbox.toolbox.access import require
from cdtoolbox.toolbox.actor_names import actor_names
from cdtoolbox.toolbox.audit import AuditService
from cdtoolbox.toolbox.incidents import readable_incident
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource

if TYPE_CHECKING:
    from cdtoolbox.knowledge.crisis_levels import CrisisLevels
    from cdtoolbox.knowledge.sectors import SectorCatalogue

__all__ = ["BOARD_SOURCES", "SituationService"]

#: The kinds of record the board is drawn from, whose counters make its ``revision``. Cases
#: and actors are not counted: a case opened or an actor renamed shows at the next event.
BOARD_SOURCES = (RecordKind.SITUATION, RecordKind.INCIDENTS)
_EVENT = "incident event"
_FILTER = "filter"
#: Longest summary or reason accepted: a log line, not a report.
MAX_TEXT = 2000


class SituationService:
    """Record what happens to incidents; read their timelines and the situation board."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        ids: IdFactory,
        knowledge: KnowledgeSource,
        audit: AuditService,
        assessor: Callable[[], Assessor],
    ) -> None:
        self._database = database
        self._clock = clock
        self._ids = ids
        self._knowledge = knowledge
        self._audit = audit
        self._assessor = assessor

    def crisis_levels(self, *, by: User) -> CrisisLevels:
        """The blueprint's levels with the bodies convened at each, and its acts."""
        require(by, Permission.READ)
        return self._knowledge.get().crisis_levels

    def record_event(
        self,
        incident: str,
        *,
        by: User,
        kind: EventKind | str,
        summary: str,
        occurred_at: datetime | str | None = None,
        body: str | None = None,
        tlp: Tlp | str | None = None,
        classification: Classification | str | None = None,
        status: OperationalStatus | str | None = None,
        level: CrisisLevel | str | None = None,
        reason: str | None = None,
    ) -> IncidentEvent:
        """Log an event on ``incident`` (id or slug), at ``occurred_at`` (now unless given),
        marked as the incident unless ``tlp`` or ``classification`` say otherwise.

        A status-changed event names the new ``status``; a level-changed event the new
        ``level`` and the ``reason``, and is refused when the incident is already at that
        level as the event's readers see it. InvalidInput names the field and the reason;
        nothing is written then.
        """
        with self._database.transaction() as store:
            return self.record_within(
                store,
                incident,
                by=by,
                kind=kind,
                summary=summary,
                occurred_at=occurred_at,
                body=body,
                tlp=tlp,
                classification=classification,
                status=status,
                level=level,
                reason=reason,
            )

    def record_within(
        self,
        store: Repositories,
        incident: str,
        *,
        by: User,
        kind: EventKind | str,
        summary: str,
        occurred_at: datetime | str | None = None,
        body: str | None = None,
        tlp: Tlp | str | None = None,
        classification: Classification | str | None = None,
        status: OperationalStatus | str | None = None,
        level: CrisisLevel | str | None = None,
        reason: str | None = None,
    ) -> IncidentEvent:
        """``record_event`` inside the caller's transaction, so that a record another service
        writes about the incident (a request for assistance, a deployment) and the event
        that puts it on the incident's timeline are committed together or not at all."""
        require(by, Permission.EDIT_INCIDENTS)
        chosen_kind = inputs.choice(_EVENT, "kind", kind, EventKind)
        chosen_status = (
            inputs.choice(_EVENT, "status", status, OperationalStatus) if status else None
        )
        chosen_level = inputs.choice(_EVENT, "level", level, CrisisLevel) if level else None
        convened = self._body(body)
        now = self._clock.now()
        moment = (
            now if occurred_at is None else inputs.moment(_EVENT, "occurred_at", occurred_at, now)
        )
        held = self._incident(store, incident, by)
        marking = held.tlp if tlp is None else inputs.tlp(_EVENT, tlp)
        if not by.cleared_for(marking):
            raise InvalidInput(_EVENT, "tlp", marking.value, "is above your clearance")
        level_of_record = (
            held.classification
            if classification is None
            else inputs.classification(_EVENT, classification, by)
        )
        previous = None
        if chosen_kind is EventKind.LEVEL_CHANGED:
            # The level as the readers of this event see it: the "from" of the change
            # must not tell them of an event marked above what they may read.
            previous = _level_of(
                store.situation.tallies(marking, level_of_record, incident_ids=[held.id])
            )
        event = IncidentEvent(
            id=self._ids.new_id("incident-event"),
            incident_id=held.id,
            kind=chosen_kind,
            occurred_at=moment,
            recorded_at=now,
            recorded_by=by.username,
            summary=_text("summary", summary),
            status=chosen_status,
            level=chosen_level,
            previous_level=previous,
            reason=_text("reason", reason) or None,
            body=convened,
            tlp=marking,
            classification=level_of_record,
        )
        problem = event_problem(event)
        if problem is not None:
            raise InvalidInput(_EVENT, *problem)
        store.situation.add(event)
        self._audit.record(
            store,
            by=by,
            action=_ACTIONS[chosen_kind],
            entity="incident",
            key=held.id,
            before=None,
            after=event_to_dict(event),
        )
        return event

    def set_status(
        self,
        incident: str,
        status: OperationalStatus | str,
        *,
        by: User,
        summary: str | None = None,
        occurred_at: datetime | str | None = None,
        tlp: Tlp | str | None = None,
        classification: Classification | str | None = None,
    ) -> IncidentEvent:
        """Log a change of ``incident``'s operational status to ``status``."""
        chosen = inputs.choice(_EVENT, "status", status, OperationalStatus)
        return self.record_event(
            incident,
            by=by,
            kind=EventKind.STATUS_CHANGED,
            summary=summary or f"Status set to {chosen.value}.",
            occurred_at=occurred_at,
            tlp=tlp,
            classification=classification,
            status=chosen,
        )

    def change_level(
        self,
        incident: str,
        level: CrisisLevel | str,
        *,
        by: User,
        reason: str,
        summary: str | None = None,
        occurred_at: datetime | str | None = None,
        body: str | None = None,
        tlp: Tlp | str | None = None,
        classification: Classification | str | None = None,
    ) -> IncidentEvent:
        """Escalate or de-escalate ``incident`` to ``level`` for ``reason`` (required); the
        event names which of the two it is and the level it left."""
        chosen = inputs.choice(_EVENT, "level", level, CrisisLevel)
        return self.record_event(
            incident,
            by=by,
            kind=EventKind.LEVEL_CHANGED,
            summary=summary or f"Crisis level changed to {chosen.label.lower()}.",
            occurred_at=occurred_at,
            body=body,
            tlp=tlp,
            classification=classification,
            level=chosen,
            reason=reason,
        )

    def timeline(self, incident: str, *, by: User) -> tuple[IncidentEvent, ...]:
        """The events of ``incident`` that ``by`` may read, oldest first; NotFound when the
        incident is not readable."""
        require(by, Permission.READ)
        with self._database.read() as store:
            held = readable_incident(store, incident, by)
            return tuple(
                store.situation.timeline(held.id, by.clearance, by.classification_clearance)
            )

    def revision(self) -> tuple[int, ...]:
        """A marker that moves with every committed write the board is drawn from (an event
        or an incident, in any process or on any host sharing the database): one cheap read,
        what an open board watches instead of reading the board itself. Equal markers mean
        nothing the board shows has been written in between; a moved one says only that
        something was, maybe above any given reader, so each reader's board is read again."""
        with self._database.read() as store:
            return store.revisions.current(BOARD_SOURCES)

    def visit_board(self, *, by: User) -> datetime | None:
        """Note that ``by`` opens the board now; when they opened it before (None the first
        time). Kept per account, so it follows the user from one device to the next; a
        caller without an account (the anonymous visitor, the local operator) is not
        followed, and always gets None."""
        require(by, Permission.READ)
        now = self._clock.now()
        with self._database.transaction() as store:
            if not store.accounts.exists(by.username):
                return None
            previous = store.board_visits.last(by.username)
            store.board_visits.record(by.username, now)
        return previous

    def standing(self, incident: str, *, by: User) -> SituationTally | None:
        """``incident``'s status and level as the events ``by`` may read tell them; None
        when no such event is recorded."""
        require(by, Permission.READ)
        with self._database.read() as store:
            held = readable_incident(store, incident, by)
            found = store.situation.tallies(
                by.clearance, by.classification_clearance, incident_ids=[held.id]
            )
        return found[0] if found else None

    def board(
        self,
        *,
        by: User,
        state: str | None = None,
        sector: str | None = None,
        status: OperationalStatus | str | None = None,
        level: CrisisLevel | str | None = None,
        since: datetime | str | None = None,
    ) -> tuple[BoardRow, ...]:
        """The incidents with an event ``by`` may read, the latest updated first: those
        affecting Member State ``state``, sector ``sector`` (or one of its sub-sectors), at
        ``status`` and ``level`` when given. Rows last updated at or after ``since`` (the
        reader's previous visit, ``visit_board``) are marked ``changed``. A fixed number of reads,
        however many rows."""
        require(by, Permission.READ)
        after = None if since is None else inputs.moment(_FILTER, "since", since, self._clock.now())
        knowledge = self._knowledge.get()
        members = {country.code for country in knowledge.countries.eu_members()}
        wanted_state = inputs.state(knowledge, _FILTER, state) if state else None
        if wanted_state is not None and wanted_state not in members:
            raise InvalidInput(_FILTER, "state", state, "is not an EU Member State")
        sectors = _sectors(knowledge.sectors, sector) if sector else None
        wanted_status = (
            inputs.choice(_FILTER, "status", status, OperationalStatus) if status else None
        )
        wanted_level = inputs.choice(_FILTER, "level", level, CrisisLevel) if level else None
        with self._database.read() as store:
            tallies = [
                tally
                for tally in store.situation.tallies(by.clearance, by.classification_clearance)
                if (wanted_status is None or tally.status is wanted_status)
                and (wanted_level is None or tally.level is wanted_level)
            ]
            incidents = store.incidents.get_many([t.incident_id for t in tallies])
            shown = [
                (tally, incidents[tally.incident_id])
                for tally in tallies
                if tally.incident_id in incidents
                and by.may_read(incidents[tally.incident_id])
                and (
                    wanted_state is None
                    or wanted_state in incidents[tally.incident_id].victim_countries
                )
                and (
                    sectors is None
                    or not sectors.isdisjoint(incidents[tally.incident_id].victim_sectors)
                )
            ]
            cases = self._open_cases(store, [incident.id for _, incident in shown], by)
            requests = _open_requests(
                store, [incident.id for _, incident in shown], by, self._clock.now()
            )
            names = actor_names(
                store,
                {a for _, incident in shown for a in incident.attributed_actor_ids},
                by.clearance,
            )
        severity = self._severity_of()
        return tuple(
            BoardRow(
                incident_id=incident.id,
                slug=incident.slug,
                title=incident.title,
                status=tally.status,
                level=tally.level,
                first_seen=_first_seen(tally, incident),
                last_updated=tally.last_event,
                member_states=tuple(c for c in incident.victim_countries if c in members),
                sectors=incident.victim_sectors,
                severity=severity(incident),
                attribution=(
                    *incident.attributed_states,
                    *(names.get(a, a) for a in incident.attributed_actor_ids),
                )
                or (UNATTRIBUTED,),
                open_cases=cases.get(incident.id, ()),
                open_requests=requests.get(incident.id, (0, 0))[0],
                overdue_requests=requests.get(incident.id, (0, 0))[1],
                # At the same second too: the clock keeps whole seconds, and an event recorded
                # just after the page was drawn must not go unmarked at the next visit.
                changed=after is not None and tally.last_event >= after,
            )
            for tally, incident in shown
        )

    def _open_cases(
        self, store: Repositories, incident_ids: Sequence[str], by: User
    ) -> dict[str, tuple[OpenCase, ...]]:
        """The cases not closed about each of ``incident_ids``, with one read. A case is only
        ever listed beside an incident the reader may read, and the case's own readers are
        those of its incidents (``CaseService.list``): a case also about an incident hidden
        from the reader is left out."""
        if not incident_ids:
            return {}
        open_states = [state for state in CaseState if state is not CaseState.CLOSED]
        found = store.cases.list(states=open_states, incident_ids=incident_ids)
        wanted = set(incident_ids)
        others = {i for case in found for i in case.incident_ids} - wanted
        hidden = {
            i
            for i, incident in store.incidents.get_many(sorted(others)).items()
            if not by.may_read(incident)
        }
        by_incident: dict[str, list[OpenCase]] = {}
        for case in found:
            if hidden.intersection(case.incident_ids):
                continue
            for incident_id in wanted.intersection(case.incident_ids):
                by_incident.setdefault(incident_id, []).append(OpenCase(case.id, case.title))
        return {key: tuple(value) for key, value in by_incident.items()}

    def _severity_of(self) -> Callable[[Incident], SeverityLevel]:
        """The severity the assessment gives an incident, its most likely level: what lists,
        charts and sorting use. Precedents play no part in it, so none are read."""
        from cdtoolbox.assess.facts import derive_facts
        from cdtoolbox.assess.severity import assess_severity

        tables = self._assessor().tables
        return lambda incident: assess_severity(derive_facts(incident, tables)).level

    def _incident(self, store: Repositories, key: str, by: User) -> Incident:
        try:
            return readable_incident(store, key.strip(), by)
        except NotFound:
            reason = "is not a stored incident you may read (`cdt incidents list`)"
            raise InvalidInput(_EVENT, "incident", key, reason) from None

    def _body(self, body: str | None) -> str | None:
        if body is None or not body.strip():
            return None
        bodies = self._knowledge.get().crisis_levels.bodies
        wanted = body.strip().lower()
        if wanted not in bodies:
            raise InvalidInput(_EVENT, "body", body, "is not one of: " + ", ".join(bodies))
        return wanted


_ACTIONS = {
    kind: "situation.event.add"
    for kind in EventKind
    if kind not in (EventKind.STATUS_CHANGED, EventKind.LEVEL_CHANGED)
} | {
    EventKind.STATUS_CHANGED: "situation.status.set",
    EventKind.LEVEL_CHANGED: "situation.level.change",
}


def _open_requests(
    store: Repositories, incident_ids: Sequence[str], by: User, now: datetime
) -> dict[str, tuple[int, int]]:
    """For each of ``incident_ids``: how many requests for assistance ``by`` may read are
    open about it, and how many of those are past their deadline at ``now``; one read."""
    from cdtoolbox.model.assistance import RequestStatus, is_overdue
    from cdtoolbox.store.assistance_repository import RequestQuery

    if not incident_ids:
        return {}
    query = RequestQuery(status=RequestStatus.OPEN, incident_ids=incident_ids)
    counts: dict[str, tuple[int, int]] = {}
    for request in store.assistance.requests(by.clearance, by.classification_clearance, query):
        if request.incident_id is None:
            continue
        open_now, late = counts.get(request.incident_id, (0, 0))
        counts[request.incident_id] = (open_now + 1, late + is_overdue(request, now))
    return counts


def _level_of(tallies: Sequence[SituationTally]) -> CrisisLevel:
    return tallies[0].level if tallies else CrisisLevel.NONE


def _first_seen(tally: SituationTally, incident: Incident) -> date:
    first = tally.first_event.date()
    return min(first, incident.start.earliest) if incident.start else first


def _text(field: str, value: str | None) -> str:
    text = (value or "").strip()
    if len(text) > MAX_TEXT:
        reason = f"is longer than {MAX_TEXT} characters"
        raise InvalidInput(_EVENT, field, text[:40] + "…", reason)
    return text


def _sectors(catalogue: SectorCatalogue, value: str) -> frozenset[str]:
    try:
        found = catalogue.resolve(value, field="sector")
    except InvalidInput as error:
        raise InvalidInput(_FILTER, "sector", value, error.reason) from None
    return frozenset((found.id, *catalogue.descendants(found.id)))
