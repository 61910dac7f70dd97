"""The diplomatic frame an incident is judged in: UN norms, international law, the EU Toolbox
instruments and the OSCE confidence-building measures.

Every entry names its sources and how firmly those sources were checked (``status``), so
an analyst can tell a treaty article from a secondary summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = [
    "AttributionNeed",
    "CbmChannel",
    "CbmFramework",
    "ConfidenceBuildingMeasure",
    "DecisionRule",
    "Instrument",
    "InstrumentCategory",
    "InternalProcedure",
    "LawPrinciple",
    "MembershipNote",
    "Norm",
    "Verification",
]


class Verification(StrEnum):
    """How firmly the entry's wording was checked against its sources."""

    VERIFIED = "verified"  # read in a copy of the primary text
    SECONDARY = "secondary"  # read in a reliable secondary report
    UNVERIFIED = "unverified"  # general domain knowledge; confirm before relying on it


class InstrumentCategory(StrEnum):
    """The five categories of the 2017 implementing guidelines, in escalating order."""

    PREVENTIVE = "preventive"
    COOPERATIVE = "cooperative"
    STABILITY = "stability"
    RESTRICTIVE = "restrictive"
    SUPPORT_MS = "support_ms"  # EU support to Member States' lawful responses

    @property
    def label(self) -> str:
        return _CATEGORY_LABELS[self]


_CATEGORY_LABELS = {
    InstrumentCategory.PREVENTIVE: "Preventive measures",
    InstrumentCategory.COOPERATIVE: "Cooperative measures",
    InstrumentCategory.STABILITY: "Stability measures",
    InstrumentCategory.RESTRICTIVE: "Restrictive measures",
    InstrumentCategory.SUPPORT_MS: "Support to Member States' lawful responses",
}


class DecisionRule(StrEnum):
    """How the Member States take part in deciding to use an instrument."""

    UNANIMITY = "unanimity"  # a Council or CFSP act every Member State must agree to
    CONSENSUS = "consensus"  # agreed in a working party, the PSC or the OSCE without a vote
    NONE = "none"  # the HR, EEAS or Commission act within their own remit; no Member State vote
    CASE_SPECIFIC = "case_specific"  # depends on the legal basis invoked in the case

    @property
    def label(self) -> str:
        """How the Member States take part, as a reader says it ("needs no Member State vote")."""
        return _DECISION_RULE_LABELS[self]


_DECISION_RULE_LABELS = {
    DecisionRule.UNANIMITY: "needs the unanimity of the Member States",
    DecisionRule.CONSENSUS: "is agreed by consensus",
    DecisionRule.NONE: "needs no Member State vote",
    DecisionRule.CASE_SPECIFIC: "is decided according to the legal basis invoked",
}


class AttributionNeed(StrEnum):
    """Whether using an instrument requires attributing the activity."""

    NONE = "none"
    NOT_TO_STATE = "not_to_state"  # evidence on persons or entities, never attribution to a state
    CASE_SPECIFIC = "case_specific"

    @property
    def label(self) -> str:
        return _ATTRIBUTION_NEED_LABELS[self]


_ATTRIBUTION_NEED_LABELS = {
    AttributionNeed.NONE: "no",
    AttributionNeed.NOT_TO_STATE: "evidence on persons or entities, never attribution to a state",
    AttributionNeed.CASE_SPECIFIC: "depends on the case",
}


@dataclass(frozen=True)
class Norm:
    """One of the eleven voluntary norms of the 2015 UN GGE report (A/70/174, para 13)."""

    id: str  # "13a" … "13k"
    title: str
    text: str  # a paraphrase, not the UN wording
    keywords: tuple[str, ...]  # phrases by which statements invoke the norm
    sources: tuple[str, ...]
    status: Verification


@dataclass(frozen=True)
class LawPrinciple:
    """A rule or concept of international law used to assess a cyber operation."""

    id: str  # e.g. "law.non_intervention", "law.attr.art8"
    concept: str
    meaning: str
    anchors: tuple[str, ...]  # treaty articles, cases, Tallinn Manual rules
    sources: tuple[str, ...]
    status: Verification
    related_norms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Instrument:
    """One measure of the EU Cyber Diplomacy Toolbox and how it is decided."""

    id: str  # "<category>.<name>", e.g. "stability.hr_declaration"
    name: str
    category: InstrumentCategory
    level: int  # step on the graduated ladder, 1 (mildest) … 5 (strongest)
    decided_by: str
    decision_rule: DecisionRule
    attribution_needed: AttributionNeed
    description: str
    sources: tuple[str, ...]
    status: Verification
    legal_basis: str | None = None
    # A CFSP decision (Art. 31(1) TEU): a Member State may abstain constructively.
    constructive_abstention: bool = False


class CbmChannel(StrEnum):
    """What a measure opens between two States when an incident raises tension."""

    CONSULTATION = "consultation"  # consultations to reduce the risk of misperception
    CONTACT = "contact"  # a point of contact or directory to reach the other State


@dataclass(frozen=True)
class ConfidenceBuildingMeasure:
    """A cyber/ICT confidence-building measure of one framework (OSCE, ARF, OAS, UN)."""

    id: str  # "OSCE-CBM-3", "ARF-CBM-1", "OAS-CBM-2", "UN-CBM-1"
    framework: str  # a ``CbmFramework`` id
    number: int  # the measure's number within its framework
    title: str  # a short handle, e.g. "Points of contact"
    summary: str  # what the measure asks of a State, paraphrased in one sentence
    adopted_by: str  # the adopting document, e.g. "PC.DEC/1106", "CICTE/RES.1/18"
    adopted_on: date | None  # None where the sources read give no date
    sources: tuple[str, ...]
    status: Verification
    # Set for the measures an assessment names as channels to the State held responsible.
    channel: CbmChannel | None = None

    @property
    def confirmed(self) -> bool:
        """False for a paraphrase not yet checked against its primary text: shown as such."""
        return self.status is not Verification.UNVERIFIED


@dataclass(frozen=True)
class MembershipNote:
    """A remark on one member's standing (e.g. a State that no longer participates)."""

    code: str
    note: str
    status: Verification


@dataclass(frozen=True)
class CbmFramework:
    """A framework of confidence-building measures and, for the regional ones, its members."""

    id: str  # "osce", "arf", "oas", "un"
    name: str
    organisation: str
    summary: str
    sources: tuple[str, ...]
    status: Verification
    # ISO 3166-1 alpha-2 codes; empty for the UN's global CBMs, open to every UN member.
    members: tuple[str, ...] = ()
    # Participants without an ISO country code (the EU in the ARF), as (code, name).
    other_participants: tuple[tuple[str, str], ...] = ()
    member_sources: tuple[str, ...] = ()
    member_status: Verification | None = None
    member_notes: tuple[MembershipNote, ...] = ()

    @property
    def participant_count(self) -> int:
        return len(self.members) + len(self.other_participants)


@dataclass(frozen=True)
class InternalProcedure:
    """A procedure of the Union or of a Member State for conduct inside the Union.

    The Toolbox is external action (art. 21 TEU; "external threat", art. 1(2) of Reg.
    2019/796): when the conduct is a Member State's own, these are where it is answered —
    parliamentary inquiries, the rule-of-law mechanisms, courts, oversight bodies.
    """

    id: str  # e.g. "ep.committee_of_inquiry"
    name: str
    body: str  # who runs it
    description: str  # what it can do, in a sentence or two
    legal_basis: str
    sources: tuple[str, ...]
    status: Verification
