"""The reading of an official statement: what a declaration, a press release or a national
attribution says, each item with the words it was read from.

A reading is what the reader found in one text, not a judgement: an analyst confirms or
corrects it. Every item carries ``evidence`` (character offsets into the text and the quoted
words) so that a page can highlight where it came from and a reviewer can check it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from cdtoolbox.model.vocabulary import Classification, Tlp

__all__ = [
    "FORUM_STATEMENT",
    "LISTING_INSTRUMENT",
    "NATIONAL_ATTRIBUTION",
    "OTHER_INSTRUMENT",
    "READING_INSTRUMENTS",
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
    "Statement",
    "StatementExchange",
    "StatementFile",
    "StatementQuery",
    "StatementReading",
    "text_digest",
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

    @property
    def label(self) -> str:
        """The kind of issuer in words, for a reader."""
        return _ISSUER_LABELS[self]


_ISSUER_LABELS = {
    IssuerKind.COUNCIL: "Council of the EU",
    IssuerKind.HR_ON_BEHALF_OF_EU: "High Representative on behalf of the EU",
    IssuerKind.HR: "High Representative",
    IssuerKind.EEAS_SPOKESPERSON: "EEAS Spokesperson",
    IssuerKind.COMMISSION: "European Commission",
    IssuerKind.MEMBER_STATE: "Member State",
    IssuerKind.THIRD_STATE: "Third State",
    IssuerKind.JOINT: "Joint statement",
    IssuerKind.INTERNATIONAL_ORGANISATION: "International organisation",
    IssuerKind.OTHER: "Other issuer",
}


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


class StatementExchange(StrEnum):
    """The exchange formats a statement leaves in (docs/statements.md, "Exchange")."""

    STIX = "stix"  # a STIX 2.1 report in a bundle
    MISP = "misp"  # a MISP event report


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


#: The instruments a reading may name besides the Toolbox's own (knowledge/data/instruments.yaml),
#: with their names in words.
#: The instrument of the knowledge base a sanctions listing is: its texts name who is listed,
#: and never attribute to a State (Decision (CFSP) 2019/797).
LISTING_INSTRUMENT = "restrictive.listing"
NATIONAL_ATTRIBUTION = "national-attribution"
FORUM_STATEMENT = "statement-in-international-forum"
OTHER_INSTRUMENT = "other"
READING_INSTRUMENTS = {
    NATIONAL_ATTRIBUTION: "National attribution",
    FORUM_STATEMENT: "Statement in an international forum",
    OTHER_INSTRUMENT: "Other statement",
}


@dataclass(frozen=True, slots=True)
class ReadInstrument:
    # An id of knowledge/data/instruments.yaml, or one of READING_INSTRUMENTS.
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


@dataclass(frozen=True, slots=True)
class StatementFile:
    """A statement file handed over as bytes (an upload): its ``name``'s ending says how to
    read it."""

    name: str
    content: bytes


_BLANK_RUNS = re.compile(r"[ \t\u00a0]+")


def text_digest(text: str) -> str:
    """The SHA-256 (hex) of ``text`` normalised: Unicode NFC, line endings and runs of spaces
    made one, each line stripped, blank lines dropped. The same statement saved as .txt by
    one analyst and copied from a page by another has the same digest."""
    lines = (
        _BLANK_RUNS.sub(" ", line).strip()
        for line in unicodedata.normalize("NFC", text).splitlines()
    )
    normalised = "\n".join(line for line in lines if line)
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Statement:
    """A statement kept in the archive: its text as read, where it came from, its marking
    and the reading made when it was added.

    ``issuer_kind``, ``issuer_name`` and ``date`` are the statement's own values: those the
    reading found unless the analyst gave them, in which case ``given`` names them (and the
    reading keeps what the text said)."""

    id: str
    sha256: str
    text: str
    file_name: str
    media_type: str
    source_url: str | None
    language: str | None
    issuer_kind: IssuerKind
    issuer_name: str | None
    date: date | None
    instrument: str
    tlp: Tlp
    classification: Classification | None
    recorded_by: str
    recorded_at: datetime
    reading: StatementReading
    reader_version: str
    given: tuple[str, ...] = ()  # "issuer", "date": values the analyst gave over the reading


@dataclass(frozen=True, slots=True)
class StatementQuery:
    """What a listing of the archive asks for; every field left unset filters nothing.

    ``text``: words that must all occur (stemmed, accents folded); ``actor``, ``state`` and
    ``incident``: an actor (canonical name), a State held responsible (ISO code) or an
    incident (slug) the stored reading names; ``since``/``until``: the statement's date,
    inclusive (an undated statement is left out of a dated query)."""

    text: str | None = None
    issuer: IssuerKind | None = None
    instrument: str | None = None
    actor: str | None = None
    state: str | None = None
    incident: str | None = None
    since: date | None = None
    until: date | None = None
    language: str | None = None
