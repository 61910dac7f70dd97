"""Assistance: requests and offers, teams and their deployments (see docs/assistance.md).

A request goes through one channel (norm 13(h) to a named State, through its registered point
of contact where the directory holds one; Art. 42(7) TEU; Art. 222 TFEU; the PESCO CRRT; the
EU Cybersecurity Reserve). A request through a channel whose response time the sources confirm
(the PESCO CRRT: 72 hours) is due then unless its sender set another deadline. Whether it is
overdue is read at the reader's "now", never stored.

A request or deployment about an incident also puts an event on that incident's timeline, in
the same transaction, so the situation board and the timeline show it. Every read is bounded
by the reader's TLP clearance and EU classification, and a record about an incident the reader
may not read is left out as if it did not exist.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, TypeVar

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.model import Incident, Tlp
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.assistance import (
    Answer,
    AssistanceRequest,
    Channel,
    Deployment,
    Offer,
    RequestStatus,
    Team,
    TeamKind,
    Window,
    deployment_problem,
    request_problem,
)
from cdtoolbox.model.assistance_codec import (
    deployment_to_dict,
    offer_to_dict,
    request_to_dict,
    team_to_dict,
)
from cdtoolbox.model.ports import Clock, IdFactory, slugify
from cdtoolbox.model.situation import EventKind
from cdtoolbox.model.vocabulary import Classification
from cdtoolbox.store.database import Database, Repositories
from cdtoolbox.toolbox import cooperation_inputs as inputs
from cdtoolbox.toolbox.access import require
from cdtoolbox.toolbox.audit import AuditService
from cdtoolbox.toolbox.incidents import readable_incident
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource
from cdtoolbox.toolbox.situation import SituationService

if TYPE_CHECKING:
    from cdtoolbox.knowledge import KnowledgeBase
    from cdtoolbox.knowledge.assistance import ChannelEntry

__all__ = ["AssistanceService"]

R = TypeVar("R", AssistanceRequest, Deployment)

_REQUEST = "assistance request"
_OFFER = "assistance offer"
_TEAM = "team"
_DEPLOYMENT = "deployment"
_FILTER = "filter"
#: Longest free text accepted (what is asked, an answer, an outcome): a message, not a report.
MAX_TEXT = 4000
#: A summary on an incident's timeline quotes this much of what was asked.
_QUOTED = 160


class AssistanceService:
    """Record requests, offers, teams and deployments; read them, the overdue ones first."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        ids: IdFactory,
        knowledge: KnowledgeSource,
        audit: AuditService,
        situation: SituationService,
    ) -> None:
        self._database = database
        self._clock = clock
        self._ids = ids
        self._knowledge = knowledge
        self._audit = audit
        self._situation = situation

    def channels(self, *, by: User) -> tuple[ChannelEntry, ...]:
        """The channels a request can take, each with its basis, route and sources."""
        require(by, Permission.READ)
        return tuple(self._knowledge.get().assistance)

    # --- Requests --------------------------------------------------------------------------

    def request(
        self,
        *,
        by: User,
        requester: str,
        channel: Channel | str,
        asked: str,
        addressee: str | None = None,
        incident: str | None = None,
        sent_at: datetime | str | None = None,
        deadline: datetime | str | None = None,
        tlp: Tlp | str | None = None,
        classification: Classification | str | None = None,
    ) -> AssistanceRequest:
        """Record a request ``requester`` (a State or a body) sent through ``channel``.

        ``addressee`` is the State asked under norm 13(h); its registered point of contact,
        when the directory holds one ``by`` may read, is named on the request. ``deadline``
        defaults to the channel's confirmed response time, if any. The marking defaults to
        the incident's, else TLP:AMBER. InvalidInput names the field and the reason; nothing
        is written then.
        """
        require(by, Permission.EDIT_COOPERATION)
        knowledge = self._knowledge.get()
        chosen = inputs.choice(_REQUEST, "channel", channel, Channel)
        who = _party(knowledge, _REQUEST, "requester", requester)
        to = inputs.state(knowledge, _REQUEST, addressee, "addressee") if addressee else None
        now = self._clock.now()
        sent = now if sent_at is None else inputs.moment(_REQUEST, "sent_at", sent_at, now)
        due = _when(_REQUEST, "deadline", deadline) if deadline else None
        if due is None:
            hours = knowledge.assistance.channel(chosen).response_hours
            due = sent + timedelta(hours=hours) if hours is not None else None
        with self._database.transaction() as store:
            held = self._incident(store, _REQUEST, incident, by)
            marking, level = _marking(_REQUEST, by, held, tlp, classification)
            request = AssistanceRequest(
                id=self._ids.new_id("assistance-request"),
                requester=who,
                channel=chosen,
                asked=_text(_REQUEST, "asked", asked),
                sent_at=sent,
                recorded_at=now,
                recorded_by=by.username,
                addressee=to,
                point_of_contact=_contact(store, to, by) if chosen.to_a_state else None,
                incident_id=held.id if held else None,
                deadline=due,
                tlp=marking,
                classification=level,
            )
            problem = request_problem(request)
            if problem is not None:
                raise InvalidInput(_REQUEST, *problem)
            stored = store.assistance.add_request(request)
            self._audit.record(
                store,
                by=by,
                action="assistance.request",
                entity=_REQUEST,
                key=stored.id,
                before=None,
                after=request_to_dict(stored),
            )
            if held is not None:
                self._situation.record_within(
                    store,
                    held.id,
                    by=by,
                    kind=EventKind.OTHER,
                    summary=_requested(stored),
                    occurred_at=sent,
                    tlp=marking,
                    classification=level,
                )
        return stored

    def answer(
        self,
        request_id: str,
        *,
        by: User,
        text: str,
        answered_by: str | None = None,
        at: datetime | str | None = None,
    ) -> AssistanceRequest:
        """Record the answer to an open request: by ``answered_by`` (a State or a body; the
        addressed State by default), at ``at`` (now unless given), saying ``text``."""
        require(by, Permission.EDIT_COOPERATION)
        knowledge = self._knowledge.get()
        now = self._clock.now()
        moment = now if at is None else inputs.moment(_REQUEST, "answered_at", at, now)
        with self._database.transaction() as store:
            request = _open(self._readable(store, request_id, by))
            if answered_by:
                who = _party(knowledge, _REQUEST, "answered_by", answered_by)
            elif request.addressee is not None:
                who = request.addressee
            else:
                reason = f"is required: {request.channel.label} names no single State"
                raise InvalidInput(_REQUEST, "answered_by", answered_by, reason)
            if moment < request.sent_at:
                reason = f"is before the request was sent ({request.sent_at.isoformat()})"
                raise InvalidInput(_REQUEST, "answered_at", moment.isoformat(), reason)
            answered = request.evolve(
                status=RequestStatus.ANSWERED,
                answer=Answer(by=who, at=moment, text=_text(_REQUEST, "text", text)),
            )
            stored = store.assistance.update_request(answered, request.version)
            self._audit.record(
                store,
                by=by,
                action="assistance.answer",
                entity=_REQUEST,
                key=stored.id,
                before=request_to_dict(request),
                after=request_to_dict(stored),
            )
        return stored

    def withdraw(
        self, request_id: str, *, by: User, at: datetime | str | None = None
    ) -> AssistanceRequest:
        """Withdraw an open request (its requester no longer needs an answer)."""
        require(by, Permission.EDIT_COOPERATION)
        now = self._clock.now()
        moment = now if at is None else inputs.moment(_REQUEST, "withdrawn_at", at, now)
        with self._database.transaction() as store:
            request = _open(self._readable(store, request_id, by))
            if moment < request.sent_at:
                reason = f"is before the request was sent ({request.sent_at.isoformat()})"
                raise InvalidInput(_REQUEST, "withdrawn_at", moment.isoformat(), reason)
            withdrawn = request.evolve(status=RequestStatus.WITHDRAWN, withdrawn_at=moment)
            stored = store.assistance.update_request(withdrawn, request.version)
            self._audit.record(
                store,
                by=by,
                action="assistance.withdraw",
                entity=_REQUEST,
                key=stored.id,
                before=request_to_dict(request),
                after=request_to_dict(stored),
            )
        return stored

    def get(self, request_id: str, *, by: User) -> AssistanceRequest:
        """One request; NotFound when it is not stored or not readable by ``by``."""
        require(by, Permission.READ)
        with self._database.read() as store:
            return self._readable(store, request_id, by)

    def list(
        self,
        *,
        by: User,
        status: RequestStatus | str | None = None,
        overdue: bool = False,
        channel: Channel | str | None = None,
        addressee: str | None = None,
        incident: str | None = None,
        state: str | None = None,
    ) -> tuple[AssistanceRequest, ...]:
        """The requests ``by`` may read, open ones first (the overdue among them first, by
        deadline), then the others by when they were sent, the latest first. ``overdue``
        keeps the open requests past their deadline now; ``state`` those it sent or was
        asked."""
        from cdtoolbox.store.assistance_repository import RequestQuery

        require(by, Permission.READ)
        knowledge = self._knowledge.get()
        query = RequestQuery(
            status=inputs.choice(_FILTER, "status", status, RequestStatus) if status else None,
            overdue_at=self._clock.now() if overdue else None,
            channel=inputs.choice(_FILTER, "channel", channel, Channel).value if channel else None,
            addressee=inputs.state(knowledge, _FILTER, addressee, "addressee")
            if addressee
            else None,
            state=inputs.state(knowledge, _FILTER, state) if state else None,
        )
        with self._database.read() as store:
            if incident:
                held = readable_incident(store, incident.strip(), by)
                query.incident_ids = [held.id]
            found = self._visible(store, store.assistance.requests(*_cleared(by), query), by)
        return tuple(sorted(found, key=self._board_order()))

    def overdue(self, at: datetime, *, by: User) -> tuple[AssistanceRequest, ...]:
        """The open requests ``by`` may read whose deadline had passed at ``at``, the
        longest overdue first."""
        from cdtoolbox.store.assistance_repository import RequestQuery

        require(by, Permission.READ)
        moment = at if at.tzinfo else at.replace(tzinfo=UTC)
        with self._database.read() as store:
            found = store.assistance.requests(*_cleared(by), RequestQuery(overdue_at=moment))
            visible = self._visible(store, found, by)
        return tuple(sorted(visible, key=lambda r: (r.deadline or moment, r.id)))

    def open_counts(self, incident_ids: Sequence[str], *, by: User) -> dict[str, int]:
        """How many open requests ``by`` may read are about each of ``incident_ids`` (ids
        with none are left out), with one read."""
        from cdtoolbox.store.assistance_repository import RequestQuery

        require(by, Permission.READ)
        if not incident_ids:
            return {}
        query = RequestQuery(status=RequestStatus.OPEN, incident_ids=incident_ids)
        counts: dict[str, int] = {}
        with self._database.read() as store:
            found = store.assistance.requests(*_cleared(by), query)
            for request in self._visible(store, found, by):
                assert request.incident_id is not None  # selected by incident
                counts[request.incident_id] = counts.get(request.incident_id, 0) + 1
        return counts

    # --- Offers ----------------------------------------------------------------------------

    def offer(
        self,
        *,
        by: User,
        offered_by: str,
        what: str,
        request: str | None = None,
        to_state: str | None = None,
        offered_at: datetime | str | None = None,
        tlp: Tlp | str | None = None,
        classification: Classification | str | None = None,
    ) -> Offer:
        """Record ``offered_by`` (a State or a body) offering ``what``, for the request
        ``request`` (then to its requester) or to ``to_state``; one of the two is needed."""
        require(by, Permission.EDIT_COOPERATION)
        knowledge = self._knowledge.get()
        who = _party(knowledge, _OFFER, "offered_by", offered_by)
        to = inputs.state(knowledge, _OFFER, to_state, "to_state") if to_state else None
        now = self._clock.now()
        moment = now if offered_at is None else inputs.moment(_OFFER, "offered_at", offered_at, now)
        with self._database.transaction() as store:
            for_request = None
            if request:
                try:
                    for_request = self._readable(store, request, by)
                except NotFound:
                    reason = "is not a stored request you may read (`cdt requests list`)"
                    raise InvalidInput(_OFFER, "request", request, reason) from None
            if for_request is None and to is None:
                raise InvalidInput(_OFFER, "to_state", None, "is required without a request")
            marking, level = (
                _marking(_OFFER, by, None, tlp, classification)
                if for_request is None or tlp is not None or classification is not None
                else (for_request.tlp, for_request.classification)
            )
            offer = Offer(
                id=self._ids.new_id("assistance-offer"),
                offered_by=who,
                what=_text(_OFFER, "what", what),
                offered_at=moment,
                recorded_by=by.username,
                request_id=for_request.id if for_request else None,
                to_state=to or (for_request.requester if for_request else None),
                tlp=marking,
                classification=level,
            )
            if not offer.what:
                raise InvalidInput(_OFFER, "what", what, "is required: say what is offered")
            store.assistance.add_offer(offer)
            self._audit.record(
                store,
                by=by,
                action="assistance.offer",
                entity=_OFFER,
                key=offer.id,
                before=None,
                after=offer_to_dict(offer),
            )
        return offer

    def offers(self, *, by: User, request: str | None = None) -> tuple[Offer, ...]:
        """The offers ``by`` may read, of ``request`` when given, oldest first."""
        require(by, Permission.READ)
        with self._database.read() as store:
            ids = [self._readable(store, request, by).id] if request else None
            found = store.assistance.offers(*_cleared(by), request_ids=ids)
            if ids is None:
                readable = {
                    r.id for r in self._visible(store, store.assistance.requests(*_cleared(by)), by)
                }
                found = [o for o in found if o.request_id is None or o.request_id in readable]
        return tuple(found)

    # --- Teams and deployments -------------------------------------------------------------

    def add_team(
        self,
        *,
        by: User,
        name: str,
        kind: TeamKind | str,
        lead: str | None = None,
        participants: Iterable[str] = (),
        observers: Iterable[str] = (),
        skills: Iterable[str] = (),
        availability: Iterable[tuple[date | str, date | str | None]] = (),
        tlp: Tlp | str = Tlp.AMBER,
        classification: Classification | str | None = None,
    ) -> Team:
        """Record a team; its id is made from its name. ``availability`` lists the windows
        (first day, last day or None) it can be sent in."""
        require(by, Permission.EDIT_COOPERATION)
        knowledge = self._knowledge.get()
        title = _text(_TEAM, "name", name)
        if not title:
            raise InvalidInput(_TEAM, "name", name, "is required")
        team_id = slugify(title)
        if team_id in knowledge.assistance.teams:
            raise InvalidInput(_TEAM, "name", name, "is the name of a bundled team")
        marking, level = _marking(_TEAM, by, None, tlp, classification)
        joined = tuple(inputs.state(knowledge, _TEAM, s, "participants") for s in participants)
        watching = tuple(inputs.state(knowledge, _TEAM, s, "observers") for s in observers)
        both = sorted(set(joined) & set(watching))
        if both:
            raise InvalidInput(_TEAM, "observers", both[0], "is also a participant")
        team = Team(
            id=team_id,
            name=title,
            kind=inputs.choice(_TEAM, "kind", kind, TeamKind),
            lead=inputs.state(knowledge, _TEAM, lead, "lead") if lead else None,
            participants=joined,
            observers=watching,
            skills=tuple(s.strip() for s in skills if s.strip()),
            availability=tuple(_window(start, end) for start, end in availability),
            tlp=marking,
            classification=level,
        )
        with self._database.transaction() as store:
            store.assistance.add_team(team)
            self._audit.record(
                store,
                by=by,
                action="team.add",
                entity=_TEAM,
                key=team.id,
                before=None,
                after=team_to_dict(team),
            )
        return team

    def teams(self, *, by: User) -> tuple[Team, ...]:
        """The bundled teams, then the recorded ones ``by`` may read, by name."""
        require(by, Permission.READ)
        bundled = list(self._knowledge.get().assistance.teams.values())
        with self._database.read() as store:
            recorded = store.assistance.teams(*_cleared(by))
        return (*bundled, *sorted(recorded, key=lambda t: t.name.lower()))

    def team(self, team_id: str, *, by: User) -> Team:
        require(by, Permission.READ)
        with self._database.read() as store:
            return self._team(store, team_id, by)

    def deploy(
        self,
        team: str,
        *,
        by: User,
        location: str,
        starts: date | str,
        tasks: Sequence[str],
        ends: date | str | None = None,
        incident: str | None = None,
        tlp: Tlp | str | None = None,
        classification: Classification | str | None = None,
    ) -> Deployment:
        """Record ``team`` sent to ``location`` (a State or a body) from ``starts`` to
        ``ends`` (open-ended when not given) for ``tasks``; about ``incident`` when given,
        whose timeline then shows a team-deployed event."""
        require(by, Permission.EDIT_COOPERATION)
        knowledge = self._knowledge.get()
        where = _party(knowledge, _DEPLOYMENT, "location", location)
        first = _day(_DEPLOYMENT, "starts", starts)
        last = _day(_DEPLOYMENT, "ends", ends) if ends else None
        now = self._clock.now()
        with self._database.transaction() as store:
            try:
                sent = self._team(store, team, by)
            except NotFound:
                reason = "is not a team you may read (`cdt teams list`)"
                raise InvalidInput(_DEPLOYMENT, "team", team, reason) from None
            held = self._incident(store, _DEPLOYMENT, incident, by)
            marking, level = _marking(_DEPLOYMENT, by, held, tlp, classification)
            deployment = Deployment(
                id=self._ids.new_id("deployment"),
                team_id=sent.id,
                location=where,
                starts=first,
                ends=last,
                recorded_at=now,
                recorded_by=by.username,
                incident_id=held.id if held else None,
                tasks=tuple(_text(_DEPLOYMENT, "tasks", t) for t in tasks if t.strip()),
                tlp=marking,
                classification=level,
            )
            problem = deployment_problem(deployment)
            if problem is not None:
                raise InvalidInput(_DEPLOYMENT, *problem)
            stored = store.assistance.add_deployment(deployment)
            self._audit.record(
                store,
                by=by,
                action="team.deploy",
                entity=_DEPLOYMENT,
                key=stored.id,
                before=None,
                after=deployment_to_dict(stored),
            )
            if held is not None:
                # A deployment recorded ahead of its start is logged when it is recorded:
                # the timeline holds nothing later than now.
                began = datetime.combine(first, time(), tzinfo=UTC)
                self._situation.record_within(
                    store,
                    held.id,
                    by=by,
                    kind=EventKind.TEAM_DEPLOYED,
                    summary=_deployed(sent, stored),
                    occurred_at=min(began, now),
                    tlp=marking,
                    classification=level,
                )
        return stored

    def close_deployment(
        self,
        deployment_id: str,
        *,
        by: User,
        outcome: str,
        lessons: str | None = None,
        ends: date | str | None = None,
    ) -> Deployment:
        """Close a deployment with its ``outcome`` (required) and ``lessons``; ``ends``
        sets or corrects its last day."""
        require(by, Permission.EDIT_COOPERATION)
        last = _day(_DEPLOYMENT, "ends", ends) if ends else None
        with self._database.transaction() as store:
            deployment = self._deployment(store, deployment_id, by)
            if deployment.closed:
                raise InvalidInput(_DEPLOYMENT, "closed", True, "is already closed")
            closed = deployment.evolve(
                closed=True,
                outcome=_text(_DEPLOYMENT, "outcome", outcome) or None,
                lessons=_text(_DEPLOYMENT, "lessons", lessons) or None,
                ends=last or deployment.ends or self._clock.now().date(),
            )
            problem = deployment_problem(closed)
            if problem is not None:
                raise InvalidInput(_DEPLOYMENT, *problem)
            stored = store.assistance.update_deployment(closed, deployment.version)
            self._audit.record(
                store,
                by=by,
                action="team.deployment.close",
                entity=_DEPLOYMENT,
                key=stored.id,
                before=deployment_to_dict(deployment),
                after=deployment_to_dict(stored),
            )
        return stored

    def deployments(
        self,
        *,
        by: User,
        team: str | None = None,
        incident: str | None = None,
        state: str | None = None,
    ) -> tuple[Deployment, ...]:
        """The deployments ``by`` may read, the latest started first: of ``team``, about
        ``incident`` or to ``state`` when given."""
        require(by, Permission.READ)
        knowledge = self._knowledge.get()
        where = inputs.state(knowledge, _FILTER, state) if state else None
        with self._database.read() as store:
            team_id = self._team(store, team, by).id if team else None
            ids = [readable_incident(store, incident.strip(), by).id] if incident else None
            found = store.assistance.deployments(
                *_cleared(by), team_id=team_id, incident_ids=ids, location=where
            )
            return tuple(self._visible(store, found, by))

    def deployment(self, deployment_id: str, *, by: User) -> Deployment:
        require(by, Permission.READ)
        with self._database.read() as store:
            return self._deployment(store, deployment_id, by)

    # ---------------------------------------------------------------------------------------

    def _board_order(self) -> _BoardOrder:
        return _BoardOrder(self._clock.now())

    def _readable(self, store: Repositories, request_id: str, by: User) -> AssistanceRequest:
        hint = "`cdt requests list` shows the requests"
        try:
            request = store.assistance.get_request(request_id.strip())
        except NotFound:
            raise NotFound(_REQUEST, request_id, hint) from None
        if not self._visible(store, [request], by):
            raise NotFound(_REQUEST, request_id, hint)
        return request

    def _deployment(self, store: Repositories, deployment_id: str, by: User) -> Deployment:
        hint = "`cdt teams deployments` lists them"
        try:
            deployment = store.assistance.get_deployment(deployment_id.strip())
        except NotFound:
            raise NotFound(_DEPLOYMENT, deployment_id, hint) from None
        if not self._visible(store, [deployment], by):
            raise NotFound(_DEPLOYMENT, deployment_id, hint)
        return deployment

    def _team(self, store: Repositories, team_id: str, by: User) -> Team:
        key = team_id.strip().lower()
        bundled = self._knowledge.get().assistance.teams
        if key in bundled:
            return bundled[key]
        try:
            team = store.assistance.get_team(key)
        except NotFound:
            raise NotFound(_TEAM, team_id, "`cdt teams list` shows the teams") from None
        if not by.may_read(team):
            raise NotFound(_TEAM, team_id, "`cdt teams list` shows the teams")
        return team

    def _incident(
        self, store: Repositories, entity: str, key: str | None, by: User
    ) -> Incident | None:
        if key is None or not key.strip():
            return None
        try:
            return readable_incident(store, key.strip(), by)
        except NotFound:
            reason = "is not a stored incident you may read (`cdt incidents list`)"
            raise InvalidInput(entity, "incident", key, reason) from None

    @staticmethod
    def _visible(store: Repositories, records: Sequence[R], by: User) -> builtins.list[R]:
        """``records`` within ``by``'s clearances whose incident, if any, ``by`` may read:
        a record about a hidden incident would tell of it."""
        marked = [r for r in records if by.may_read(r)]
        about = {r.incident_id for r in marked if r.incident_id}
        readable = {
            i
            for i, incident in store.incidents.get_many(sorted(about)).items()
            if by.may_read(incident)
        }
        return [r for r in marked if r.incident_id is None or r.incident_id in readable]


