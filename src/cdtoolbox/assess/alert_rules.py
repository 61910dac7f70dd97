"""The alert rules: each a small pure function from a snapshot of what is stored to the
findings it raises (see docs/situation.md, "Alerts").

A rule reads only the snapshot, so it is tested without a database and a new rule is one
function added to ``RULES``. The snapshot is built by the Toolbox with every record whatever
its marking: each finding carries its subject's markings, and the alert is shown to the
readers of its subject only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Protocol

from cdtoolbox.model import Incident
from cdtoolbox.model.alerts import AlertFinding, AlertRule
from cdtoolbox.model.vocabulary import Classification, SeverityLevel, Tlp

__all__ = [
    "ALERT_SEVERITY",
    "RULES",
    "AlertSnapshot",
    "IncidentFacts",
    "ListedActor",
    "OverdueRequest",
    "Rule",
    "evaluate",
    "request_overdue",
    "sanctioned_actor_active_again",
    "severe_in_several_member_states",
]

#: The lowest severity rule 1 alerts on ("high or above").
ALERT_SEVERITY = SeverityLevel.HIGH


@dataclass(frozen=True)
class ListedActor:
    """An actor with an active EU listing: its name and the earliest date it was listed."""

    name: str
    listed_on: date


@dataclass(frozen=True)
class IncidentFacts:
    """What the rules read of one incident: the record, the Member States among its victims
    and its severity as the board shows it (the assessment's most likely level), which
    ``grade`` gives on first read."""

    incident: Incident
    member_states: tuple[str, ...]
    grade: Callable[[Incident], SeverityLevel]

    @cached_property
    def severity(self) -> SeverityLevel:
        # Graded only when a rule reads it: rule 1 does so for incidents in two or more
        # Member States alone, a few of a store, and grading is most of a run's time.
        return self.grade(self.incident)


class OverdueRequest(Protocol):
    """A request for assistance past its deadline and unanswered, as the assistance service
    reports it (``toolbox.assistance.overdue``)."""

    @property
    def id(self) -> str: ...

    @property
    def requester(self) -> str: ...

    @property
    def asked(self) -> str: ...

    @property
    def deadline(self) -> datetime | None: ...

    @property
    def tlp(self) -> Tlp: ...

    @property
    def classification(self) -> Classification | None: ...


@dataclass(frozen=True)
class AlertSnapshot:
    incidents: Sequence[IncidentFacts] = ()
    listed_actors: dict[str, ListedActor] = field(default_factory=dict)  # by actor id
    overdue_requests: Sequence[OverdueRequest] = ()


Rule = Callable[[AlertSnapshot], Iterable[AlertFinding]]


def severe_in_several_member_states(snapshot: AlertSnapshot) -> Iterable[AlertFinding]:
    """Rule 1: an incident of severity high or above affecting two or more Member States."""
    for facts in snapshot.incidents:
        if len(facts.member_states) >= 2 and facts.severity.rank >= ALERT_SEVERITY.rank:
            incident = facts.incident
            states = ", ".join(facts.member_states)
            yield AlertFinding(
                AlertRule.SEVERE_IN_SEVERAL_STATES,
                "incident",
                incident.id,
                f"{incident.title}: severity {facts.severity.value}, Member States {states}",
                incident.tlp,
                incident.classification,
            )


def sanctioned_actor_active_again(snapshot: AlertSnapshot) -> Iterable[AlertFinding]:
    """Rule 2: an incident attributed to an actor with an EU listing, starting after the
    listing (the same test as the response level's "listed before": an incident without a
    known start is not dated after anything)."""
    for facts in snapshot.incidents:
        incident = facts.incident
        began = incident.start or incident.disclosed
        if began is None:
            continue
        for actor_id in incident.attributed_actor_ids:
            listed = snapshot.listed_actors.get(actor_id)
            if listed is not None and listed.listed_on <= began.earliest:
                yield AlertFinding(
                    AlertRule.SANCTIONED_ACTOR_ACTIVE,
                    "incident",
                    incident.id,
                    f"{incident.title}: attributed to {listed.name}, listed by the EU on "
                    f"{listed.listed_on.isoformat()}, active again from {began}",
                    incident.tlp,
                    incident.classification,
                )
                break


def request_overdue(snapshot: AlertSnapshot) -> Iterable[AlertFinding]:
    """Rule 3: a request for assistance unanswered after its deadline."""
    for request in snapshot.overdue_requests:
        yield AlertFinding(
            AlertRule.REQUEST_OVERDUE,
            "request",
            request.id,
            f"Request of {request.requester} unanswered since its deadline "
            f"{_deadline(request.deadline)}: {request.asked}",
            request.tlp,
            request.classification,
        )


def _deadline(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else "(none set)"


RULES: tuple[Rule, ...] = (
    severe_in_several_member_states,
    sanctioned_actor_active_again,
    request_overdue,
)


def evaluate(snapshot: AlertSnapshot, rules: Sequence[Rule] = RULES) -> list[AlertFinding]:
    """Every finding of ``rules`` over ``snapshot``, once per rule and subject."""
    found: dict[tuple[AlertRule, str], AlertFinding] = {}
    for rule in rules:
        for finding in rule(snapshot):
            found.setdefault((finding.rule, finding.subject_id), finding)
    return list(found.values())
