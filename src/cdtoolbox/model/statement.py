"""The reading of an official statement: what a declaration, a press release or a national
attribution says, each item with the words it was read from.

A reading is what the reader found in one text, not a judgement: an analyst confirms or
corrects it. Every item carries ``evidence`` (character offsets into the text and the quoted
words) so that a page can highlight where it came from and a reviewer can check it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

__all__ = [
    "AttributionStrength",
    "Evidence",
    "IssuerKind",
    "Measure",
    "MeasureKind",
    "Named",
    "ReadAttribution",
    "ReadDate",
    "ReadInstrument",
    "ReadIssuer",
    "ReadTargets",
    "StatementReading",
]


class IssuerKind(StrEnum):
    COUNCIL = "council"
    HR_ON_BEHALF_OF_EU = "hr-on-behalf-of-eu"
    HR = "hr"
    EEAS_SPOKESPERSON = "eeas-spokesperson"
    COMMISSION = "commission"
    MEMBER_STATE = "member-state"
    THIRD_STATE = "third-state"
    JOINT = "joint"
    INTERNATIONAL_ORGANISATION = "international-organisation"
    OTHER = "other"


class AttributionStrength(StrEnum):
    """How firmly a text holds a State responsible, strongest first (docs/statements.md)."""

    EXPLICIT = "explicit"  # "conducted by the Russian Federation"
    TERRITORIAL = "territorial"  # "undertaken from the territory of China"
    ASSOCIATED = "associated"  # "associated these with the Russian State"
    RELAYED = "relayed"  # repeats a partner's attribution without making it its own
    NONE = "none"  # an actor is held responsible, no State is

    @property
    def rank(self) -> int:
        """0 for the strongest: the order of the ladder."""
        return list(AttributionStrength).index(self)


class MeasureKind(StrEnum):
    LISTING = "listing"  # a person or an entity listed under a sanctions regime
    RENEWAL = "renewal"  # a regime or its listings prolonged, until a new end date
    CALL = "call"  # a call on a State to act (or to refrain)
    SOLIDARITY = "solidarity"
    ASSISTANCE = "assistance"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where in the text an item was read: ``text[start:end] == quote``."""

    start: int
    end: int
    quote: str


@dataclass(frozen=True, slots=True)
class Named:
    """Something the text names (an actor, a country, an incident, a norm, a principle of
    law), by its identifier, with every place it is named."""

    id: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class ReadDate:
    value: date
    origin: str  # "text", or "metadata" when the text gives none (e.g. a PDF's creation date)
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class ReadIssuer:
    kind: IssuerKind
    name: str | None
    country: str | None  # ISO alpha-2 of a national issuer
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class ReadInstrument:
    # An id of knowledge/data/instruments.yaml, or national-attribution,
    # statement-in-international-forum, other.
    id: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class ReadAttribution:
    """Who the text holds responsible, and how firmly."""

    state: str | None  # ISO alpha-2
    actor: str | None  # canonical actor name
    strength: AttributionStrength
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class ReadTargets:
    countries: tuple[Named, ...] = ()
    sectors: tuple[Named, ...] = ()


@dataclass(frozen=True, slots=True)
class Measure:
    kind: MeasureKind
    subject: str | None  # the person or entity listed, the State called on, …
    until: date | None  # a renewal's new end date
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class StatementReading:
    """Everything read from one statement (docs/statements.md describes each field)."""

    date: ReadDate | None
    issuer: ReadIssuer
    aligned: tuple[Named, ...]
    language: str | None  # ISO 639-1: en, fr, de; None when the text is too short to tell
    instrument: ReadInstrument
    incidents: tuple[Named, ...] = ()
    actors: tuple[Named, ...] = ()
    attributions: tuple[ReadAttribution, ...] = ()
    targets: ReadTargets = field(default_factory=ReadTargets)
    norms: tuple[Named, ...] = ()
    law: tuple[Named, ...] = ()
    measures: tuple[Measure, ...] = ()

    @property
    def attributed_states(self) -> tuple[str, ...]:
        """The States the text holds responsible, at any strength above ``none``."""
        return tuple(
            item.state
            for item in self.attributions
            if item.state is not None and item.strength is not AttributionStrength.NONE
        )
