"""The UN process on ICTs in international security: the processes (GGE, OEWG, the Programme of
Action proposal, the Global Mechanism that succeeds them), their sessions and agenda pillars
(reference data), and what analysts record of them: the documents of a session paragraph by
paragraph, the EU's and Member States' positions on each paragraph, and the statements
delivered.

Positions and statements, and the documents with their paragraphs, carry a TLP marking: a
draft under negotiation and the wording a delegation proposes are rarely for everyone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from cdtoolbox.model.diplomacy import Verification
from cdtoolbox.model.vocabulary import Classification, Tlp

__all__ = [
    "EU_PARTY",
    "DocumentKind",
    "DocumentPositions",
    "Milestone",
    "ParagraphPositions",
    "Pillar",
    "PillarInfo",
    "Position",
    "ProcessKind",
    "SessionRecord",
    "Stance",
    "UnDocument",
    "UnParagraph",
    "UnProcess",
    "UnSession",
    "UnStatement",
]

#: The party code of the Union itself; the Member States are named by ISO 3166-1 alpha-2 code.
EU_PARTY = "EU"


class Pillar(StrEnum):
    """The six agenda pillars of the OEWG 2021-2025 mandate (GA res. 75/240)."""

    THREATS = "threats"
    NORMS = "norms"
    INTERNATIONAL_LAW = "international-law"
    CBMS = "cbms"
    CAPACITY_BUILDING = "capacity-building"
    RID = "rid"  # regular institutional dialogue


class ProcessKind(StrEnum):
    GGE = "gge"  # a Group of Governmental Experts
    OEWG = "oewg"  # an Open-Ended Working Group
    POA = "poa"  # the Programme of Action proposal
    MECHANISM = "mechanism"  # the permanent Global Mechanism


class DocumentKind(StrEnum):
    APR_DRAFT = "apr-draft"  # a zero draft or revision of an Annual Progress Report
    APR_FINAL = "apr-final"  # the report as adopted
    CHAIR_SUMMARY = "chair-summary"
    WORKING_PAPER = "working-paper"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


class Stance(StrEnum):
    """A party's stance on a paragraph, as its delegation stated or instructed it."""

    SUPPORT = "support"
    SUPPORT_WITH_AMENDMENTS = "support-with-amendments"
    OPPOSE = "oppose"
    RESERVE = "reserve"  # a reservation: position held back pending instructions
    NO_POSITION = "no-position"

    @property
    def label(self) -> str:
        return _STANCE_LABELS[self]


_KIND_LABELS = {
    DocumentKind.APR_DRAFT: "draft Annual Progress Report",
    DocumentKind.APR_FINAL: "Annual Progress Report",
    DocumentKind.CHAIR_SUMMARY: "Chair's summary",
    DocumentKind.WORKING_PAPER: "working paper",
    DocumentKind.OTHER: "document",
}
_STANCE_LABELS = {
    Stance.SUPPORT: "support",
    Stance.SUPPORT_WITH_AMENDMENTS: "support with amendments",
    Stance.OPPOSE: "oppose",
    Stance.RESERVE: "reservation",
    Stance.NO_POSITION: "no position",
}


@dataclass(frozen=True)
class PillarInfo:
    pillar: Pillar
    title: str
    summary: str


@dataclass(frozen=True)
class Milestone:
    """One step of a process (a proposal, a resolution, a report), as its sources state it.

    ``when`` is text because some steps are known to the month or the year only."""

    when: str
    fact: str
    sources: tuple[str, ...]
    status: Verification

    @property
    def confirmed(self) -> bool:
        return self.status is not Verification.UNVERIFIED


