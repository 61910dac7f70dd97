"""The assessment of one incident, as typed values: what the engine returns and serialises.

Every finding carries the facts it used (``Fact``) and a sentence a diplomat can read
(``reason`` or ``summary``). Unknown stays unknown: a severity dimension without facts has no
score, a precondition that cannot be checked is ``UNKNOWN``, never silently true or false.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cdtoolbox.assess.labels import field_label, measure_label
from cdtoolbox.model import (
    DecisionRule,
    InstrumentCategory,
    ResponseLevel,
    ResponseTier,
    SeverityLevel,
)

__all__ = [
    "Assessment",
    "AttributionClaim",
    "AttributionSynthesis",
    "Consensus",
    "CooperationHandle",
    "CooperationHandles",
    "DimensionRole",
    "DimensionScore",
    "DimensionStatus",
    "EscalationFactor",
    "EscalationLevel",
    "EscalationRisk",
    "Fact",
    "HandleKind",
    "HandleStatus",
    "LawFinding",
    "LawStatus",
    "NormFinding",
    "NormStatus",
    "PrecedentMatch",
    "PrecedentResponse",
    "PreconditionCheck",
    "ProcedurePointer",
    "RankedOption",
    "Readiness",
    "Recommendation",
    "ResponseLevelDecision",
    "ResponseOption",
    "Severity",
    "SeverityLevel",
    "StateNamed",
    "Truth",
    "WordingLevel",
]


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact a finding rests on: the incident field (or derived notion) and its value."""

    name: str  # e.g. "impact.people_affected", "victims.sectors", "attribution"
    value: str


class Truth(StrEnum):
    HOLDS = "holds"
    FAILS = "fails"
    UNKNOWN = "unknown"  # the facts needed to decide are not recorded


# --- Severity --------------------------------------------------------------------------------


class DimensionStatus(StrEnum):
    ASSESSED = "assessed"  # every fact the dimension needs is known
    LOWER_BOUND = "lower-bound"  # some facts are missing: the score is a floor, not a value
    UNKNOWN = "unknown"  # nothing recorded to score with (an estimate may still be given)


class DimensionRole(StrEnum):
    """How a dimension enters the combined level (docs/assessment.md, "Combined level")."""

    EFFECT = "effect"  # what the activity did: the strongest effect sets the base level
    CONTEXT = "context"  # how long, how skilled, how wide, against whom: raises it one step

    @property
    def label(self) -> str:
        return "effect" if self is DimensionRole.EFFECT else "context"


@dataclass(frozen=True, slots=True)
class DimensionScore:
    """One severity dimension scored 0 (none) … 4 (very high).

    ``score`` is what the recorded facts establish (None: nothing recorded); ``likely`` and
    ``upper`` estimate the missing facts from what the incident was (its types, victims,
    campaign flag, summary), and ``estimate`` says how. With every fact known the three are
    equal.
    """

    dimension: str  # "physical", "disruption", …
    label: str
    role: DimensionRole
    score: int | None  # floor established by the recorded facts
    likely: int | None  # most likely score; None when nothing suggests one
    upper: int | None  # highest plausible score; None when nothing suggests one
    status: DimensionStatus
    reason: str
    estimate: str  # how ``likely`` and ``upper`` were estimated; "" when nothing is estimated
    facts: tuple[Fact, ...]
    missing: tuple[str, ...]  # facts that would change the score if known
    factors: tuple[str, ...]  # Art. 2 Reg. 2019/796 factors the dimension speaks to

    @property
    def missing_labels(self) -> tuple[str, ...]:
        """``missing`` in words: "the number of people affected", not the field path."""
        return tuple(field_label(name) for name in self.missing)


@dataclass(frozen=True, slots=True)
class Severity:
    """The combined level as a range: unknown facts widen it, they never read as "low".

    ``level`` is the most likely level — what lists, charts and sorting use; ``lower`` is the
    level of the recorded facts alone and ``upper`` the level if the missing facts are as
    high as is plausible for such an incident. ``range_reasons`` says why they differ.
    """

    level: SeverityLevel  # most likely
    lower: SeverityLevel
    upper: SeverityLevel
    dimensions: tuple[DimensionScore, ...]
    summary: str
    range_reasons: tuple[str, ...]

    def dimension(self, name: str) -> DimensionScore:
        for dimension in self.dimensions:
            if dimension.dimension == name:
                return dimension
        raise KeyError(name)


# --- Attribution -----------------------------------------------------------------------------


class WordingLevel(StrEnum):
    """How strongly a party's words tie an activity to a state (EU practice, domain §2)."""

    TERRITORIAL = "territorial"  # "undertaken from the territory of …"
    ASSOCIATED = "associated"  # "associated with the … state"
    CONTROLLED = "controlled"  # "Russia-controlled", "steered by", "subordinate to"
    CONDUCTED = "conducted"  # "conducted by the Russian Federation", "… is responsible"


