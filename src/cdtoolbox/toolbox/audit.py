"""The audit trail: record each governed change in its writer's transaction, read and verify it.

An entry shows a record as it was and as it became, so it is shown only to readers cleared
for that record: an entry about an incident, or about a case (whose marking is its
incidents'), needs clearance for the incident's current marking *and* for every marking the
entry itself records (a declassified incident's earlier, more restricted text stays hidden).
An entry about an incident no longer stored is shown to RED-cleared readers only. Entries
about records without a marking (listings, accounts, tokens, TAXII collections) are shown to
every reader of the trail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Final

from cdtoolbox.errors import NotFound
from cdtoolbox.model import Incident
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.audit import AuditEntry, AuditVerification
from cdtoolbox.model.ports import Clock
from cdtoolbox.model.vocabulary import Classification, Tlp
from cdtoolbox.store.database import Database, Repositories
from cdtoolbox.store.integers import check_count
from cdtoolbox.toolbox.access import require

__all__ = [
    "CLASSIFICATION_FIELD",
    "INCIDENT_IDS_FIELD",
    "MARKING_FIELD",
    "MAX_LISTED_IDS",
    "AuditListener",
    "AuditService",
]

#: Told of each entry once its transaction has committed, with who made the change.
AuditListener = Callable[[AuditEntry, User], None]

#: The field of ``before``/``after`` naming a TLP marking the entry discloses.
MARKING_FIELD: Final = "tlp"
# Written only when a record is classified, so unclassified entries read as they always did.
CLASSIFICATION_FIELD: Final = "classification"
#: The field of ``before``/``after`` listing the incidents an entry about a batch concerns.
INCIDENT_IDS_FIELD: Final = "incident_ids"
#: How many ids an entry about a batch lists; the counts say how many there were in all.
MAX_LISTED_IDS: Final = 200

# Entries are read from the store in batches of this many while filling a page, since some
# of each batch may be hidden from the reader.
_BATCH = 500

_TLP_VALUES = frozenset(marking.value for marking in Tlp)


class AuditService:
    def __init__(
        self, database: Database, clock: Clock, listeners: Sequence[AuditListener] = ()
    ) -> None:
        self._database = database
        self._clock = clock
        self._listeners = tuple(listeners)

    def _notify(self, store: Repositories, entry: AuditEntry, by: User) -> AuditEntry:
        # After the commit, so a listener reads what was written, and never a change that
        # was rolled back.
        for listener in self._listeners:
            store.after_commit(partial(listener, entry, by))
        return entry

    def record(
        self,
        store: Repositories,
        *,
        by: User,
        action: str,
        entity: str,
        key: str,
        before: Mapping[str, object] | None,
        after: Mapping[str, object] | None,
    ) -> AuditEntry:
        """Append an entry inside the caller's transaction, so the change and its record
        are committed together or not at all."""
        entry = store.audit.append(
            at=self._clock.now(),
            actor=by.username,
            action=action,
            entity=entity,
            key=key,
            before=before,
            after=after,
        )
        return self._notify(store, entry, by)

    def record_import(
        self,
        store: Repositories,
        *,
        by: User,
        action: str,
        source: str,
        incidents: Sequence[Incident],
        **counts: int,
    ) -> AuditEntry:
        """One entry for a batch of incidents written together (a file, a bundle, the bundled
        dataset): its counts, the first ``MAX_LISTED_IDS`` ids and the most restricted
        marking among them all, which hides the entry from readers not cleared for every
        incident of the batch."""
        after: dict[str, object] = dict(counts)
        after[INCIDENT_IDS_FIELD] = [incident.id for incident in incidents[:MAX_LISTED_IDS]]
        if incidents:
            after[MARKING_FIELD] = max((i.tlp for i in incidents), key=lambda t: t.rank).value
            highest = max((i.classification for i in incidents), key=Classification.rank_of)
            if highest is not None:
                after[CLASSIFICATION_FIELD] = highest.value
        return self.record(
            store, by=by, action=action, entity="import", key=source, before=None, after=after
        )

    def entries(
        self,
        *,
        by: User,
        entity: str | None = None,
        key: str | None = None,
        after_seq: int = 0,
        before_seq: int | None = None,
        newest_first: bool = False,
        limit: int | None = None,
    ) -> list[AuditEntry]:
        """The entries ``by`` may read, oldest first (or ``newest_first``): up to ``limit``
        of them after ``after_seq`` and before ``before_seq``. Reading newest first, the next
        page is the one before the last entry shown. A ``key`` naming a record hidden from
        ``by`` finds nothing, exactly as a key naming no record."""
        require(by, Permission.READ_AUDIT)
        if limit is not None:  # it never reaches the store, which reads in batches
            check_count("audit", "limit", limit)
        shown: list[AuditEntry] = []
        with self._database.read() as store:
            visibility = _Visibility(store, by)
            lower, upper = after_seq, before_seq
            while limit is None or len(shown) < limit:
                batch = store.audit.entries(
                    entity=entity,
                    key=key,
                    after_seq=lower,
                    before_seq=upper,
                    newest_first=newest_first,
                    limit=_BATCH,
                )
                shown.extend(entry for entry in batch if visibility.shows(entry))
                if len(batch) < _BATCH:
                    break
                if newest_first:
                    upper = batch[-1].seq
                else:
                    lower = batch[-1].seq
        return shown if limit is None else shown[:limit]

    def verify(self, *, by: User) -> AuditVerification:
        """Recompute the whole chain from the first entry. It reports counts and hashes, never
        an entry's content, so it needs the right to read the trail and no clearance."""
        require(by, Permission.READ_AUDIT)
        with self._database.read() as store:
            return store.audit.verify()


