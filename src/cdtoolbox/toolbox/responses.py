"""The public responses kept in the store: the release's bundled file, loaded by ``init``,
and the analysts' own, drafted from stored statements and confirmed.

Confirmed responses are the precedents of the assessment and the "public responses" of the
incident pages and of the statistics; a draft is seen only by those who may read the
statement it was drafted from, and counts nowhere until it is confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cdtoolbox.errors import Conflict, InvalidInput, NotFound
from cdtoolbox.model import (
    PartialDate,
    PublicResponse,
    RespondingPartyKind,
    Verification,
)
from cdtoolbox.model.access import SYSTEM_USER, Permission, User
from cdtoolbox.model.ports import Clock
from cdtoolbox.model.response_record import (
    DraftCorrections,
    IncidentDraft,
    ResponseOrigin,
    ResponseQuery,
    ResponseRecord,
    ResponseState,
)
from cdtoolbox.model.statement import Statement
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.store.database import Database, Repositories
from cdtoolbox.toolbox import cooperation_inputs as inputs
from cdtoolbox.toolbox.access import require
from cdtoolbox.toolbox.audit import AuditService
from cdtoolbox.toolbox.incidents import IncidentService
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource
from cdtoolbox.toolbox.response_drafts import draft_id, draft_response, is_a_response

__all__ = ["ResponseSeedReport", "ResponseService", "response_summary"]

_RESPONSE = "public response"
_FILTER = "filter"
_AS_DRAFTED = DraftCorrections()
#: The longest wording a correction may give: a response's words on who was responsible.
MAX_WORDING = 5_000


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
        incidents: IncidentService,
        audit: AuditService,
    ) -> None:
        self._database = database
        self._clock = clock
        self._knowledge = knowledge
        self._incidents = incidents
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

    def draft(self, statement_id: str, *, by: User) -> ResponseRecord:
        """The draft response of a stored statement, drafted from its reading (and a draft
        incident where the reading matched no stored incident but read an attribution or
        targets), stored as a draft at the statement's markings; drafting again updates it.
        A response confirmed from the statement already is given back unchanged."""
        require(by, Permission.EDIT_INCIDENTS)
        with self._database.transaction() as store:
            statement = store.statements.get(
                statement_id.strip(), by.clearance, by.classification_clearance
            )
            drafted = draft_response(statement, self._knowledge.get())
            existing = store.responses.find(drafted.response.id)
            if existing is not None and existing.confirmed:
                return existing
            now = self._clock.now()
            record = ResponseRecord(
                response=drafted.response,
                state=ResponseState.DRAFT,
                origin=ResponseOrigin.ANALYST,
                tlp=statement.tlp,
                classification=statement.classification,
                drafted_by=by.username,
                drafted_at=now,
                statement_id=statement.id,
                incident_draft=drafted.incident,
            )
            if existing is None:
                stored = store.responses.add(record)
            elif _same_draft(existing, record):
                return existing
            else:
                stored = store.responses.update(record, existing.version)
            self._write(store, "response.draft", existing, stored, by)
            return stored

    def confirm(
        self,
        statement_id: str,
        corrections: DraftCorrections = _AS_DRAFTED,
        *,
        by: User,
        expected_version: int | None = None,
    ) -> ResponseRecord:
        """Confirm the draft response of a statement with ``corrections``: it becomes a
        precedent of the assessment and shows on the pages of the incidents it concerns. Its
        draft incident, unless ``corrections`` name stored incidents instead, is recorded as
        a real incident (validated as every incident is) and the response linked to it.

        Refused (InvalidInput) when the draft no longer matches what it was drafted from:
        the statement re-marked, or an incident it concerns no longer stored or readable."""
        require(by, Permission.EDIT_INCIDENTS)
        key = draft_id(statement_id.strip())
        with self._database.read() as store:
            statement = store.statements.get(
                statement_id.strip(), by.clearance, by.classification_clearance
            )
            record = store.responses.find(key)
        if record is None or not by.may_read(record):
            raise NotFound(
                "response draft", key, f"`cdt statements draft {statement.id}` drafts it"
            )
        if record.confirmed:
            raise InvalidInput(_RESPONSE, "state", record.state.value, "is confirmed already")
        if expected_version is not None and expected_version != record.version:
            # Before the draft incident is recorded: a stale review records nothing.
            raise Conflict(_RESPONSE, record.id, expected_version, record.version)
        if (record.tlp, record.classification) != (statement.tlp, statement.classification):
            raise InvalidInput(
                _RESPONSE,
                "tlp",
                record.tlp.value,
                "no longer matches the statement's marking, changed since the draft: draft it "
                "again",
            )
        response = self._corrected(record.response, corrections)
        slugs = self._readable_incidents(response.incidents, by)
        draft = record.incident_draft if corrections.incidents is None else None
        if slugs or draft is None:  # a new incident has no response on record yet
            self._refuse_a_repeat(replace(response, incidents=slugs), by)
        if draft is not None and not slugs:
            slugs = (self._record_incident(draft, statement, response, corrections, by),)
        confirmed = record.evolve(
            response=replace(response, incidents=slugs, status=Verification.VERIFIED),
            state=ResponseState.CONFIRMED,
            confirmed_by=by.username,
            confirmed_at=self._clock.now(),
            incident_draft=None,
        )
        with self._database.transaction() as store:
            stored = store.responses.update(
                confirmed, record.version if expected_version is None else expected_version
            )
            self._write(store, "response.confirm", record, stored, by)
        return stored

    def _corrected(self, response: PublicResponse, corrections: DraftCorrections) -> PublicResponse:
        knowledge = self._knowledge.get()
        instrument = response.instrument_id
        if corrections.instrument is not None and corrections.instrument.strip():
            instrument = corrections.instrument.strip()
            if instrument not in knowledge.instruments:
                raise InvalidInput(
                    _RESPONSE, "instrument", instrument, "is not an instrument id of the Toolbox"
                )
        if response.party_kind is RespondingPartyKind.EU and instrument is None:
            raise InvalidInput(
                _RESPONSE,
                "instrument",
                None,
                "is required: an EU response uses a Toolbox instrument (the reading found none)",
            )
        issued = response.date
        if corrections.date is not None and corrections.date.strip():
            try:
                issued = PartialDate.parse(corrections.date.strip())
            except ValueError as error:
                raise InvalidInput(_RESPONSE, "date", corrections.date, str(error)) from None
        state = response.state_named
        if corrections.state_named is not None:
            given = corrections.state_named.strip()
            state = inputs.state(knowledge, _RESPONSE, given, "state_named") if given else None
        wording = response.attribution_wording
        if corrections.wording is not None:
            wording = " ".join(corrections.wording.split()) or None
            if wording is not None and len(wording) > MAX_WORDING:
                reason = f"is longer than {MAX_WORDING:,} characters: quote the words that decide"
                raise InvalidInput(_RESPONSE, "wording", wording, reason)
        incidents = response.incidents
        if corrections.incidents is not None:
            incidents = tuple(dict.fromkeys(s.strip() for s in corrections.incidents if s.strip()))
        return replace(
            response,
            instrument_id=instrument,
            measure=(
                knowledge.instruments.get(instrument).name
                if instrument is not None
                else response.measure
            ),
            date=issued,
            state_named=state,
            attribution_wording=wording,
            incidents=incidents,
        )

    def is_a_response(self, statement: Statement) -> bool:
        """Whether a statement (read already by the caller) may be drafted into a response:
        its issuer is the EU or a Member State, whose public responses alone are recorded."""
        return is_a_response(statement, self._knowledge.get())

    def repeat_of(self, response: PublicResponse, *, by: User) -> ResponseRecord | None:
        """The confirmed response ``by`` may read that records the same act as ``response``
        (``PublicResponse.same_act_as``), other than ``response``'s own record: the
        release's record of a declaration, or one confirmed from another statement of it."""
        require(by, Permission.READ)
        query = ResponseQuery(
            incident=response.incidents[0] if response.incidents else None,
            state=ResponseState.CONFIRMED,
        )
        with self._database.read() as store:
            held = store.responses.list(query, by.clearance, by.classification_clearance)
        return next(
            (r for r in held if r.id != response.id and r.response.same_act_as(response)), None
        )

    def _refuse_a_repeat(self, response: PublicResponse, by: User) -> None:
        """InvalidInput when the act is on record already: confirming it again would count
        it twice in the statistics and among the precedents."""
        other = self.repeat_of(response, by=by)
        if other is not None:
            raise InvalidInput(
                _RESPONSE,
                "incidents",
                ", ".join(response.incidents) or None,
                f"{'have' if len(response.incidents) > 1 else 'has'} this response on "
                f"record already: {other.response.party}, {other.response.date}, "
                f"{other.response.measure.rstrip('.')} ({other.id}); the statement is the "
                "same act, so nothing was confirmed",
            )

    def _readable_incidents(self, slugs: tuple[str, ...], by: User) -> tuple[str, ...]:
        """The slugs, each of an incident stored now that ``by`` may read."""
        for slug in slugs:
            try:
                self._incidents.get(slug, by=by)
            except NotFound:
                raise InvalidInput(
                    _RESPONSE, "incidents", slug, "is not a stored incident you may read"
                ) from None
        return slugs

    def _record_incident(
        self,
        draft: IncidentDraft,
        statement: Statement,
        response: PublicResponse,
        corrections: DraftCorrections,
        by: User,
    ) -> str:
        """Store the draft incident through the incidents' own write path; its slug."""
        if not corrections.incident_types:
            raise InvalidInput(
                "incident",
                "types",
                None,
                "is required to record the draft incident (what the activity did: espionage, "
                "wiper …), or name a stored incident instead",
            )
        title = (corrections.incident_title or "").strip() or draft.title
        source = {
            "title": f"Statement {statement.id}",
            **({"url": draft.source} if draft.source else {}),
        }
        party = {
            "kind": "eu" if response.party_kind is RespondingPartyKind.EU else "state",
            "name": response.party,
            **({"country": response.country} if response.country else {}),
        }
        attribution: dict[str, object] = {"by": party, "date": str(response.date), "source": source}
        for field, value in (
            ("state", response.state_named or draft.state),
            ("actor", draft.actor),
            ("likelihood", draft.likelihood.value if draft.likelihood else None),
            ("confidence", draft.confidence.value if draft.confidence else None),
            ("wording", response.attribution_wording),
        ):
            if value:
                attribution[field] = value
        document: dict[str, object] = {
            "title": title,
            "disclosed": draft.date or str(response.date),
            "types": list(corrections.incident_types),
            "victims": {"countries": list(draft.countries), "sectors": list(draft.sectors)},
            "sources": [source],
            "tlp": statement.tlp.value,
            **(
                {"classification": statement.classification.value}
                if statement.classification
                else {}
            ),
        }
        if "state" in attribution or "actor" in attribution:
            document["attributions"] = [attribution]
        (created,) = self._incidents.add(
            [document], by=by, source=f"statement {statement.id}"
        ).created
        return created.slug

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


def _same_draft(stored: ResponseRecord, drafted: ResponseRecord) -> bool:
    return (stored.response, stored.incident_draft, stored.tlp, stored.classification) == (
        drafted.response,
        drafted.incident_draft,
        drafted.tlp,
        drafted.classification,
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
