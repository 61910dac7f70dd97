"""Alerts: the rules of ``assess.alert_rules`` run over what is stored, their findings kept
once per rule and subject, listed within the reader's clearance and acknowledged by analysts
(see docs/situation.md, "Alerts").

The rules read every incident whatever its marking (an alert must be raised even when no
one is looking), and each alert keeps its subject's markings, so it is listed to the readers
of that subject only.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from cdtoolbox.assess.alert_rules import (
    AlertSnapshot,
    IncidentFacts,
    ListedActor,
    OverdueRequest,
    evaluate,
)
from cdtoolbox.assess.engine import Assessor
from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.model import Incident, IncidentFilter, Tlp
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.alert_codec import alert_to_dict
from cdtoolbox.model.alerts import Alert
from cdtoolbox.model.audit import AuditEntry
from cdtoolbox.model.ports import Clock, IdFactory
from cdtoolbox.model.vocabulary import Classification, SeverityLevel
from cdtoolbox.store import Database
from cdtoolbox.toolbox.access import require
from cdtoolbox.toolbox.audit import AuditService

__all__ = ["AlertCheck", "AlertService", "OverdueSource"]

#: Where the overdue-request rule reads its requests: the assistance service's
#: ``overdue(at, by)``, given the moment of the check and who runs it.
OverdueSource = Callable[[datetime, User], Sequence[OverdueRequest]]


@dataclass(frozen=True)
class AlertCheck:
    raised: tuple[Alert, ...]  # alerts new with this check
    seen_again: tuple[Alert, ...]  # alerts already raised, their last_seen moved to now


class AlertService:
    """Run the alert rules; list and acknowledge the alerts they raised."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        ids: IdFactory,
        audit: AuditService,
        assessor: Callable[[], Assessor],
        overdue_sources: Sequence[OverdueSource] = (),
        on_raised: Sequence[Callable[[Sequence[Alert]], object]] = (),
    ) -> None:
        self._database = database
        self._clock = clock
        self._ids = ids
        self._audit = audit
        self._assessor = assessor
        self._overdue_sources = tuple(overdue_sources)
        self._on_raised = tuple(on_raised)

    def check(self, *, by: User, incident_ids: Sequence[str] | None = None) -> AlertCheck:
        """Run every rule (over ``incident_ids`` only when given, as after a write) and store
        what they find: a new alert per rule and subject, or the old one seen again."""
        require(by, Permission.EDIT_INCIDENTS)
        return self._run(by, incident_ids)

    def after_write(self, entry: AuditEntry, *, by: User) -> None:
        """Run the rules after a committed write they read: over the incident an entry is
        about; over every incident after an import (its entry lists only some) or a change
        to a sanctions listing. The write was allowed, so the rules it sets off are too."""
        if entry.entity == "incident":
            self._run(by, [entry.key])
        elif entry.entity in ("import", "listing"):
            self._run(by, None)

    def _run(self, by: User, incident_ids: Sequence[str] | None) -> AlertCheck:
        now = self._clock.now()
        snapshot = self._snapshot(now, by, incident_ids)
        raised: list[Alert] = []
        seen: list[Alert] = []
        with self._database.transaction() as store:
            for finding in evaluate(snapshot):
                held = store.alerts.find(finding)
                if held is not None:
                    seen.append(
                        store.alerts.replace(
                            held.evolve(
                                last_seen=now,
                                summary=finding.summary,
                                tlp=finding.tlp,
                                classification=finding.classification,
                            )
                        )
                    )
                    continue
                alert = store.alerts.add(
                    Alert(
                        id=self._ids.new_id("alert"),
                        rule=finding.rule,
                        subject_kind=finding.subject_kind,
                        subject_id=finding.subject_id,
                        summary=finding.summary,
                        first_seen=now,
                        last_seen=now,
                        tlp=finding.tlp,
                        classification=finding.classification,
                    )
                )
                # Not audited: an alert is derived from records whose changes are, and its
                # first_seen and last_seen say when the rules found it.
                raised.append(alert)
        # Once committed: what is told outside (webhooks) is what is stored.
        if raised:
            for listener in self._on_raised:
                listener(raised)
        return AlertCheck(tuple(raised), tuple(seen))

    def list(self, *, by: User, acknowledged: bool | None = False) -> tuple[Alert, ...]:
        """The alerts ``by`` may read, the latest seen first: those not yet acknowledged,
        or only the acknowledged ones (True), or all (None)."""
        require(by, Permission.READ)
        with self._database.read() as store:
            return tuple(
                store.alerts.list(
                    by.clearance, by.classification_clearance, acknowledged=acknowledged
                )
            )

    def acknowledge(self, alert_id: str, *, by: User) -> Alert:
        """Mark ``alert_id`` seen by ``by`` (an analyst): it leaves the open alerts, and a
        rule finding its subject again moves its last_seen without re-opening it."""
        require(by, Permission.EDIT_INCIDENTS)
        with self._database.transaction() as store:
            alert = store.alerts.get(alert_id.strip())
            if alert is None or not by.may_read(alert):
                raise NotFound("alert", alert_id, "`cdt alerts list`")
            if alert.acknowledged_at is not None:
                reason = f"was acknowledged by {alert.acknowledged_by}"
                raise InvalidInput("alert", "id", alert_id, reason)
            done = store.alerts.replace(
                alert.evolve(acknowledged_at=self._clock.now(), acknowledged_by=by.username)
            )
            self._audit.record(
                store,
                by=by,
                action="alert.acknowledge",
                entity="alert",
                key=done.id,
                before=alert_to_dict(alert),
                after=alert_to_dict(done),
            )
        return done

    def _snapshot(
        self, now: datetime, by: User, incident_ids: Sequence[str] | None
    ) -> AlertSnapshot:
        from cdtoolbox.assess.facts import derive_facts
        from cdtoolbox.assess.severity import assess_severity

        tables = self._assessor().tables
        with self._database.read() as store:
            if incident_ids is None:
                # Every incident whatever its marking: the alert keeps the incident's.
                every = IncidentFilter(max_tlp=Tlp.RED, max_classification=Classification.SECRET_UE)
                incidents: builtins.list[Incident] = [*store.incidents.every(every)]
            else:
                incidents = [*store.incidents.get_many(sorted(set(incident_ids))).values()]

        def grade(incident: Incident) -> SeverityLevel:
            return assess_severity(derive_facts(incident, tables)).level

        facts = [
            IncidentFacts(
                incident=incident,
                member_states=tuple(c for c in incident.victim_countries if c in tables.eu_members),
                grade=grade,
            )
            for incident in incidents
        ]
        listed = {
            actor_id: ListedActor(tables.actor_name(actor_id), listings[0].listed_on)
            for actor_id, listings in tables.listings_by_actor.items()
            if listings
        }
        requests = [request for source in self._overdue_sources for request in source(now, by)]
        return AlertSnapshot(tuple(facts), listed, tuple(requests))