class _Visibility:
    """Whether one reader may see an entry, reading each record's marking once per call."""

    def __init__(self, store: Repositories, reader: User) -> None:
        self._store = store
        self._reader = reader
        self._incidents: dict[str, _Markings] = {}
        self._cases: dict[str, tuple[str, ...]] = {}

    def shows(self, entry: AuditEntry) -> bool:
        reader = self._reader
        if reader.clearance is Tlp.RED and reader.classification_clearance is _HIGHEST:
            return True
        markings = [_Markings(tlp, None) for tlp in _recorded_markings(entry)]
        markings.extend(_Markings(Tlp.CLEAR, level) for level in _recorded_levels(entry))
        incident_ids = list(_recorded_incidents(entry))
        if entry.entity == "incident":
            incident_ids.append(entry.key)
        elif entry.entity == "case":
            incident_ids.extend(self._case_incidents(entry.key))
        markings.extend(self._markings(incident_ids))
        return all(reader.may_read(marking) for marking in markings)

    def _case_incidents(self, case_id: str) -> tuple[str, ...]:
        if case_id not in self._cases:
            try:
                self._cases[case_id] = self._store.cases.get(case_id).incident_ids
            except NotFound:
                self._cases[case_id] = ()
        return self._cases[case_id]

    def _markings(self, incident_ids: Iterable[str]) -> list[_Markings]:
        wanted = [i for i in set(incident_ids) if i not in self._incidents]
        if wanted:
            found = self._store.incidents.get_many(wanted)
            for incident_id in wanted:
                # An incident no longer stored has no marking left to check: the strictest.
                incident = found.get(incident_id)
                self._incidents[incident_id] = (
                    _Markings(incident.tlp, incident.classification)
                    if incident
                    else _Markings(Tlp.RED, _HIGHEST)
                )
        return [self._incidents[i] for i in incident_ids]


@dataclass(frozen=True)
class _Markings:
    """Both markings of one record an entry is about."""

    tlp: Tlp
    classification: Classification | None


_HIGHEST = max(Classification, key=lambda level: level.rank)
_LEVEL_VALUES = frozenset(level.value for level in Classification)


def _recorded_levels(entry: AuditEntry) -> Iterable[Classification]:
    for side in (entry.before, entry.after):
        value = side.get(CLASSIFICATION_FIELD) if side else None
        if isinstance(value, str):
            # A level this code did not write (or a damaged entry) hides it: the strictest.
            yield Classification(value) if value in _LEVEL_VALUES else _HIGHEST


def _recorded_markings(entry: AuditEntry) -> Iterable[Tlp]:
    for side in (entry.before, entry.after):
        value = side.get(MARKING_FIELD) if side else None
        if isinstance(value, str):
            # A marking this code did not write (or a damaged entry) hides it: the strictest.
            yield Tlp(value) if value in _TLP_VALUES else Tlp.RED


def _recorded_incidents(entry: AuditEntry) -> Iterable[str]:
    for side in (entry.before, entry.after):
        value = side.get(INCIDENT_IDS_FIELD) if side else None
        if isinstance(value, list):
            yield from (str(item) for item in value)
