"""The public responses kept in the store: the release's bundled file, loaded by ``init``,
and the analysts' own, drafted from stored statements and confirmed.

Confirmed responses are the precedents of the assessment and the "public responses" of the
incident pages and of the statistics; a draft is seen only by those who may read the
statement it was drafted from, and counts nowhere until it is confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdtoolbox.model import PublicResponse
from cdtoolbox.model.access import SYSTEM_USER, Permission, User
from cdtoolbox.model.ports import Clock
from cdtoolbox.model.response_record import (
    ResponseOrigin,
    ResponseQuery,
    ResponseRecord,
    ResponseState,
)
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.store.database import Database, Repositories
from cdtoolbox.toolbox import cooperation_inputs as inputs
from cdtoolbox.toolbox.access import require
from cdtoolbox.toolbox.audit import AuditService
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource

__all__ = ["ResponseSeedReport", "ResponseService", "response_summary"]

_RESPONSE = "public response"
_FILTER = "filter"


@dataclass(frozen=True)
class ResponseSeedReport:
    """What loading the bundled responses did; all zero on a second ``init``."""

    added: int = 0
    updated: int = 0
    removed: int = 0


class ResponseService:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        knowledge: KnowledgeSource,
        audit: AuditService,
    ) -> None:
        self._database = database
        self._clock = clock
        self._knowledge = knowledge
        self._audit = audit

    def seed(self) -> ResponseSeedReport:
        """Load the release's responses file: a response not stored yet is added, one the
        file now words otherwise is updated, a bundled one the file no longer holds is
        removed (the release corrected it). An analyst's response is never touched."""
        bundled = list(self._knowledge.get().responses)
        now = self._clock.now()
        added = updated = removed = 0
        with self._database.transaction() as store:
            seen: set[str] = set()
            for position, response in enumerate(bundled):
                seen.add(response.id)
                stored = store.responses.find(response.id)
                record = ResponseRecord(
                    response=response,
                    state=ResponseState.CONFIRMED,
                    origin=ResponseOrigin.BUNDLED,
                    tlp=Tlp.CLEAR,
                    classification=None,
                    drafted_by=SYSTEM_USER.username,
                    drafted_at=now,
                    confirmed_by=SYSTEM_USER.username,
                    confirmed_at=now,
                    bundled_position=position,
                )
                if stored is None:
                    self._write(store, "response.add", None, store.responses.add(record))
                    added += 1
                elif stored.origin is ResponseOrigin.BUNDLED and (
                    stored.response != response or stored.bundled_position != position
                ):
                    # Kept: when it was first loaded. The release's wording replaces it.
                    kept = record.evolve(drafted_at=stored.drafted_at, confirmed_at=now)
                    after = store.responses.update(kept, stored.version)
                    self._write(store, "response.update", stored, after)
                    updated += 1
            withdrawn = [
                record
                for record in store.responses.list(ResponseQuery(), Tlp.RED, None)
                if record.origin is ResponseOrigin.BUNDLED and record.id not in seen
            ]
            for record in withdrawn:
                store.responses.remove(record.id)
                self._write(store, "response.remove", record, None)
                removed += 1
        return ResponseSeedReport(added, updated, removed)

    def list(
        self,
        *,
        by: User,
        incident: str | None = None,
        state: ResponseState | str | None = ResponseState.CONFIRMED,
        statement: str | None = None,
    ) -> tuple[ResponseRecord, ...]:
        """The responses ``by`` may read: the confirmed ones unless ``state`` says otherwise
        (``None``: drafts too), of one incident (slug) or drafted from one statement (id).
        The bundled responses come first, in the file's order, then the analysts' by date."""
        require(by, Permission.READ)
        query = ResponseQuery(
            incident=incident.strip() if incident and incident.strip() else None,
            state=inputs.choice(_FILTER, "state", state, ResponseState) if state else None,
            statement=statement.strip() if statement and statement.strip() else None,
        )
        with self._database.read() as store:
            return store.responses.list(query, by.clearance, by.classification_clearance)

    def get(self, response_id: str, *, by: User) -> ResponseRecord:
        """The response; NotFound if ``by`` may not read it."""
        require(by, Permission.READ)
        with self._database.read() as store:
            return store.responses.get(
                response_id.strip(), by.clearance, by.classification_clearance
            )

    def _write(
        self,
        store: Repositories,
        action: str,
        before: ResponseRecord | None,
        after: ResponseRecord | None,
        by: User = SYSTEM_USER,
    ) -> None:
        subject = after or before
        assert subject is not None  # a write has a record before or after it
        self._audit.record(
            store,
            by=by,
            action=action,
            entity=_RESPONSE,
            key=subject.id,
            before=response_summary(before) if before else None,
            after=response_summary(after) if after else None,
        )


def response_summary(record: ResponseRecord) -> dict[str, object]:
    """What the audit trail keeps of a response: enough to tell what changed."""
    response: PublicResponse = record.response
    return {
        "id": response.id,
        "date": str(response.date),
        "party": response.party,
        "instrument": response.instrument_id,
        "incidents": list(response.incidents),
        "state_named": response.state_named,
        "wording": response.attribution_wording,
        "state": record.state.value,
        "statement": record.statement_id,
        "tlp": record.tlp.value,
        "classification": record.classification.value if record.classification else None,
    }