class _BoardOrder:
    """Open requests first, the overdue first among them by deadline, then by sending."""

    def __init__(self, now: datetime) -> None:
        self._now = now

    def __call__(self, request: AssistanceRequest) -> tuple[int, float, float, str]:
        from cdtoolbox.model.assistance import is_overdue

        late = is_overdue(request, self._now)
        rank = 0 if late else 1 if request.status is RequestStatus.OPEN else 2
        deadline = request.deadline.timestamp() if late and request.deadline else 0.0
        return (rank, deadline, -request.sent_at.timestamp(), request.id)


def _cleared(by: User) -> tuple[Tlp, Classification | None]:
    return by.clearance, by.classification_clearance


def _open(request: AssistanceRequest) -> AssistanceRequest:
    if request.status is not RequestStatus.OPEN:
        reason = f"is {request.status.value}: only an open request is answered or withdrawn"
        raise InvalidInput(_REQUEST, "status", request.status.value, reason)
    return request


def _party(knowledge: KnowledgeBase, entity: str, field: str, value: str) -> str:
    """A State (its ISO code, from a code or a name) or a body named in full. Two or three
    letters are taken for a country code, so a mistyped code is refused rather than kept
    as the name of a body."""
    text = (value or "").strip()
    if not text:
        raise InvalidInput(entity, field, value, "is required: a State or a body")
    if text.upper() == "EU":
        return "EU"
    country = knowledge.countries.find(text)
    if country is not None:
        return country.code
    if len(text) <= 3 and text.isalpha():
        raise InvalidInput(entity, field, value, "is not an ISO 3166 country code")
    if len(text) > 200:
        raise InvalidInput(entity, field, text[:40] + "…", "is longer than 200 characters")
    return text