@dataclass(frozen=True)
class UnProcess:
    """A UN process on ICTs in international security and the mandate that set it up."""

    id: str  # "oewg-2021-2025", "global-mechanism", …
    name: str
    kind: ProcessKind
    summary: str
    sources: tuple[str, ...]
    status: Verification
    mandate: str | None = None  # the GA resolution that set it up, when confirmed
    reports: tuple[str, ...] = ()  # document symbols of its reports
    successor_of: tuple[str, ...] = ()  # the ids of the processes it continues
    milestones: tuple[Milestone, ...] = ()

    @property
    def confirmed(self) -> bool:
        return self.status is not Verification.UNVERIFIED


@dataclass(frozen=True)
class UnSession:
    """A session of a process. ``starts``/``ends`` are given only when confirmed; an
    unconfirmed date is left in ``note`` with the words "not confirmed"."""

    id: str
    process: str
    title: str
    sources: tuple[str, ...]
    status: Verification
    starts: date | None = None
    ends: date | None = None
    outcome: str | None = None
    note: str | None = None

    @property
    def confirmed(self) -> bool:
        return self.status is not Verification.UNVERIFIED

    def holds(self, day: date) -> bool:
        """True when ``day`` falls within the session, or the session has no dates."""
        if self.starts is None or self.ends is None:
            return True
        return self.starts <= day <= self.ends


@dataclass(frozen=True)
class UnDocument:
    """A document of a session: a draft or final Annual Progress Report, a Chair's summary,
    a working paper."""

    id: str
    session: str
    kind: DocumentKind
    title: str
    dated: date
    recorded_by: str
    recorded_at: datetime
    symbol: str | None = None  # e.g. "A/78/265", "A/AC.292/2024/CRP.1"
    url: str | None = None
    tlp: Tlp = Tlp.CLEAR
    version: int = 1
    classification: Classification | None = None  # EU classification; None: unclassified

    def evolve(self, **changes: object) -> UnDocument:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class UnParagraph:
    """One paragraph of a document; it carries its document's marking."""

    document: str
    number: str  # "12", "12bis", "C.3" (annex C, item 3)
    text: str
    recorded_by: str
    recorded_at: datetime
    pillar: Pillar | None = None  # None for the introduction, conclusions and annexes
    tlp: Tlp = Tlp.CLEAR
    classification: Classification | None = None  # EU classification; None: unclassified


@dataclass(frozen=True)
class Position:
    """A party's stance on one paragraph; re-recording it makes a new version (the audit
    trail keeps the earlier ones)."""

    document: str
    paragraph: str
    party: str  # EU_PARTY or a Member State's ISO 3166-1 alpha-2 code
    stance: Stance
    dated: date
    recorded_by: str
    recorded_at: datetime
    wording: str | None = None  # the amendment or the position's wording
    tlp: Tlp = Tlp.CLEAR
    version: int = 1
    classification: Classification | None = None  # EU classification; None: unclassified

    def evolve(self, **changes: object) -> Position:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class UnStatement:
    """A statement delivered at a session. Until a statement archive exists it is kept by its
    title and the address where it is published."""

    id: str
    session: str
    party: str  # EU_PARTY or a Member State's ISO code
    dated: date
    title: str
    recorded_by: str
    recorded_at: datetime
    url: str | None = None
    pillar: Pillar | None = None
    # The States aligning themselves with the statement (candidate countries, EFTA/EEA): the
    # list varies from statement to statement.
    aligned: tuple[str, ...] = ()
    tlp: Tlp = Tlp.CLEAR
    classification: Classification | None = None  # EU classification; None: unclassified


@dataclass(frozen=True)
class ParagraphPositions:
    paragraph: UnParagraph
    positions: tuple[Position, ...]  # the EU's first, then the Member States by code


@dataclass(frozen=True)
class DocumentPositions:
    """A document as one reader may see it: its paragraphs and the positions on each."""

    document: UnDocument
    session: UnSession
    paragraphs: tuple[ParagraphPositions, ...]


@dataclass(frozen=True)
class SessionRecord:
    """A session with what was recorded of it that one reader may see."""

    session: UnSession
    documents: tuple[UnDocument, ...]
    statements: tuple[UnStatement, ...]
