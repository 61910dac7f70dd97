"""The points-of-contact directory and its communication checks.

A contact's organisation and channel carry the record's marking; its personal details carry
their own (TLP:AMBER unless the recorder says otherwise) and are left out, visibly, for a
reader not cleared for them. A communication check ("ping test", as the OSCE and UN
directories run them) is a round over one network's contacts: when each test message was
sent and when it was acknowledged, and from that the response rate and the median and 95th
percentile time to acknowledge, per State and per round. An acknowledgement verifies the
contact as of that day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.model import Tlp
from cdtoolbox.model.access import SYSTEM_USER, Permission, User
from cdtoolbox.model.cooperation import (
    AckTimes,
    CheckEntry,
    CheckRound,
    PersonalDetails,
    PocLevel,
    PointOfContact,
    RoundReport,
)
from cdtoolbox.model.cooperation_codec import poc_to_dict, round_to_dict
from cdtoolbox.model.ports import Clock, slugify
from cdtoolbox.model.vocabulary import Classification
from cdtoolbox.store.database import Database, Repositories
from cdtoolbox.toolbox import cooperation_inputs as inputs
from cdtoolbox.toolbox.access import require
from cdtoolbox.toolbox.audit import MARKING_FIELD, AuditService
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource

__all__ = ["PocService", "ack_times", "percentile"]

_POC = "point of contact"
_ROUND = "communication check"


class PocService:
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

    # --- The directory ---------------------------------------------------------------------

    def networks(self, *, by: User) -> dict[str, str]:
        """Every framework or network a contact may belong to: id -> name."""
        require(by, Permission.READ)
        knowledge = self._knowledge.get()
        named = {f.id: f.name for f in knowledge.cbms.frameworks}
        return {**named, **knowledge.poc_networks.networks}

    def list(
        self,
        *,
        by: User,
        state: str | None = None,
        network: str | None = None,
        stale: bool = False,
    ) -> tuple[PointOfContact, ...]:
        """The contacts ``by`` may read, by State; ``stale`` keeps those not verified within
        a year."""
        require(by, Permission.READ)
        code = inputs.state(self._knowledge.get(), "filter", state) if state else None
        chosen = self._network("filter", network, by) if network else None
        today = self._clock.now().date()
        with self._database.read() as store:
            found = store.cooperation.pocs(
                by.clearance,
                state=code,
                network=chosen,
                classification=by.classification_clearance,
            )
        return tuple(_shown(p, by) for p in found if not stale or p.stale_on(today))

    def is_stale(self, poc: PointOfContact) -> bool:
        """Whether a contact someone already read is unverified for more than a year today."""
        return poc.stale_on(self._clock.now().date())

    def get(self, poc_id: str, *, by: User) -> PointOfContact:
        require(by, Permission.READ)
        with self._database.read() as store:
            return _readable(store, poc_id.strip(), by)

    def add(
        self,
        *,
        by: User,
        state: str,
        network: str,
        level: PocLevel | str,
        organisation: str,
        channel: str,
        languages: Sequence[str] = (),
        hours: str | None = None,
        last_verified: str | None = None,
        tlp: Tlp | str = Tlp.CLEAR,
        name: str | None = None,
        email: str | None = None,
        phone: str | None = None,
        personal_tlp: Tlp | str = Tlp.AMBER,
        classification: Classification | str | None = None,
    ) -> PointOfContact:
        """Add a contact; its id is made from its State, network and organisation."""
        require(by, Permission.EDIT_COOPERATION)
        knowledge = self._knowledge.get()
        code = inputs.state(knowledge, _POC, state)
        chosen = self._network(_POC, network, by)
        text = {"organisation": organisation, "channel": channel}
        for field, value in text.items():
            if not value or not value.strip():
                raise InvalidInput(_POC, field, value or None, "is required")
        marking = inputs.tlp(_POC, tlp)
        personal_marking = inputs.tlp(_POC, personal_tlp, "personal_tlp")
        for field, level_of in (("tlp", marking), ("personal_tlp", personal_marking)):
            if not by.cleared_for(level_of):
                raise InvalidInput(_POC, field, level_of.value, "is above your clearance")
        classified_as = inputs.classification(_POC, classification, by)
        details = PersonalDetails(name=_text(name), email=_text(email), phone=_text(phone))
        poc = PointOfContact(
            id=slugify(f"{code} {chosen} {organisation}"),
            state=code,
            network=chosen,
            level=inputs.choice(_POC, "level", level, PocLevel),
            organisation=organisation.strip(),
            channel=channel.strip(),
            languages=tuple(lang.strip() for lang in languages if lang.strip()),
            hours=_text(hours),
            last_verified=(
                inputs.day(_POC, "last_verified", last_verified, self._clock.now().date())
                if last_verified
                else None
            ),
            tlp=marking,
            personal=details if details != PersonalDetails() else None,
            personal_tlp=personal_marking,
            classification=classified_as,
        )
        with self._database.transaction() as store:
            stored = store.cooperation.add_poc(poc)
            self._audit.record(
                store,
                by=by,
                action="poc.add",
                entity="poc",
                key=stored.id,
                before=None,
                after=_audited(stored),
            )
        return stored

    def seed(self) -> int:
        """Store the bundled organisations not yet in the directory; the number added."""
        bundled = self._knowledge.get().poc_networks.organisations
        added = 0
        with self._database.transaction() as store:
            for poc in bundled:
                if not store.cooperation.poc_exists(poc.id):
                    stored = store.cooperation.add_poc(poc)
                    self._audit.record(
                        store,
                        by=SYSTEM_USER,
                        action="poc.add",
                        entity="poc",
                        key=stored.id,
                        before=None,
                        after=_audited(stored),
                    )
                    added += 1
        return added

    # --- Communication checks --------------------------------------------------------------

    def rounds(self, *, by: User) -> tuple[CheckRound, ...]:
        require(by, Permission.READ)
        with self._database.read() as store:
            return tuple(_round_shown(store, r, by) for r in store.cooperation.rounds())

    def round(self, round_id: str, *, by: User) -> CheckRound:
        require(by, Permission.READ)
        with self._database.read() as store:
            return _round_shown(store, store.cooperation.get_round(round_id.strip()), by)

    def open_round(self, network: str, title: str, *, by: User) -> CheckRound:
        """Open a check of every contact of ``network`` that ``by`` may read."""
        require(by, Permission.EDIT_COOPERATION)
        chosen = self._network(_ROUND, network, by)
        if not title or not title.strip():
            raise InvalidInput(_ROUND, "title", title or None, "is required")
        round_id = slugify(f"{chosen} {title}")
        with self._database.transaction() as store:
            if store.cooperation.round_exists(round_id):
                reason = f"is already a round of {chosen} ({round_id})"
                raise InvalidInput(_ROUND, "title", title, reason)
            contacts = store.cooperation.pocs(
                by.clearance, network=chosen, classification=by.classification_clearance
            )
            if not contacts:
                raise InvalidInput(_ROUND, "network", network, "has no points of contact")
            check_round = CheckRound(
                id=round_id,
                network=chosen,
                title=title.strip(),
                opened_at=self._clock.now(),
                opened_by=by.username,
                entries=tuple(CheckEntry(poc_id=p.id, state=p.state) for p in contacts),
            )
            stored = store.cooperation.add_round(check_round)
            self._audit.record(
                store,
                by=by,
                action="poc.check_round.open",
                entity="communication check",
                key=stored.id,
                before=None,
                after=round_to_dict(stored),
            )
        return stored

    def mark_sent(
        self, round_id: str, poc_id: str, at: datetime | str | None = None, *, by: User
    ) -> CheckRound:
        """Record when the test message went to ``poc_id`` (now, unless ``at`` says)."""
        return self._change_entry(round_id, poc_id, "sent_at", at, by)

    def acknowledge(
        self, round_id: str, poc_id: str, at: datetime | str | None = None, *, by: User
    ) -> CheckRound:
        """Record when ``poc_id`` acknowledged the check; it verifies the contact that day."""
        return self._change_entry(round_id, poc_id, "acknowledged_at", at, by)

    def report(self, round_id: str, *, by: User) -> RoundReport:
        """The round's response rate and median and 95th percentile time to acknowledge,
        overall and per State."""
        check_round = self.round(round_id, by=by)
        states = sorted({entry.state for entry in check_round.entries})
        return RoundReport(
            round=check_round,
            overall=ack_times(check_round.entries),
            by_state=tuple(
                (s, ack_times(e for e in check_round.entries if e.state == s)) for s in states
            ),
        )

    def _change_entry(
        self, round_id: str, poc_id: str, field: str, at: datetime | str | None, by: User
    ) -> CheckRound:
        require(by, Permission.EDIT_COOPERATION)
        now = self._clock.now()
        moment = inputs.moment(_ROUND, field, at, now) if at is not None else now
        with self._database.transaction() as store:
            current = store.cooperation.get_round(round_id.strip())
            poc = _readable(store, poc_id.strip(), by)
            position = next((i for i, e in enumerate(current.entries) if e.poc_id == poc.id), None)
            if position is None:
                raise InvalidInput(_ROUND, "poc", poc_id, f"is not checked in {current.id}")
            entry = current.entries[position]
            if field == "sent_at":
                if entry.acknowledged_at is not None and moment > entry.acknowledged_at:
                    reason = f"is after the acknowledgement ({entry.acknowledged_at})"
                    raise InvalidInput(_ROUND, field, moment.isoformat(), reason)
                changed = CheckEntry(poc.id, entry.state, moment, entry.acknowledged_at)
            else:
                if entry.sent_at is None:
                    reason = "comes before the check was sent: record when it was sent first"
                    raise InvalidInput(_ROUND, field, moment.isoformat(), reason)
                if moment < entry.sent_at:
                    reason = f"is before the check was sent ({entry.sent_at.isoformat()})"
                    raise InvalidInput(_ROUND, field, moment.isoformat(), reason)
                if entry.acknowledged_at is not None:
                    reason = f"was already recorded ({entry.acknowledged_at.isoformat()})"
                    raise InvalidInput(_ROUND, field, moment.isoformat(), reason)
                changed = CheckEntry(poc.id, entry.state, entry.sent_at, moment)
                verified = moment.date()
                if poc.last_verified is None or poc.last_verified < verified:
                    whole = store.cooperation.get_poc(poc.id)
                    store.cooperation.update_poc(
                        whole.evolve(last_verified=verified), whole.version
                    )
                    # The contact's record changed too: its own entry, marked like the record.
                    self._audit.record(
                        store,
                        by=by,
                        action="poc.verify",
                        entity="poc",
                        key=poc.id,
                        before={
                            "last_verified": _iso(whole.last_verified),
                            MARKING_FIELD: whole.tlp.value,
                        },
                        after={
                            "last_verified": verified.isoformat(),
                            MARKING_FIELD: whole.tlp.value,
                        },
                    )
            entries = list(current.entries)
            entries[position] = changed
            stored = store.cooperation.update_round(
                current.evolve(entries=tuple(entries)), current.version
            )
            self._audit.record(
                store,
                by=by,
                action="poc.check_round.sent" if field == "sent_at" else "poc.check_round.ack",
                entity="communication check",
                key=f"{current.id}/{poc.id}",
                before={
                    "sent_at": _iso(entry.sent_at),
                    "acknowledged_at": _iso(entry.acknowledged_at),
                },
                after={
                    "sent_at": _iso(changed.sent_at),
                    "acknowledged_at": _iso(changed.acknowledged_at),
                },
            )
        return stored

    def _network(self, entity: str, value: str, by: User) -> str:
        wanted = value.strip().lower()
        known = self.networks(by=by)
        if wanted not in known:
            raise InvalidInput(entity, "network", value, f"is not one of: {', '.join(known)}")
        return wanted


def ack_times(entries: Iterable[CheckEntry]) -> AckTimes:
    """The response of these entries: of the checks sent, how many were acknowledged, and the
    median and 95th percentile time to acknowledge (linear interpolation between ranks)."""
    sent = [e for e in entries if e.sent_at is not None]
    times = sorted(t for e in sent if (t := e.time_to_acknowledge) is not None)
    return AckTimes(
        sent=len(sent),
        acknowledged=len(times),
        median=percentile(times, 50),
        p95=percentile(times, 95),
    )


def percentile(values: Sequence[timedelta], rank: float) -> timedelta | None:
    """The ``rank``th percentile of sorted ``values``, interpolated linearly between the two
    closest ranks (the "inclusive" method: the 50th of an even count is the mean of the middle
    two); None for no values."""
    if not values:
        return None
    position = (len(values) - 1) * rank / 100
    lower = int(position)
    upper = min(lower + 1, len(values) - 1)
    return values[lower] + (values[upper] - values[lower]) * (position - lower)


def _readable(store: Repositories, poc_id: str, by: User) -> PointOfContact:
    poc = store.cooperation.get_poc(poc_id)
    if not by.may_read(poc):
        # Above the reader's clearances reads as not stored.
        raise NotFound(_POC, poc_id, "`cdt pocs list` shows the directory")
    return _shown(poc, by)


def _shown(poc: PointOfContact, by: User) -> PointOfContact:
    if poc.personal is None or by.cleared_for(poc.personal_tlp):
        return poc
    return poc.evolve(personal=None, personal_withheld=True)


def _round_shown(store: Repositories, check_round: CheckRound, by: User) -> CheckRound:
    """The round with only the entries of contacts ``by`` may read."""
    if by.clearance is Tlp.RED and by.classification_clearance is Classification.SECRET_UE:
        return check_round
    readable = store.cooperation.pocs(
        by.clearance, network=check_round.network, classification=by.classification_clearance
    )
    visible = {p.id for p in readable}
    return check_round.evolve(entries=tuple(e for e in check_round.entries if e.poc_id in visible))


def _audited(poc: PointOfContact) -> dict[str, object]:
    """The contact as the audit trail keeps it, marked with its strictest marking so that an
    entry holding personal details is shown only to readers cleared for them."""
    document = poc_to_dict(poc)
    if poc.personal is not None:
        document[MARKING_FIELD] = max(poc.tlp, poc.personal_tlp, key=lambda t: t.rank).value
    return document


def _text(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def _iso(moment: date | None) -> str | None:
    return moment.isoformat() if moment else None