def _marking(
    entity: str,
    by: User,
    incident: Incident | None,
    tlp: Tlp | str | None,
    classification: Classification | str | None,
) -> tuple[Tlp, Classification | None]:
    """The record's marking: as given, else its incident's, else TLP:AMBER unclassified;
    never above the writer's clearances."""
    default = incident.tlp if incident else Tlp.AMBER
    marking = default if tlp is None else inputs.tlp(entity, tlp)
    if not by.cleared_for(marking):
        raise InvalidInput(entity, "tlp", marking.value, "is above your clearance")
    if classification is None:
        level = incident.classification if incident else None
    else:
        level = inputs.classification(entity, classification, by)
    return marking, level


def _contact(store: Repositories, state: str | None, by: User) -> str | None:
    """The id of ``state``'s registered point of contact ``by`` may read, policy contacts
    before technical ones (a request for assistance is a State-to-State message)."""
    if state is None:
        return None
    found = store.cooperation.pocs(
        by.clearance, state=state, classification=by.classification_clearance
    )
    found.sort(key=lambda poc: (poc.level.value != "policy", poc.id))
    return found[0].id if found else None


def _when(entity: str, field: str, value: datetime | str) -> datetime:
    """A moment in ISO 8601 (UTC when no offset is given); unlike a past event it may lie
    in the future."""
    if not isinstance(value, datetime):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            reason = "must be a date and time written YYYY-MM-DDTHH:MM[:SS][+HH:MM]"
            raise InvalidInput(entity, field, value, reason) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _day(entity: str, field: str, value: date | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(entity, field, value, "must be a date written YYYY-MM-DD") from None


def _window(starts: date | str, ends: date | str | None) -> Window:
    first = _day(_TEAM, "availability", starts)
    last = _day(_TEAM, "availability", ends) if ends else None
    if last is not None and last < first:
        reason = f"ends before it starts ({first.isoformat()})"
        raise InvalidInput(_TEAM, "availability", last.isoformat(), reason)
    return Window(first, last)


def _text(entity: str, field: str, value: str | None) -> str:
    text = (value or "").strip()
    if len(text) > MAX_TEXT:
        reason = f"is longer than {MAX_TEXT} characters"
        raise InvalidInput(entity, field, text[:40] + "…", reason)
    return text


def _quoted(text: str) -> str:
    return text if len(text) <= _QUOTED else text[: _QUOTED - 1].rstrip() + "…"


def _requested(request: AssistanceRequest) -> str:
    to = f" of {request.addressee}" if request.addressee else ""
    basis = {
        Channel.NORM_13H: "under norm 13(h)",
        Channel.ART_42_7_TEU: "of the Member States under Art. 42(7) TEU",
        Channel.ART_222_TFEU: "of the Union under Art. 222 TFEU",
        Channel.PESCO_CRRT: "of the PESCO Cyber Rapid Response Teams",
        Channel.EU_RESERVE: "of the EU Cybersecurity Reserve",
    }[request.channel]
    return f"Assistance requested by {request.requester}{to} {basis}: {_quoted(request.asked)}"


def _deployed(team: Team, deployment: Deployment) -> str:
    until = f" to {deployment.ends.isoformat()}" if deployment.ends else ""
    return (
        f"{team.name} deployed to {deployment.location} from {deployment.starts.isoformat()}"
        f"{until}: {_quoted('; '.join(deployment.tasks))}"
    )
