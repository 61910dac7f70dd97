"""The UN process register: the processes, sessions and agenda pillars (reference data), and
what analysts record of the sessions: documents paragraph by paragraph, the EU's and Member
States' positions on each paragraph, and the statements delivered.

Documents (with their paragraphs), positions and statements carry a TLP marking; a reader sees
only what their clearance covers, and a document above it reads as unknown. Every write is
checked whole before anything is stored, and is audited in the same transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.model import Tlp
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.ports import Clock, IdFactory, slugify
from cdtoolbox.model.un_process import (
    EU_PARTY,
    DocumentKind,
    DocumentPositions,
    ParagraphPositions,
    Pillar,
    PillarInfo,
    Position,
    SessionRecord,
    Stance,
    UnDocument,
    UnParagraph,
    UnProcess,
    UnSession,
    UnStatement,
)
from cdtoolbox.model.un_process_codec import (
    document_to_dict,
    paragraph_to_dict,
    position_to_dict,
    statement_to_dict,
)
from cdtoolbox.model.vocabulary import Classification
from cdtoolbox.store.database import Database, Repositories
from cdtoolbox.toolbox import cooperation_inputs as inputs
from cdtoolbox.toolbox.access import require
from cdtoolbox.toolbox.audit import AuditService
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource

__all__ = ["UnProcessService", "party_order"]

_DOCUMENT = "UN document"
_PARAGRAPH = "paragraph"
_POSITION = "position"
_STATEMENT = "statement"
_FILTER = "filter"
# A paragraph's number as documents print it: "12", "12bis", "12(a)", "C.3" (annex C, item 3).
_PARAGRAPH_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9.()-]{0,19}")
# UN document symbols: "A/78/265", "A/AC.292/2024/CRP.1", "A/C.1/78/L.11".
_SYMBOL = re.compile(r"A/[A-Za-z0-9.]+(?:/[A-Za-z0-9.]+)*")
# A document's id is a slug (``slugify``); anything else cannot name one, and is not looked up
# (PostgreSQL refuses some characters, NUL among them, even in a query).
_DOCUMENT_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def party_order(party: str) -> tuple[int, str]:
    """The EU first, then the Member States by ISO code."""
    return (0 if party == EU_PARTY else 1, party)


class UnProcessService:
    """Reference data of the UN process and the register of documents, positions and
    statements."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        ids: IdFactory,
        knowledge: KnowledgeSource,
        audit: AuditService,
    ) -> None:
        self._database = database
        self._clock = clock
        self._ids = ids
        self._knowledge = knowledge
        self._audit = audit

    # --- Reference -------------------------------------------------------------------------

    def processes(self, *, by: User) -> tuple[UnProcess, ...]:
        """The GGE rounds, the OEWGs, the Programme of Action and the Global Mechanism, oldest
        first."""
        require(by, Permission.READ)
        return self._knowledge.get().un_process.processes

    def pillars(self, *, by: User) -> tuple[PillarInfo, ...]:
        require(by, Permission.READ)
        return self._knowledge.get().un_process.pillars

    def sessions(self, process: str | None = None, *, by: User) -> tuple[UnSession, ...]:
        """Every session, or those of one process, oldest first."""
        require(by, Permission.READ)
        reference = self._knowledge.get().un_process
        if process is None or not process.strip():
            return reference.sessions
        known = [p.id for p in reference.processes]
        if process.strip().lower() not in known:
            raise InvalidInput(_FILTER, "process", process, f"is not one of: {', '.join(known)}")
        return reference.sessions_of(process)

    def session(self, session_id: str, *, by: User) -> SessionRecord:
        """The session with the documents and statements ``by`` may read."""
        require(by, Permission.READ)
        session = self._session(_FILTER, session_id, not_found=True)
        with self._database.read() as store:
            level = by.classification_clearance
            documents = store.un_process.documents(
                by.clearance, session=session.id, classification=level
            )
            statements = store.un_process.statements(
                by.clearance, session=session.id, classification=level
            )
        return SessionRecord(
            session=session, documents=tuple(documents), statements=tuple(statements)
        )

    # --- Reading the register --------------------------------------------------------------

    def documents(self, session: str | None = None, *, by: User) -> tuple[UnDocument, ...]:
        require(by, Permission.READ)
        chosen = self._session(_FILTER, session).id if session else None
        with self._database.read() as store:
            return tuple(
                store.un_process.documents(
                    by.clearance, session=chosen, classification=by.classification_clearance
                )
            )

    def positions(self, document: str, *, by: User) -> DocumentPositions:
        """The document's paragraphs in order, each with the positions ``by`` may read: the
        EU's first, then the Member States by code."""
        require(by, Permission.READ)
        with self._database.read() as store:
            found = self._document(store, document, by)
            level = by.classification_clearance
            paragraphs = store.un_process.paragraphs(found.id, by.clearance, level)
            positions = store.un_process.positions(found.id, by.clearance, level)
        by_paragraph: dict[str, list[Position]] = {}
        for position in positions:
            by_paragraph.setdefault(position.paragraph, []).append(position)
        reference = self._knowledge.get().un_process
        session = reference.session(found.session)
        if session is None:  # a session the bundled data no longer lists
            raise NotFound("UN session", found.session, "`cdt un sessions` lists the sessions")
        return DocumentPositions(
            document=found,
            session=session,
            paragraphs=tuple(
                ParagraphPositions(
                    paragraph=paragraph,
                    positions=tuple(
                        sorted(
                            by_paragraph.get(paragraph.number, []),
                            key=lambda p: party_order(p.party),
                        )
                    ),
                )
                for paragraph in paragraphs
            ),
        )

    def statements(
        self, *, by: User, session: str | None = None, party: str | None = None
    ) -> tuple[UnStatement, ...]:
        """The statements ``by`` may read (of one session, by one party), by date."""
        require(by, Permission.READ)
        chosen = self._session(_FILTER, session).id if session else None
        speaker = self._party(_FILTER, party) if party else None
        with self._database.read() as store:
            return tuple(
                store.un_process.statements(
                    by.clearance,
                    session=chosen,
                    party=speaker,
                    classification=by.classification_clearance,
                )
            )

    # --- Writing ---------------------------------------------------------------------------

    def add_document(
        self,
        session: str,
        *,
        kind: DocumentKind | str,
        title: str,
        dated: date | str,
        by: User,
        symbol: str | None = None,
        url: str | None = None,
        tlp: Tlp | str = Tlp.CLEAR,
        classification: Classification | str | None = None,
    ) -> UnDocument:
        """Record a document of ``session``. Its date is not held to the session's days: a
        draft circulates weeks before the session, a report is issued after it."""
        require(by, Permission.EDIT_COOPERATION)
        found = self._session(_DOCUMENT, session)
        chosen = inputs.choice(_DOCUMENT, "kind", kind, DocumentKind)
        heading = _text(_DOCUMENT, "title", title)
        now = self._clock.now()
        day = inputs.day(_DOCUMENT, "date", dated, now.date())
        mark = self._marking(_DOCUMENT, tlp, by)
        level = inputs.classification(_DOCUMENT, classification, by)
        code = _symbol(symbol)
        record = UnDocument(
            id=slugify(code) if code else slugify(f"{found.id} {chosen.value} {heading}"),
            session=found.id,
            kind=chosen,
            title=heading,
            dated=day,
            recorded_by=by.username,
            recorded_at=now,
            symbol=code,
            url=inputs.web_address(_DOCUMENT, "url", url),
            tlp=mark,
            classification=level,
        )
        with self._database.transaction() as store:
            stored = store.un_process.add_document(record)
            self._audit.record(
                store,
                by=by,
                action="un.document.add",
                entity="un document",
                key=stored.id,
                before=None,
                after=document_to_dict(stored),
            )
        return stored

    def add_paragraph(
        self,
        document: str,
        number: str,
        *,
        text: str,
        by: User,
        pillar: Pillar | str | None = None,
    ) -> UnParagraph:
        """Add a paragraph to ``document``; paragraphs are listed in the order they are
        added, so enter them in the document's order."""
        require(by, Permission.EDIT_COOPERATION)
        label = _paragraph_number(number)
        body = _text(_PARAGRAPH, "text", text)
        topic = None
        if pillar is not None and (not isinstance(pillar, str) or pillar.strip()):
            topic = inputs.choice(_PARAGRAPH, "pillar", pillar, Pillar)
        with self._database.transaction() as store:
            found = self._document(store, document, by, written_as=_PARAGRAPH)
            paragraph = UnParagraph(
                document=found.id,
                number=label,
                text=body,
                recorded_by=by.username,
                recorded_at=self._clock.now(),
                pillar=topic,
                tlp=found.tlp,
                classification=found.classification,
            )
            stored = store.un_process.add_paragraph(paragraph)
            self._audit.record(
                store,
                by=by,
                action="un.paragraph.add",
                entity="un paragraph",
                key=f"{found.id}/{label}",
                before=None,
                after=paragraph_to_dict(stored),
            )
        return stored

    def record_position(
        self,
        document: str,
        paragraph: str,
        party: str,
        *,
        stance: Stance | str,
        by: User,
        wording: str | None = None,
        dated: date | str | None = None,
        tlp: Tlp | str = Tlp.CLEAR,
        expected_version: int | None = None,
        classification: Classification | str | None = None,
    ) -> Position:
        """Record ``party``'s stance on a paragraph (the EU, or a Member State by code or
        name), with the wording it proposes. ``dated`` is when the position was taken (today
        unless given). The position is marked at least as its document is.
        ``expected_version`` refuses the change when someone wrote in between (0: only if no
        position is recorded yet)."""
        require(by, Permission.EDIT_COOPERATION)
        speaker = self._party(_POSITION, party)
        chosen = inputs.choice(_POSITION, "stance", stance, Stance)
        now = self._clock.now()
        given = dated is not None and (not isinstance(dated, str) or dated.strip())
        day = inputs.day(_POSITION, "date", dated, now.date()) if given and dated else now.date()
        mark = self._marking(_POSITION, tlp, by)
        level = inputs.classification(_POSITION, classification, by)
        text = wording.strip() if wording and wording.strip() else None
        if chosen is Stance.SUPPORT_WITH_AMENDMENTS and text is None:
            reason = "is required with support-with-amendments: the amendment's wording"
            raise InvalidInput(_POSITION, "wording", wording, reason)
        label = _paragraph_number(paragraph, _POSITION, "paragraph")
        with self._database.transaction() as store:
            found = self._document(store, document, by, written_as=_POSITION)
            if store.un_process.paragraph(found.id, label) is None:
                reason = f"is not a paragraph of {found.id} (`cdt un paragraph add`)"
                raise InvalidInput(_POSITION, "paragraph", paragraph, reason)
            current = store.un_process.position(found.id, label, speaker)
            if current is not None and not by.may_read(current):
                # Overwriting a position one may not read would disclose nothing but destroy
                # it.
                reason = "has a position recorded at a marking above your clearance"
                raise InvalidInput(_POSITION, "party", speaker, reason)
            base = current.version if current else 0
            if expected_version is not None:
                base = expected_version
            position = Position(
                document=found.id,
                paragraph=label,
                party=speaker,
                stance=chosen,
                dated=day,
                recorded_by=by.username,
                recorded_at=now,
                wording=text,
                # A position quotes and amends its document: marked lower, it would show the
                # document's words in the audit trail to readers not cleared for them.
                tlp=max(mark, found.tlp, key=lambda marking: marking.rank),
                classification=max(level, found.classification, key=Classification.rank_of),
            )
            stored = store.un_process.put_position(position, base)
            self._audit.record(
                store,
                by=by,
                action="un.position.record",
                entity="un position",
                key=f"{found.id}/{label}/{speaker}",
                before=position_to_dict(current) if current else None,
                after=position_to_dict(stored),
            )
        return stored

    def add_statement(
        self,
        session: str,
        *,
        party: str,
        dated: date | str,
        title: str,
        by: User,
        url: str | None = None,
        pillar: Pillar | str | None = None,
        aligned: Iterable[str] = (),
        tlp: Tlp | str = Tlp.CLEAR,
        classification: Classification | str | None = None,
    ) -> UnStatement:
        """Record a statement delivered at ``session`` by the EU or a Member State, kept by
        its title and address. Its date must fall within the session when the session's
        dates are known. ``aligned`` names the States that aligned themselves with it."""
        require(by, Permission.EDIT_COOPERATION)
        found = self._session(_STATEMENT, session)
        speaker = self._party(_STATEMENT, party)
        heading = _text(_STATEMENT, "title", title)
        now = self._clock.now()
        day = inputs.day(_STATEMENT, "date", dated, now.date())
        if not found.holds(day):
            reason = f"is outside the session ({found.starts} to {found.ends})"
            raise InvalidInput(_STATEMENT, "date", day.isoformat(), reason)
        topic = None
        if pillar is not None and (not isinstance(pillar, str) or pillar.strip()):
            topic = inputs.choice(_STATEMENT, "pillar", pillar, Pillar)
        knowledge = self._knowledge.get()
        aligning = tuple(
            dict.fromkeys(
                inputs.state(knowledge, _STATEMENT, name, "aligned")
                for name in aligned
                if name.strip()
            )
        )
        record = UnStatement(
            id=self._ids.new_id("un-statement"),
            session=found.id,
            party=speaker,
            dated=day,
            title=heading,
            recorded_by=by.username,
            recorded_at=now,
            url=inputs.web_address(_STATEMENT, "url", url),
            pillar=topic,
            aligned=aligning,
            tlp=self._marking(_STATEMENT, tlp, by),
            classification=inputs.classification(_STATEMENT, classification, by),
        )
        with self._database.transaction() as store:
            stored = store.un_process.add_statement(record)
            self._audit.record(
                store,
                by=by,
                action="un.statement.add",
                entity="un statement",
                key=stored.id,
                before=None,
                after=statement_to_dict(stored),
            )
        return stored

    # --- Reading what users type -----------------------------------------------------------

    def _session(self, entity: str, value: str, *, not_found: bool = False) -> UnSession:
        reference = self._knowledge.get().un_process
        found = reference.session(value) if value and value.strip() else None
        if found is None:
            hint = "`cdt un sessions` lists the sessions"
            if not_found:
                raise NotFound("UN session", value, hint)
            reason = f"is not a session of the register ({hint})"
            raise InvalidInput(entity, "session", value, reason)
        return found

    def _document(
        self, store: Repositories, value: str, by: User, *, written_as: str | None = None
    ) -> UnDocument:
        """The document ``by`` may read; unknown to a reading (``written_as`` None), refused as
        input to a write."""
        wanted = value.strip().lower() if value else ""
        found = None
        if _DOCUMENT_ID.fullmatch(wanted):
            found = store.un_process.document(wanted, by.clearance, by.classification_clearance)
        if found is None:
            # A document above the reader's clearance reads as unknown, as it would to them.
            hint = "`cdt un session SESSION` lists a session's documents"
            if written_as is None:
                raise NotFound(_DOCUMENT, value, hint)
            reason = f"is not a recorded document ({hint})"
            raise InvalidInput(written_as, "document", value, reason)
        return found

    def _party(self, entity: str, value: str) -> str:
        """The party code of the EU, or of a Member State named by ISO code or name."""
        if value.strip().upper() == EU_PARTY:
            return EU_PARTY
        countries = self._knowledge.get().countries
        country = countries.find(value) if value.strip() else None
        if country is None or not country.eu_member:
            reason = "is neither the EU nor a Member State of the EU (ISO code or name)"
            raise InvalidInput(entity, "party", value, reason)
        return country.code

    def _marking(self, entity: str, value: Tlp | str, by: User) -> Tlp:
        marking = inputs.tlp(entity, value)
        if not by.cleared_for(marking):
            reason = f"is above your clearance ({by.clearance.label})"
            raise InvalidInput(entity, "tlp", marking.value, reason)
        return marking


def _text(entity: str, field: str, value: str) -> str:
    if not value or not value.strip():
        raise InvalidInput(entity, field, value, "is required")
    return value.strip()


def _symbol(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    code = value.strip()
    if not _SYMBOL.fullmatch(code):
        reason = "is not a UN document symbol (e.g. A/78/265, A/AC.292/2024/CRP.1)"
        raise InvalidInput(_DOCUMENT, "symbol", value, reason)
    return code


def _paragraph_number(value: str, entity: str = _PARAGRAPH, field: str = "number") -> str:
    label = value.strip() if value else ""
    if not _PARAGRAPH_NUMBER.fullmatch(label):
        reason = "is not a paragraph number (e.g. 12, 12bis, 12(a), C.3)"
        raise InvalidInput(entity, field, value, reason)
    return label
