"""The EU's cyber dialogues and partnerships: with third countries, organisations, the
like-minded format and the cyber ambassadors, each a series of dated rounds.

A dialogue's partner is an ISO 3166-1 alpha-2 code or the id of an organisation the bundled
register names. Each round carries its own TLP marking (a meeting's talking points may be
AMBER while the dialogue itself is public); a reader sees the rounds they are cleared for and
how many were left out, so an empty list is never mistaken for "never met".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from itertools import pairwise

from cdtoolbox.model.diplomacy import Verification
from cdtoolbox.model.vocabulary import Classification, Tlp

__all__ = ["Dialogue", "DialogueKind", "DialogueRound", "DialogueStatus", "schedule_problem"]


class DialogueKind(StrEnum):
    BILATERAL = "bilateral"  # with a third country
    ORGANISATION = "organisation"  # with an international or regional organisation
    MULTILATERAL = "multilateral"  # a format of several partners at once
    AMBASSADORS = "ambassadors"  # the Member States' cyber ambassadors and attachés
    CIVIL_SOCIETY = "civil-society"
    ACADEMIA = "academia"
    INDUSTRY = "industry"


class DialogueStatus(StrEnum):
    ACTIVE = "active"  # meets, or is expected to meet again
    DORMANT = "dormant"  # no round for years, never ended
    SUSPENDED = "suspended"  # ended or frozen by a decision
    NONE = "none"  # no such dialogue exists
    UNKNOWN = "unknown"  # the sources do not tell

    @property
    def open_channel(self) -> bool:
        """Whether the dialogue is a channel the EU can use now."""
        return self is DialogueStatus.ACTIVE


@dataclass(frozen=True)
class DialogueRound:
    """One meeting of a dialogue: when and where, at which level, what it covered and agreed."""

    held_on: date
    ends_on: date | None = None
    number: int | None = None  # the round's ordinal as its sources number it
    place: str | None = None
    level: str | None = None  # e.g. "senior officials", "Track 2"
    topics: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()  # also the talking points recorded after it
    tlp: Tlp = Tlp.CLEAR
    classification: Classification | None = None  # EU classification; None: unclassified
    sources: tuple[str, ...] = ()
    status: Verification = Verification.VERIFIED  # how firmly the sources support it
    recorded_by: str | None = None  # None for bundled rounds

    @property
    def confirmed(self) -> bool:
        return self.status is not Verification.UNVERIFIED

    @property
    def label(self) -> str:
        """The round in words: "9th round, Brussels, 2023-12-06 to 2023-12-07"."""
        name = f"{_ordinal(self.number)} round" if self.number is not None else "meeting"
        days = self.held_on.isoformat() + (
            f" to {self.ends_on.isoformat()}" if self.ends_on else ""
        )
        parts = [name, *(p for p in (self.place, self.level) if p), days]
        return ", ".join(parts)


@dataclass(frozen=True)
class Dialogue:
    """A cyber dialogue or partnership of the EU, with its rounds in date order."""

    id: str
    partner: str  # ISO 3166-1 alpha-2 code, or an organisation id of the register
    partner_name: str
    kind: DialogueKind
    title: str
    status: DialogueStatus
    status_checked: Verification  # how firmly the sources support ``status``
    sources: tuple[str, ...]
    first_held: date | None = None
    rounds: tuple[DialogueRound, ...] = ()
    next_meeting: date | None = None
    next_meeting_note: str | None = None  # when only a place or a year is announced
    note: str | None = None
    tlp: Tlp = Tlp.CLEAR
    # Rounds left out of this copy because its reader is not cleared for their marking.
    rounds_withheld: int = 0
    version: int = 1

    @property
    def status_confirmed(self) -> bool:
        return self.status_checked is not Verification.UNVERIFIED

    @property
    def last_round(self) -> DialogueRound | None:
        return self.rounds[-1] if self.rounds else None

    def next_in_words(self) -> str | None:
        """The next meeting as announced: its date, else its note; None when none is known."""
        if self.next_meeting is not None:
            return self.next_meeting.isoformat() + (
                f" ({self.next_meeting_note})" if self.next_meeting_note else ""
            )
        return self.next_meeting_note

    def evolve(self, **changes: object) -> Dialogue:
        return replace(self, **changes)  # type: ignore[arg-type]


def schedule_problem(
    rounds: tuple[DialogueRound, ...], next_meeting: date | None
) -> tuple[str, object, str] | None:
    """What is wrong with a dialogue's schedule, as (field, value, reason), or None.

    Rounds must be in date order, none twice (same day, or same number), each ending no
    earlier than it began; the next meeting must come after the last round.
    """
    for earlier, later in pairwise(rounds):
        if later.held_on == earlier.held_on:
            return "held_on", later.held_on.isoformat(), "is already the date of a round"
        if later.number is not None and later.number == earlier.number:
            return "number", later.number, "is already the number of a round"
        if later.held_on < earlier.held_on:
            return "held_on", later.held_on.isoformat(), "is before the round listed before it"
    numbers = [r.number for r in rounds if r.number is not None]
    if len(set(numbers)) != len(numbers):
        duplicate = next(n for n in numbers if numbers.count(n) > 1)
        return "number", duplicate, "is already the number of a round"
    for meeting in rounds:
        if meeting.ends_on is not None and meeting.ends_on < meeting.held_on:
            return "ends_on", meeting.ends_on.isoformat(), "is before the day the round began"
    if rounds and next_meeting is not None:
        last = rounds[-1].ends_on or rounds[-1].held_on
        if next_meeting <= last:
            return (
                "next_meeting",
                next_meeting.isoformat(),
                f"is not after the last round ({last.isoformat()})",
            )
    return None


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"
