"""The register of the EU's cyber dialogues and partnerships.

The bundled dialogues (``knowledge/data/dialogues.yaml``) are stored by ``init``; analysts
then record new rounds (with their topics, outcomes and talking points, each round under its
own TLP marking), change a dialogue's status and announce its next meeting. A reader sees the
dialogues and rounds their clearance covers, and how many rounds were left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import Tlp
from cdtoolbox.model.access import SYSTEM_USER, Permission, User
from cdtoolbox.model.cooperation_codec import dialogue_to_dict
from cdtoolbox.model.dialogues import (
    Dialogue,
    DialogueKind,
    DialogueRound,
    DialogueStatus,
    schedule_problem,
)
from cdtoolbox.model.diplomacy import Verification
from cdtoolbox.model.ports import Clock, slugify
from cdtoolbox.model.vocabulary import Classification
from cdtoolbox.store.database import Database, Repositories
from cdtoolbox.toolbox import cooperation_inputs as inputs
from cdtoolbox.toolbox.access import require
from cdtoolbox.toolbox.audit import AuditService
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource

__all__ = ["DialogueService", "shown_to"]

_DIALOGUE = "dialogue"
_ROUND = "dialogue round"


class DialogueService:
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

    def list(
        self,
        *,
        by: User,
        partner: str | None = None,
        kind: DialogueKind | str | None = None,
        status: DialogueStatus | str | None = None,
    ) -> tuple[Dialogue, ...]:
        """The dialogues ``by`` may read, by id, each with the rounds ``by`` may read."""
        require(by, Permission.READ)
        partners = [self._known_partner("filter", partner, by)] if partner else None
        chosen_kind = inputs.choice("filter", "kind", kind, DialogueKind) if kind else None
        chosen_status = (
            inputs.choice("filter", "status", status, DialogueStatus) if status else None
        )
        with self._database.read() as store:
            found = store.dialogues.list(
                by.clearance,
                partners=partners,
                kind=chosen_kind.value if chosen_kind else None,
                status=chosen_status.value if chosen_status else None,
            )
        return tuple(
            shown_to(dialogue, by.clearance, by.classification_clearance) for dialogue in found
        )

    def get(self, dialogue_id: str, *, by: User) -> Dialogue:
        require(by, Permission.READ)
        with self._database.read() as store:
            return shown_to(
                _readable(store, dialogue_id.strip(), by),
                by.clearance,
                by.classification_clearance,
            )

    def add_round(
        self,
        dialogue_id: str,
        *,
        by: User,
        held_on: date | str,
        ends_on: date | str | None = None,
        number: int | None = None,
        place: str | None = None,
        level: str | None = None,
        topics: Sequence[str] = (),
        outcomes: Sequence[str] = (),
        tlp: Tlp | str = Tlp.CLEAR,
        sources: Sequence[str] = (),
        classification: Classification | str | None = None,
    ) -> Dialogue:
        """Record a round that took place; the dialogue's rounds stay in date order."""
        require(by, Permission.EDIT_COOPERATION)
        today = self._clock.now().date()
        marking = inputs.tlp(_ROUND, tlp)
        if not by.cleared_for(marking):
            raise InvalidInput(_ROUND, "tlp", marking.value, "is above your clearance")
        level = inputs.classification(_ROUND, classification, by)
        if number is not None and (isinstance(number, bool) or not 1 <= number <= 999):
            raise InvalidInput(_ROUND, "number", number, "must be a whole number from 1 to 999")
        for address in sources:
            inputs.web_address(_ROUND, "sources", address)
        meeting = DialogueRound(
            held_on=inputs.day(_ROUND, "held_on", held_on, today),
            ends_on=inputs.day(_ROUND, "ends_on", ends_on, today) if ends_on else None,
            number=number,
            place=_text(place),
            level=_text(level),
            topics=_texts(topics),
            outcomes=_texts(outcomes),
            tlp=marking,
            classification=level,
            sources=tuple(s.strip() for s in sources),
            recorded_by=by.username,
        )
        with self._database.transaction() as store:
            current = _readable(store, dialogue_id.strip(), by)
            # Checked against every round, those above the recorder's clearance too: a
            # duplicate is refused whoever records it (the refusal names only its date or number).
            rounds = tuple(sorted((*current.rounds, meeting), key=lambda r: r.held_on))
            # An announced next meeting that this round reaches or passes was this round.
            next_meeting = current.next_meeting
            if next_meeting is not None and next_meeting <= (meeting.ends_on or meeting.held_on):
                next_meeting = None
            _check_schedule(rounds, next_meeting)
            stored = store.dialogues.update(
                current.evolve(rounds=rounds, next_meeting=next_meeting), current.version
            )
            self._audit.record(
                store,
                by=by,
                action="dialogue.round.add",
                entity=_DIALOGUE,
                key=stored.id,
                before=None,
                after={"dialogue": stored.id, **_round_document(stored, meeting)},
            )
        return shown_to(stored, by.clearance, by.classification_clearance)

    def update(
        self,
        dialogue_id: str,
        *,
        by: User,
        status: DialogueStatus | str | None = None,
        next_meeting: date | str | None = None,
        next_meeting_note: str | None = None,
    ) -> Dialogue:
        """Change a dialogue's status, or announce its next meeting (after its last round)."""
        require(by, Permission.EDIT_COOPERATION)
        changes: dict[str, object] = {}
        if status is not None:
            changes["status"] = inputs.choice(_DIALOGUE, "status", status, DialogueStatus)
        if next_meeting is not None:
            changes["next_meeting"] = _future_day(next_meeting)
        if next_meeting_note is not None:
            changes["next_meeting_note"] = _text(next_meeting_note)
        if not changes:
            raise InvalidInput(_DIALOGUE, "status", None, "give a status or a next meeting")
        with self._database.transaction() as store:
            current = _readable(store, dialogue_id.strip(), by)
            changed = current.evolve(**changes)
            _check_schedule(changed.rounds, changed.next_meeting)
            stored = store.dialogues.update(changed, current.version)
            self._audit.record(
                store,
                by=by,
                action="dialogue.update",
                entity=_DIALOGUE,
                key=stored.id,
                before=_summary(current),
                after=_summary(stored),
            )
        return shown_to(stored, by.clearance, by.classification_clearance)

    def seed(self) -> int:
        """Store the bundled dialogues not yet in the register; the number added."""
        added = 0
        with self._database.transaction() as store:
            for dialogue in self._knowledge.get().dialogues:
                if not store.dialogues.exists(dialogue.id):
                    stored = store.dialogues.add(dialogue)
                    self._audit.record(
                        store,
                        by=SYSTEM_USER,
                        action="dialogue.add",
                        entity=_DIALOGUE,
                        key=stored.id,
                        before=None,
                        after=_summary(stored),
                    )
                    added += 1
        return added

    def add(
        self,
        *,
        by: User,
        partner: str,
        kind: DialogueKind | str,
        title: str,
        status: DialogueStatus | str = DialogueStatus.ACTIVE,
        partner_name: str | None = None,
        first_held: date | str | None = None,
        next_meeting: date | str | None = None,
        next_meeting_note: str | None = None,
        note: str | None = None,
        sources: Sequence[str] = (),
        tlp: Tlp | str = Tlp.CLEAR,
    ) -> Dialogue:
        """Add a dialogue or partnership; its id is made from its title.

        The partner is a country, an organisation of the register, or, for a partnership that
        is not bilateral, a new organisation named by ``partner_name`` (civil society,
        academia, industry)."""
        require(by, Permission.EDIT_COOPERATION)
        chosen_kind = inputs.choice(_DIALOGUE, "kind", kind, DialogueKind)
        if not title or not title.strip():
            raise InvalidInput(_DIALOGUE, "title", title or None, "is required")
        marking = inputs.tlp(_DIALOGUE, tlp)
        if not by.cleared_for(marking):
            raise InvalidInput(_DIALOGUE, "tlp", marking.value, "is above your clearance")
        for address in sources:
            inputs.web_address(_DIALOGUE, "sources", address)
        today = self._clock.now().date()
        with self._database.transaction() as store:
            code, name = self._new_partner(store, partner, chosen_kind, partner_name, by)
            dialogue = Dialogue(
                id=slugify(title),
                partner=code,
                partner_name=name,
                kind=chosen_kind,
                title=title.strip(),
                status=inputs.choice(_DIALOGUE, "status", status, DialogueStatus),
                status_checked=Verification.VERIFIED,
                sources=tuple(s.strip() for s in sources),
                first_held=inputs.day(_DIALOGUE, "first_held", first_held, today)
                if first_held
                else None,
                next_meeting=_future_day(next_meeting) if next_meeting else None,
                next_meeting_note=_text(next_meeting_note),
                note=_text(note),
                tlp=marking,
            )
            # Checked against every dialogue, those above the writer's clearance too: two
            # records of one dialogue would split its rounds (the refusal names only its id).
            same = [
                d.id
                for d in store.dialogues.list(Tlp.RED)
                if d.title.casefold() == dialogue.title.casefold()
            ]
            if same or store.dialogues.exists(dialogue.id):
                reason = f"is already the title of a dialogue ({(same or [dialogue.id])[0]})"
                raise InvalidInput(_DIALOGUE, "title", title, reason)
            stored = store.dialogues.add(dialogue)
            self._audit.record(
                store,
                by=by,
                action="dialogue.add",
                entity=_DIALOGUE,
                key=stored.id,
                before=None,
                after=_summary(stored),
            )
        return stored

    def _known_partner(self, entity: str, value: str, by: User) -> str:
        """A country or an organisation of the bundled register, else one a dialogue ``by``
        may read names."""
        try:
            return partner_code(self._knowledge.get(), entity, value)
        except InvalidInput:
            with self._database.read() as store:
                if store.dialogues.list(by.clearance, partners=[value.strip().lower()]):
                    return value.strip().lower()
            raise

    def _new_partner(
        self, store: Repositories, value: str, kind: DialogueKind, name: str | None, by: User
    ) -> tuple[str, str]:
        knowledge = self._knowledge.get()
        wanted = (value or "").strip()
        country = knowledge.countries.find(wanted) if wanted else None
        if country is not None:
            return country.code, country.name
        if kind is DialogueKind.BILATERAL:
            reason = "is not an ISO 3166 country code or name (a bilateral dialogue's partner)"
            raise InvalidInput(_DIALOGUE, "partner", value, reason)
        organisations = knowledge.dialogues.organisations
        if wanted.lower() in organisations:
            return wanted.lower(), organisations[wanted.lower()]
        # Only dialogues ``by`` may read: a hidden one's partner name is not theirs to copy.
        stored = store.dialogues.list(by.clearance, partners=[wanted.lower()]) if wanted else []
        if stored:
            return stored[0].partner, stored[0].partner_name
        if not name or not name.strip() or not wanted:
            reason = (
                "is neither an ISO 3166 country nor a partner organisation; give partner_name "
                "to name a new one"
            )
            raise InvalidInput(_DIALOGUE, "partner", value or None, reason)
        return slugify(wanted), name.strip()