class Consensus(StrEnum):
    NO_STATE = "no-state"  # nobody named a state
    SINGLE_STATE = "single-state"  # every party naming a state named the same one
    SEVERAL_STATES = "several-states"  # different states named: a joint operation or a dispute


@dataclass(frozen=True, slots=True)
class AttributionClaim:
    """One party's attribution, classified by the question it answers."""

    party: str
    party_kind: str
    party_country: str | None
    questions: tuple[str, ...]  # "technical", "political", "legal", "claim"
    actor: str | None  # actor name as the knowledge base knows it
    state: str | None
    date: str | None
    basis: tuple[str, ...]
    likelihood: str | None
    confidence: str | None
    high_confidence: bool
    confidence_reason: str
    wording: str | None
    wording_level: WordingLevel | None
    perpetrators: tuple[str, ...]
    source: str | None


@dataclass(frozen=True, slots=True)
class StateNamed:
    state: str
    parties: tuple[str, ...]
    official_parties: tuple[str, ...]  # states, the EU or international organisations
    high_confidence: bool


@dataclass(frozen=True, slots=True)
class Readiness:
    """Whether the attribution record supports a kind of measure."""

    measure: str  # an instrument category, or "stability-naming-state"
    status: Truth
    reason: str

    @property
    def label(self) -> str:
        """The kind of measure in words ("Restrictive measures")."""
        return measure_label(self.measure)


@dataclass(frozen=True, slots=True)
class AttributionSynthesis:
    claims: tuple[AttributionClaim, ...]
    technical: str
    political: str
    legal: str
    states: tuple[StateNamed, ...]
    consensus: Consensus
    actors: tuple[str, ...]
    perpetrators: tuple[str, ...]  # identified by a state, the EU or an international organisation
    readiness: tuple[Readiness, ...]
    summary: str


# --- Norms and law ---------------------------------------------------------------------------


class NormStatus(StrEnum):
    ENGAGED = "engaged"
    POSSIBLY_ENGAGED = "possibly-engaged"
    NOT_ENGAGED = "not-engaged"
    NOT_ASSESSABLE = "not-assessable"  # the norm concerns conduct incident facts do not show

    @property
    def label(self) -> str:
        return _NORM_STATUS_LABELS[self]


_NORM_STATUS_LABELS = {
    NormStatus.ENGAGED: "engaged",
    NormStatus.POSSIBLY_ENGAGED: "possibly engaged",
    NormStatus.NOT_ENGAGED: "not engaged",
    NormStatus.NOT_ASSESSABLE: "not assessable from the recorded facts",
}


@dataclass(frozen=True, slots=True)
class NormFinding:
    norm_id: str
    title: str
    status: NormStatus
    reason: str
    facts: tuple[Fact, ...]


class LawStatus(StrEnum):
    POSSIBLE = "possible"  # the facts point to it; a legal assessment should confirm
    TO_EXAMINE = "to-examine"  # facts are suggestive but incomplete
    NOT_INDICATED = "not-indicated"
    NOT_ASSESSABLE = "not-assessable"

    @property
    def label(self) -> str:
        return _LAW_STATUS_LABELS[self]


_LAW_STATUS_LABELS = {
    LawStatus.POSSIBLE: "possible",
    LawStatus.TO_EXAMINE: "to examine",
    LawStatus.NOT_INDICATED: "not indicated",
    LawStatus.NOT_ASSESSABLE: "not assessable from the recorded facts",
}


@dataclass(frozen=True, slots=True)
class LawFinding:
    principle_id: str
    concept: str
    status: LawStatus
    reason: str
    facts: tuple[Fact, ...]
    questions: tuple[str, ...] = ()


# --- Response options ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PreconditionCheck:
    id: str
    description: str
    status: Truth
    reason: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True, slots=True)
class PrecedentResponse:
    response_id: str
    date: str
    party: str
    instrument_id: str | None
    measure: str
    tier: ResponseTier


@dataclass(frozen=True, slots=True)
class PrecedentMatch:
    """A similar incident among those given to the engine, and how it was answered."""

    incident_id: str
    slug: str
    title: str
    similarity: float  # 0 … 1
    shared: tuple[str, ...]  # what makes it similar, in words
    responses: tuple[PrecedentResponse, ...]
    tier: ResponseTier


@dataclass(frozen=True, slots=True)
class ResponseOption:
    instrument_id: str
    name: str
    category: InstrumentCategory
    level: int
    decided_by: str
    decision_rule: str
    attribution_needed: str
    preconditions: tuple[PreconditionCheck, ...]
    available: bool  # every precondition holds
    missing: tuple[str, ...]  # why it is not available, one sentence per failing precondition
    expected_effect: str
    risks: tuple[str, ...]
    precedents: tuple[str, ...]  # slugs of similar incidents answered with this instrument

    @property
    def decision_rule_label(self) -> str:
        """How the Member States take part, in words ("needs no Member State vote")."""
        return DecisionRule(self.decision_rule).label


