"""Official statements: read a declaration, a press release or a national attribution into a
``StatementReading`` (docs/statements.md), and keep statements in the archive with their
reading, to be found by their words, their issuer, their instrument and the names read.

The archive holds one statement per text (the SHA-256 of its normalised text): adding a text
already kept stores nothing and gives the kept statement back. A batch of files is added
whole or not at all: a file that gives no text refuses the batch, naming the file.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cdtoolbox.errors import ImportRejected, InvalidInput
from cdtoolbox.model import Page
from cdtoolbox.model.access import SYSTEM_USER, Permission, User
from cdtoolbox.model.ports import Clock
from cdtoolbox.model.statement import (
    READING_INSTRUMENTS,
    IssuerKind,
    Statement,
    StatementFile,
    StatementQuery,
    StatementReading,
    text_digest,
)
from cdtoolbox.model.vocabulary import Classification, Tlp
from cdtoolbox.store import RecordKind
from cdtoolbox.store.database import Database, Repositories
from cdtoolbox.toolbox import cooperation_inputs as inputs
from cdtoolbox.toolbox.access import require
from cdtoolbox.toolbox.audit import AuditService
from cdtoolbox.toolbox.derived import DerivedCache, DerivedView
from cdtoolbox.toolbox.incidents import IncidentService
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource

if TYPE_CHECKING:
    from cdtoolbox.ingest.statements import IncidentNames, StatementReader, StatementSource

__all__ = ["AddedStatement", "BundledStatementsReport", "StatementService"]

_STATEMENT = "statement"
_FILTER = "filter"
_LANGUAGE = re.compile(r"[a-z]{2}")


@dataclass(frozen=True, slots=True)
class AddedStatement:
    """A file added to the archive: the statement kept, and whether this call stored it
    (``False``: its text was in the archive already, and nothing was written)."""

    statement: Statement
    new: bool


@dataclass(frozen=True, slots=True)
class BundledStatementsReport:
    """What seeding the archive with the bundled official texts did."""

    added: int
    present: int


class StatementService:
    """The reader is built once; the names of the incidents a reader may see are indexed
    once per clearance and kept until the stored incidents change."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        knowledge: KnowledgeSource,
        incidents: IncidentService,
        audit: AuditService,
        cache: DerivedCache,
    ) -> None:
        self._database = database
        self._clock = clock
        self._knowledge = knowledge
        self._incidents = incidents
        self._audit = audit
        self._reader: StatementReader | None = None
        self._lock = threading.Lock()
        self._names: DerivedView[tuple[Tlp, Classification | None], IncidentNames] = cache.view(
            derives_from=[RecordKind.INCIDENTS]
        )

    def reader(self) -> StatementReader:
        """The reader, built on first use (its name automaton takes a second) and kept."""
        if self._reader is None:
            with self._lock:
                if self._reader is None:
                    self._reader = _build_reader(self._knowledge)
        return self._reader

    def read(self, source: Path | bytes, *, name: str | None = None, by: User) -> StatementReading:
        """The reading of a statement file (``source`` a path, or the file's bytes and its
        ``name``, whose ending says how to read it), without storing anything. The incidents
        it may refer to are those ``by`` may read."""
        require(by, Permission.READ)
        text = _source(source if isinstance(source, Path) else StatementFile(name or "", source))
        return self.reader().read(text, self._incident_names(by))

    def add(
        self,
        files: Sequence[Path | StatementFile],
        *,
        by: User,
        url: str | None = None,
        issuer: IssuerKind | str | None = None,
        issuer_name: str | None = None,
        date: date | str | None = None,
        tlp: Tlp | str = Tlp.CLEAR,
        classification: Classification | str | None = None,
    ) -> tuple[AddedStatement, ...]:
        """Read each file and keep it in the archive with its reading, all or none.

        ``url`` is where the one file was published; ``issuer`` (with ``issuer_name``) and
        ``date``, when given, are the statements' own over what the reading found, and the
        statement names them in ``given``. A text already kept is not stored again: its
        statement is given back with ``new`` false."""
        require(by, Permission.IMPORT)
        marking = inputs.tlp(_STATEMENT, tlp)
        if not by.cleared_for(marking):
            raise InvalidInput(_STATEMENT, "tlp", marking.value, "is above your clearance")
        level = inputs.classification(_STATEMENT, classification, by)
        address = inputs.web_address(_STATEMENT, "url", url)
        if not files:
            raise InvalidInput(_STATEMENT, "file", None, "is required: name at least one file")
        if address is not None and len(files) > 1:
            raise InvalidInput(
                _STATEMENT, "url", address, "names where one file was published: add one file"
            )
        given_issuer = inputs.choice(_STATEMENT, "issuer", issuer, IssuerKind) if issuer else None
        if issuer_name and issuer_name.strip() and given_issuer is None:
            # A name alone would sit beside the kind the reading found, which it may not fit.
            raise InvalidInput(
                _STATEMENT, "issuer_name", issuer_name, "is given with the issuer's kind only"
            )
        now = self._clock.now()
        given_date = inputs.day(_STATEMENT, "date", date, now.date()) if date else None
        sources = _sources(files)
        names = self._incident_names(by)
        reader = self.reader()
        added: list[AddedStatement] = []
        with self._database.transaction() as store:
            kept: dict[str, Statement] = {}
            for source in sources:
                digest = text_digest(source.text)
                existing = kept.get(digest) or self._kept(store, digest, source.name, by)
                if existing is not None:
                    added.append(AddedStatement(existing, new=False))
                    continue
                reading = reader.read(source, names)
                statement = Statement(
                    id=f"st-{digest[:16]}",
                    sha256=digest,
                    text=source.text,
                    file_name=Path(source.name).name,
                    media_type=source.media_type,
                    source_url=address,
                    language=reading.language,
                    issuer_kind=given_issuer or reading.issuer.kind,
                    issuer_name=(
                        (issuer_name or "").strip() or None if given_issuer else reading.issuer.name
                    ),
                    date=given_date or (reading.date.value if reading.date else None),
                    instrument=reading.instrument.id,
                    tlp=marking,
                    classification=level,
                    recorded_by=by.username,
                    recorded_at=now,
                    reading=reading,
                    reader_version=reader.version,
                    given=tuple(
                        field
                        for field, value in (("issuer", given_issuer), ("date", given_date))
                        if value is not None
                    ),
                )
                store.statements.add(statement)
                self._record(store, statement, by)
                kept[digest] = statement
                added.append(AddedStatement(statement, new=True))
        return tuple(added)

    def seed(self) -> BundledStatementsReport:
        """Add the bundled official texts (knowledge/data/statements) not yet in the archive,
        each with its address, issuer and date, TLP:CLEAR, by the system; the counts added
        and already kept. Texts are looked up by their digest first, so that a run finding
        them all kept neither builds the reader nor reads a text."""
        bundled = self._knowledge.get().bundled_statements.statements
        with self._database.read() as store:
            missing = [
                item
                for item in bundled
                if store.statements.with_digest(text_digest(item.text)) is None
            ]
        added = 0
        for item in missing:
            # One call per text: the address given names where the one file was published.
            added += sum(
                result.new
                for result in self.add(
                    [StatementFile(item.file, item.text.encode("utf-8"))],
                    by=SYSTEM_USER,
                    url=item.url,
                    issuer=item.issuer,
                    issuer_name=item.issuer_name,
                    date=item.day,
                    tlp=Tlp.CLEAR,
                )
            )
        return BundledStatementsReport(added=added, present=len(bundled) - added)

    def list(
        self,
        *,
        by: User,
        text: str | None = None,
        issuer: IssuerKind | str | None = None,
        instrument: str | None = None,
        actor: str | None = None,
        state: str | None = None,
        incident: str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        language: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page[Statement]:
        """The statements ``by`` may read that match every filter given, newest first:
        ``text`` words all found (stemmed, accents folded: docs/statements.md), ``actor`` an
        actor named (any alias), ``state`` a State held responsible (code or name),
        ``incident`` an incident referred to (slug), ``since``/``until`` the statement's
        date, inclusive."""
        require(by, Permission.READ)
        query = self._query(
            text=text,
            issuer=issuer,
            instrument=instrument,
            actor=actor,
            state=state,
            incident=incident,
            since=since,
            until=until,
            language=language,
        )
        with self._database.read() as store:
            if query.incident is not None and not _readable_among(store, {query.incident}, by):
                # An incident above the reader is answered as one never stored: no statement
                # names it for them, whatever the readings made by better cleared writers say.
                return Page()
            page = store.statements.list(
                query, by.clearance, by.classification_clearance, limit=limit, cursor=cursor
            )
            named = {incident.id for s in page.items for incident in s.reading.incidents}
            readable = _readable_among(store, named, by)
        items = tuple(_as_read_by(statement, readable) for statement in page.items)
        return replace(page, items=items)

    def get(self, statement_id: str, *, by: User) -> Statement:
        """The statement, with its text and reading; NotFound if ``by`` may not read it. The
        reading names only the incidents ``by`` may read (it was made with its writer's)."""
        require(by, Permission.READ)
        with self._database.read() as store:
            statement = store.statements.get(
                statement_id.strip(), by.clearance, by.classification_clearance
            )
            named = {incident.id for incident in statement.reading.incidents}
            return _as_read_by(statement, _readable_among(store, named, by))

    def _query(
        self,
        *,
        text: str | None,
        issuer: IssuerKind | str | None,
        instrument: str | None,
        actor: str | None,
        state: str | None,
        incident: str | None,
        since: date | str | None,
        until: date | str | None,
        language: str | None,
    ) -> StatementQuery:
        knowledge = self._knowledge.get()
        found_actor = None
        if actor and actor.strip():
            found_actor = knowledge.actors.find(actor, "actor")
            if found_actor is None:
                raise InvalidInput(_FILTER, "actor", actor, "is not a known threat actor")
        wanted_instrument = instrument.strip() if instrument and instrument.strip() else None
        if wanted_instrument and not (
            wanted_instrument in knowledge.instruments or wanted_instrument in READING_INSTRUMENTS
        ):
            reason = "is not an instrument id (stability.hr_declaration, national-attribution …)"
            raise InvalidInput(_FILTER, "instrument", instrument, reason)
        wanted_language = language.strip().lower() if language else None
        if wanted_language and not _LANGUAGE.fullmatch(wanted_language):
            raise InvalidInput(
                _FILTER, "language", language, "must be an ISO 639-1 code (en, fr, de …)"
            )
        return StatementQuery(
            text=text.strip() if text and text.strip() else None,
            issuer=inputs.choice(_FILTER, "issuer", issuer, IssuerKind) if issuer else None,
            instrument=wanted_instrument,
            actor=found_actor.name if found_actor else None,
            state=inputs.state(knowledge, _FILTER, state) if state and state.strip() else None,
            incident=incident.strip() if incident and incident.strip() else None,
            since=_filter_day("since", since),
            until=_filter_day("until", until),
            language=wanted_language or None,
        )

    def _kept(self, store: Repositories, digest: str, name: str, by: User) -> Statement | None:
        existing = store.statements.with_digest(digest)
        if existing is None or by.may_read(existing):
            return existing
        # The writer holds the text already; only that it is kept, never how, is told.
        raise InvalidInput(
            _STATEMENT,
            "file",
            None,
            "is in the archive already, under a marking you may not read",
            location=name,
        )

    def _record(self, store: Repositories, statement: Statement, by: User) -> None:
        # The text and the reading stay in the archive, under the statement's marking; the
        # trail names what was added and where from.
        self._audit.record(
            store,
            by=by,
            action="statement.add",
            entity=_STATEMENT,
            key=statement.id,
            before=None,
            after={
                "id": statement.id,
                "sha256": statement.sha256,
                "file_name": statement.file_name,
                "source_url": statement.source_url,
                "tlp": statement.tlp.value,
                "classification": (
                    statement.classification.value if statement.classification else None
                ),
                "given": list(statement.given),
            },
        )

    def _incident_names(self, by: User) -> IncidentNames:
        key = (by.clearance, by.classification_clearance)
        return self._names.value(key, lambda _: self._index_names(by))

    def _index_names(self, by: User) -> IncidentNames:
        from cdtoolbox.ingest.statements import IncidentName

        names = [
            IncidentName(incident.slug, incident.title)
            for page in self._incidents.pages(by=by)
            for incident in page.items
        ]
        return self.reader().incident_names(names)


def _readable_among(store: Repositories, slugs: set[str], by: User) -> frozenset[str]:
    """Those of ``slugs`` naming an incident ``by`` may read: one query for the few a page of
    statements names (reading every incident the reader may see took a second at 10,000)."""
    return store.statistics.readable_slugs(slugs, by.clearance, by.classification_clearance)


def _as_read_by(statement: Statement, readable: frozenset[str]) -> Statement:
    """``statement`` with the incidents of its reading that ``readable`` holds: a reading names
    the incidents its writer could read, and a reader learns of no other (not even its slug)."""
    named = statement.reading.incidents
    kept = tuple(incident for incident in named if incident.id in readable)
    if len(kept) == len(named):
        return statement
    return replace(statement, reading=replace(statement.reading, incidents=kept))


def _source(file: Path | StatementFile) -> StatementSource:
    from cdtoolbox.ingest.statements import read_source, source_from_bytes

    if isinstance(file, Path):
        return read_source(file)
    return source_from_bytes(file.content, file.name or "statement.txt")


def _sources(files: Sequence[Path | StatementFile]) -> list[StatementSource]:
    """Every file's text; every file that gives none is named in one refusal."""
    sources: list[StatementSource] = []
    errors: list[InvalidInput] = []
    for file in files:
        try:
            sources.append(_source(file))
        except InvalidInput as error:
            errors.append(error)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ImportRejected("statements", errors)
    return sources


def _filter_day(field: str, value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(_FILTER, field, value, "must be a date written YYYY-MM-DD") from None


def _build_reader(knowledge: KnowledgeSource) -> StatementReader:
    from cdtoolbox.ingest.statements import StatementReader

    return StatementReader.from_knowledge(knowledge.get())