def partner_code(knowledge: KnowledgeBase, entity: str, value: str) -> str:
    """An organisation id of the register, else an ISO 3166-1 code from a code or name."""
    wanted = value.strip()
    if wanted.lower() in knowledge.dialogues.organisations:
        return wanted.lower()
    country = knowledge.countries.find(wanted) if wanted else None
    if country is None:
        organisations = ", ".join(knowledge.dialogues.organisations)
        reason = f"is neither an ISO 3166 country nor a partner organisation ({organisations})"
        raise InvalidInput(entity, "partner", value, reason)
    return country.code


def shown_to(
    dialogue: Dialogue, clearance: Tlp, classification: Classification | None = None
) -> Dialogue:
    """The dialogue with only the rounds marked at most ``clearance`` and classified at most
    ``classification`` (left unset: unclassified only), counting the others."""
    level = Classification.rank_of(classification)
    shown = tuple(
        r
        for r in dialogue.rounds
        if r.tlp.rank <= clearance.rank and Classification.rank_of(r.classification) <= level
    )
    if len(shown) == len(dialogue.rounds):
        return dialogue
    return dialogue.evolve(rounds=shown, rounds_withheld=len(dialogue.rounds) - len(shown))


def _readable(store: Repositories, dialogue_id: str, by: User) -> Dialogue:
    try:
        dialogue = store.dialogues.get(dialogue_id)
    except NotFound:
        dialogue = None
    if dialogue is None or not by.cleared_for(dialogue.tlp):
        # Above the reader's clearance reads as not stored.
        raise NotFound(_DIALOGUE, dialogue_id, "`cdt dialogues list` shows the register")
    return dialogue


def _check_schedule(rounds: tuple[DialogueRound, ...], next_meeting: date | None) -> None:
    problem = schedule_problem(rounds, next_meeting)
    if problem is not None:
        field, value, reason = problem
        raise InvalidInput(_ROUND if field != "next_meeting" else _DIALOGUE, field, value, reason)


def _future_day(value: date | str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(
            _DIALOGUE, "next_meeting", value, "must be a date written YYYY-MM-DD"
        ) from None


def _summary(dialogue: Dialogue) -> dict[str, object]:
    """A dialogue as the audit trail keeps it: without its rounds, whose markings differ."""
    document = dialogue_to_dict(dialogue)
    document.pop("rounds", None)
    return document


def _round_document(dialogue: Dialogue, meeting: DialogueRound) -> dict[str, object]:
    rounds = dialogue_to_dict(dialogue.evolve(rounds=(meeting,)))["rounds"]
    document: dict[str, object] = rounds[0]
    return document


def _text(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def _texts(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(value.strip() for value in values if value and value.strip())
