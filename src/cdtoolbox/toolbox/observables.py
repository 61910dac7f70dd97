"""Observables on incidents, and the incidents that share them (see docs/correlation.md)."""

from __future__ import annotations

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model import Tlp
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.observables import (
    LinkedIncident,
    ObservableKind,
    ObservableRecord,
    SharedObservable,
    observable,
    read_any,
)
from cdtoolbox.model.ports import Clock
from cdtoolbox.store import Database
from cdtoolbox.toolbox.access import require
from cdtoolbox.toolbox.audit import MARKING_FIELD, AuditService
from cdtoolbox.toolbox.incidents import readable_incident

__all__ = ["ObservableService"]

#: The source recorded for an observable entered by hand.
MANUAL_SOURCE = "manual"


class ObservableService:
    """Record observables on incidents; find the incidents sharing one."""

    def __init__(self, database: Database, clock: Clock, audit: AuditService) -> None:
        self._database = database
        self._clock = clock
        self._audit = audit

    def add(
        self,
        incident: str,
        kind: ObservableKind | str,
        value: str,
        *,
        by: User,
        tlp: Tlp | None = None,
    ) -> ObservableRecord:
        """Record ``value`` of ``kind`` on ``incident`` (id or slug), seen now, at the
        incident's TLP unless ``tlp`` is stricter. InvalidInput when the value is not of its
        kind or ``tlp`` is above ``by``'s clearance; NotFound when the incident is not
        readable."""
        require(by, Permission.EDIT_INCIDENTS)
        found = observable(kind, value)
        with self._database.transaction() as store:
            held = readable_incident(store, incident, by)
            marking = held.tlp if tlp is None or tlp.rank < held.tlp.rank else tlp
            if not by.cleared_for(marking):
                raise InvalidInput("observable", "tlp", marking.value, "is above your clearance")
            now = self._clock.now()
            record = ObservableRecord(
                incident_id=held.id,
                observable=found,
                source=MANUAL_SOURCE,
                tlp=marking,
                first_seen=now,
                last_seen=now,
            )
            store.observables.add_many([record])
            self._audit.record(
                store,
                by=by,
                action="observable.add",
                entity="incident",
                key=held.id,
                before=None,
                after={
                    "kind": found.kind.value,
                    "value": found.value,
                    MARKING_FIELD: marking.value,
                },
            )
        return record

    def find(
        self, value: str, *, by: User, kind: ObservableKind | str | None = None
    ) -> list[SharedObservable]:
        """The incidents ``by`` may read that carry ``value`` (its kind guessed from its form
        unless given); InvalidInput when it is no observable."""
        require(by, Permission.READ)
        wanted = read_any(value) if kind is None else observable(kind, value)
        with self._database.read() as store:
            return store.observables.find(
                wanted, tlp=by.clearance, classification=by.classification_clearance
            )

    def of_incident(self, incident: str, *, by: User) -> list[ObservableRecord]:
        """The observables recorded on ``incident`` that ``by`` may read."""
        require(by, Permission.READ)
        with self._database.read() as store:
            held = readable_incident(store, incident, by)
            return store.observables.of_incident(
                held.id, tlp=by.clearance, classification=by.classification_clearance
            )

    def linked(self, incident: str, *, by: User) -> list[LinkedIncident]:
        """The other incidents ``by`` may read that share an observable with ``incident``,
        each with the shared values; NotFound when ``incident`` is not readable."""
        require(by, Permission.READ)
        with self._database.read() as store:
            held = readable_incident(store, incident, by)
            return store.observables.linked(
                held.id, tlp=by.clearance, classification=by.classification_clearance
            )