@dataclass(frozen=True, slots=True)
class RankedOption:
    rank: int
    instrument_id: str
    name: str
    why: str


@dataclass(frozen=True, slots=True)
class ProcedurePointer:
    """An internal procedure of the Union or a Member State (knowledge ``internal_procedures``)."""

    id: str
    name: str
    body: str
    legal_basis: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ResponseLevelDecision:
    """At which level the incident is to be answered, the rule that decided it and why."""

    level: ResponseLevel
    rule: str  # id of the deciding rule in ``response_level.RESPONSE_LEVEL_RULES``
    rule_title: str  # what the rule says, for readers ("A state named by several parties")
    reasons: tuple[str, ...]
    # Where conduct of a Member State's own authorities is answered instead of the Toolbox.
    internal_procedures: tuple[ProcedurePointer, ...]


@dataclass(frozen=True, slots=True)
class Recommendation:
    top_category: InstrumentCategory
    expected_tier: ResponseTier  # the public EU response tier the recommendation amounts to
    response_level: ResponseLevelDecision
    ranked: tuple[RankedOption, ...]
    rationale: str


class HandleKind(StrEnum):
    CONSULTATION = "consultation"  # a CBM for consultations both sides subscribe to
    CONTACT = "contact"  # a CBM naming points of contact both sides subscribe to
    POINT_OF_CONTACT = "point-of-contact"  # the State's contact in the directory, as checked
    DIALOGUE = "dialogue"  # the EU's dialogue with the State
    # A capacity-building project serving a victim's State (``state`` is the victim's), or
    # none in the incident's themes.
    CAPACITY = "capacity-building"


class HandleStatus(StrEnum):
    AVAILABLE = "available"  # the register shows a channel that can be used
    UNAVAILABLE = "unavailable"  # the register shows there is none, or it does not answer
    UNKNOWN = "unknown"  # the register holds nothing on it


@dataclass(frozen=True, slots=True)
class CooperationHandle:
    """A concrete channel a preventive or cooperative option can use with a State held
    responsible, drawn from the cooperation registers."""

    kind: HandleKind
    option: str  # the instrument id it serves ("preventive.cbms", "cooperative.dialogue")
    state: str  # the State held responsible it reaches
    reference: str | None  # the measure, contact or dialogue id; None when none is recorded
    status: HandleStatus
    confirmed: bool  # False when a fact it rests on is not confirmed by its sources
    text: str


@dataclass(frozen=True, slots=True)
class CooperationHandles:
    """The channels to each State held responsible, in the order an analyst should try them
    (the consultation measures and the point of contact first when escalation risk is high)."""

    states: tuple[str, ...]  # the States held responsible (official, else suspected)
    victims: tuple[str, ...]  # the victims' countries the shared measures are checked against
    consulted: bool  # False when no register was read (the engine alone): every handle unknown
    handles: tuple[CooperationHandle, ...]
    summary: str


class EscalationLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True, slots=True)
class EscalationFactor:
    """One reason the incident could be misperceived or escalate between States."""

    factor: str  # "state-attribution", "critical-targets", "armed-conflict", "no-channel", …
    points: int  # 0 when absent or unknown
    reason: str


@dataclass(frozen=True, slots=True)
class EscalationRisk:
    level: EscalationLevel
    points: int
    factors: tuple[EscalationFactor, ...]
    summary: str


@dataclass(frozen=True, slots=True)
class Assessment:
    incident_id: str
    slug: str
    title: str
    severity: Severity
    attribution: AttributionSynthesis
    norms: tuple[NormFinding, ...]
    law: tuple[LawFinding, ...]
    preconditions: tuple[PreconditionCheck, ...]  # every check the options use, each once
    options: tuple[ResponseOption, ...]
    precedents: tuple[PrecedentMatch, ...]
    recommendation: Recommendation
    escalation: EscalationRisk
    cooperation: CooperationHandles
    ruleset: str  # version of the rules, so stored assessments can be compared

    def norm(self, norm_id: str) -> NormFinding:
        return next(finding for finding in self.norms if finding.norm_id == norm_id)

    def law_finding(self, principle_id: str) -> LawFinding:
        return next(finding for finding in self.law if finding.principle_id == principle_id)

    def option(self, instrument_id: str) -> ResponseOption:
        return next(option for option in self.options if option.instrument_id == instrument_id)

    def precedent_title(self, slug: str) -> str:
        """The title of a similar incident an option cites by slug (the slug if not among them)."""
        return next((match.title for match in self.precedents if match.slug == slug), slug)
