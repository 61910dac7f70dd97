"""Wire schema of an assessment (Pydantic v2) for `GET /api/v1/incidents/{key}/assessment`.

The document is ``assess.assessment_to_dict``, the one ``cdt assess KEY --json`` prints: the
models below only declare it for validation and the OpenAPI description. Every model forbids
keys it does not declare, so a field the serialiser gains and the schema lacks fails the
response (and the tests) instead of vanishing from it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cdtoolbox.assess import (
    Assessment,
    Consensus,
    DimensionRole,
    DimensionStatus,
    LawStatus,
    NormStatus,
    SeverityLevel,
    Truth,
    WordingLevel,
    assessment_to_dict,
)
from cdtoolbox.model import InstrumentCategory, ResponseLevel, ResponseTier

__all__ = ["ASSESSMENT_EXAMPLE", "AssessmentOut", "assessment_out"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FactOut(_Strict):
    name: str = Field(description="The incident field or derived notion, e.g. victims.sectors")
    value: str


class DimensionOut(_Strict):
    dimension: str
    label: str
    role: DimensionRole = Field(description="effect (sets the base level) or context")
    score: int | None = Field(description="0-4 established by the recorded facts")
    likely: int | None = Field(description="0-4 with missing facts estimated")
    upper: int | None = Field(description="0-4 as high as plausible")
    status: DimensionStatus
    reason: str
    estimate: str = Field(description="How likely and upper were estimated; empty if not")
    facts: list[FactOut]
    missing: list[str] = Field(description="Facts that would change the score if known")
    factors: list[str] = Field(description="Art. 2 Reg. 2019/796 factors it speaks to")


class SeverityOut(_Strict):
    level: SeverityLevel = Field(description="The most likely level")
    lower: SeverityLevel = Field(description="What the recorded facts establish")
    upper: SeverityLevel = Field(description="The highest level plausible")
    dimensions: list[DimensionOut]
    summary: str
    range_reasons: list[str] = Field(description="Each estimate behind the range")


class ClaimOut(_Strict):
    party: str
    party_kind: str
    party_country: str | None
    questions: list[str] = Field(description="technical, political, legal or claim")
    actor: str | None
    state: str | None
    date: str | None
    basis: list[str]
    likelihood: str | None
    confidence: str | None
    high_confidence: bool
    confidence_reason: str
    wording: str | None
    wording_level: WordingLevel | None
    perpetrators: list[str]
    source: str | None


class StateNamedOut(_Strict):
    state: str
    parties: list[str]
    official_parties: list[str] = Field(description="States, the EU or IOs among the parties")
    high_confidence: bool


class ReadinessOut(_Strict):
    measure: str = Field(description="An instrument category, or stability-naming-state")
    status: Truth
    reason: str


class AttributionOut(_Strict):
    claims: list[ClaimOut]
    technical: str
    political: str
    legal: str
    states: list[StateNamedOut]
    consensus: Consensus
    actors: list[str]
    perpetrators: list[str] = Field(description="Identified by a state, the EU or an IO")
    readiness: list[ReadinessOut] = Field(description="Which kinds of measure it allows")
    summary: str


class NormOut(_Strict):
    norm_id: str
    title: str
    status: NormStatus
    reason: str
    facts: list[FactOut]


class LawOut(_Strict):
    principle_id: str
    concept: str
    status: LawStatus
    reason: str
    facts: list[FactOut]
    questions: list[str] = Field(description="Questions for a legal adviser")


class CheckOut(_Strict):
    id: str
    description: str
    status: Truth
    reason: str
    facts: list[FactOut]


class CheckRefOut(_Strict):
    id: str = Field(description="A check listed in full under preconditions")
    status: Truth


class OptionOut(_Strict):
    instrument_id: str
    name: str
    category: InstrumentCategory
    level: int = Field(description="Ladder level: the higher, the more escalated")
    decided_by: str
    decision_rule: str
    attribution_needed: str
    preconditions: list[CheckRefOut]
    available: bool = Field(description="Every precondition holds")
    missing: list[str] = Field(description="Why it is not available, one sentence per check")
    expected_effect: str
    risks: list[str]
    precedents: list[str] = Field(description="Slugs of similar incidents answered with it")


class PrecedentResponseOut(_Strict):
    response_id: str
    date: str
    party: str
    instrument_id: str | None
    measure: str
    tier: ResponseTier


class PrecedentOut(_Strict):
    incident_id: str
    slug: str
    title: str
    similarity: float
    shared: list[str]
    responses: list[PrecedentResponseOut]
    tier: ResponseTier = Field(description="The highest tier of its responses")


class ProcedureOut(_Strict):
    id: str
    name: str
    body: str
    legal_basis: str
    sources: list[str]


class ResponseLevelOut(_Strict):
    level: ResponseLevel
    rule: str = Field(description="The rule of the level-of-response table that decided")
    rule_title: str = Field(description="What that rule says, in the words pages show")
    reasons: list[str]
    internal_procedures: list[ProcedureOut] = Field(
        description="Where conduct of a Member State's own authorities is answered instead"
    )


class RankedOut(_Strict):
    rank: int
    instrument_id: str
    name: str
    why: str


class RecommendationOut(_Strict):
    top_category: InstrumentCategory
    expected_tier: ResponseTier = Field(description="The public EU response it amounts to")
    response_level: ResponseLevelOut
    ranked: list[RankedOut]
    rationale: str


_FACT = {"name": "attribution.states (official)", "value": "KP"}
_LISTING_REASON = (
    "every precondition of Restrictive measures against persons and entities holds: "
    "identified by official acts: Park Jin Hyok, Chosun Expo; an attack of critical severity "
    "on Spain (ES), Germany (DE), France (FR) (arts 1(1), 1(4)-(5) and 2)"
)
ASSESSMENT_EXAMPLE: dict[str, Any] = {
    "incident_id": "912951bb-b82f-572a-80f6-189a6af4ab34",
    "slug": "wannacry-2017",
    "title": "WannaCry ransomware worm",
    "severity": {
        "level": "critical",
        "lower": "severe",
        "upper": "critical",
        "dimensions": [
            {
                "dimension": "physical",
                "label": "Physical effects",
                "role": "effect",
                "score": 0,
                "likely": 0,
                "upper": 0,
                "status": "assessed",
                "reason": "the recorded types act on data and services, not on physical processes",
                "estimate": "",
                "facts": [{"name": "types", "value": "ransomware"}],
                "missing": [],
                "factors": ["art. 2(a) impact on public safety"],
            }
        ],
        "summary": "Critical (most likely; range severe to critical): disruption 4/4.",
        "range_reasons": ["Disruption: duration estimated 3 of 4 (what ransomware causes)"],
    },
    "attribution": {
        "claims": [
            {
                "party": "United Kingdom",
                "party_kind": "state",
                "party_country": "GB",
                "questions": ["political"],
                "actor": "Lazarus Group",
                "state": "KP",
                "date": "2017-12-19",
                "basis": ["intelligence", "political"],
                "likelihood": "very-likely",
                "confidence": None,
                "high_confidence": True,
                "confidence_reason": "judged very likely",
                "wording": "highly likely that North Korean actors … were behind WannaCry",
                "wording_level": "conducted",
                "perpetrators": [],
                "source": "https://www.gov.uk/government/news/foreign-office-minister-condemns-"
                "north-korean-actor-for-wannacry-attacks",
            }
        ],
        "technical": "none recorded",
        "political": "United Kingdom → Lazarus Group / KP (2017-12-19, high confidence)",
        "legal": "United States → Lazarus Group / KP (2018-09-06, names 2 persons or entities)",
        "states": [
            {
                "state": "KP",
                "parties": ["United Kingdom", "United States"],
                "official_parties": ["United Kingdom", "United States"],
                "high_confidence": True,
            }
        ],
        "consensus": "single-state",
        "actors": ["Lazarus Group"],
        "perpetrators": ["Park Jin Hyok", "Chosun Expo"],
        "readiness": [
            {
                "measure": "preventive",
                "status": "holds",
                "reason": "preventive measures need no attribution",
            }
        ],
        "summary": "3 attribution records from 3 parties. States named: KP by 2 parties.",
    },
    "norms": [
        {
            "norm_id": "13f",
            "title": "Do not damage critical infrastructure",
            "status": "engaged",
            "reason": "an officially state-linked actor impaired a NIS2 Annex I sector (health)",
            "facts": [_FACT],
        }
    ],
    "law": [
        {
            "principle_id": "law.sovereignty",
            "concept": "Sovereignty",
            "status": "possible",
            "reason": "a state-attributed operation caused loss of functionality on the "
            "victim's territory",
            "facts": [_FACT],
            "questions": [],
        }
    ],
    "preconditions": [
        {
            "id": "external_conduct",
            "description": "Conduct from outside the Union: no Member State is held responsible",
            "status": "holds",
            "reason": "the state held responsible is outside the Union: KP",
            "facts": [_FACT],
        }
    ],
    "options": [
        {
            "instrument_id": "restrictive.listing",
            "name": "Restrictive measures against persons and entities",
            "category": "restrictive",
            "level": 5,
            "decided_by": "Council, on a proposal from a Member State or the HR",
            "decision_rule": "unanimity",
            "attribution_needed": "not_to_state",
            "preconditions": [{"id": "external_conduct", "status": "holds"}],
            "available": True,
            "missing": [],
            "expected_effect": "Freezes the listed persons' and entities' assets in the Union.",
            "risks": ["Listees seldom hold assets in the Union: the effect is largely symbolic."],
            "precedents": ["sony-pictures-2014"],
        }
    ],
    "precedents": [
        {
            "incident_id": "1abed288-0653-51b5-a32c-3ee6ca181d51",
            "slug": "bangladesh-bank-2016",
            "title": "Bangladesh Bank SWIFT heist",
            "similarity": 0.9,
            "shared": ["same actor: Lazarus Group", "same state: KP"],
            "responses": [
                {
                    "response_id": "2020-07-30-first-listing",
                    "date": "2020-07-30",
                    "party": "Council of the European Union",
                    "instrument_id": "restrictive.listing",
                    "measure": "First listing under the cyber sanctions regime",
                    "tier": "restrictive",
                }
            ],
            "tier": "restrictive",
        }
    ],
    "recommendation": {
        "top_category": "restrictive",
        "expected_tier": "restrictive",
        "response_level": {
            "level": "eu-restrictive-measures",
            "rule": "eu-listing",
            "rule_title": "Everything a listing needs is established",
            "reasons": [_LISTING_REASON],
            "internal_procedures": [],
        },
        "ranked": [
            {
                "rank": 1,
                "instrument_id": "restrictive.listing",
                "name": "Restrictive measures against persons and entities",
                "why": "the most escalated measure whose preconditions all hold",
            }
        ],
        "rationale": "WannaCry ransomware worm is most likely of critical severity …",
    },
    "escalation": {
        "level": "medium",
        "points": 4,
        "factors": [
            {
                "factor": "state-attribution",
                "points": 2,
                "reason": "officially attributed with high confidence to KP",
            },
            {
                "factor": "critical-targets",
                "points": 1,
                "reason": "critical infrastructure targeted (Health)",
            },
            {
                "factor": "armed-conflict",
                "points": 0,
                "reason": "no armed-conflict context is recorded",
            },
            {
                "factor": "no-channel",
                "points": 0,
                "reason": "whether a channel works is unknown (the registers hold nothing)",
            },
            {
                "factor": "repeated-activity",
                "points": 1,
                "reason": "repeated activity: 1 other incident(s) by the same actor or State "
                "(bangladesh-bank-2016)",
            },
        ],
        "summary": "Escalation risk medium (4 points): …",
    },
    "cooperation": {
        "states": ["KP"],
        "victims": ["GB", "ES"],
        "consulted": True,
        "handles": [
            {
                "kind": "dialogue",
                "option": "cooperative.dialogue",
                "state": "KP",
                "reference": None,
                "status": "unknown",
                "confirmed": True,
                "text": "EU dialogue with North Korea: unknown (none in the register).",
            }
        ],
        "summary": "Channels to North Korea: 2 available, 2 unknown, 0 unavailable; the dialogue "
        "first.",
    },
    "ruleset": "2026.12.9",
}


class EscalationFactorOut(_Strict):
    factor: str = Field(
        description="state-attribution, critical-targets, armed-conflict, no-channel or "
        "repeated-activity"
    )
    points: int = Field(description="What it adds to the total; 0 when absent or unknown")
    reason: str


class EscalationOut(_Strict):
    level: str = Field(description="low, medium or high (docs/assessment.md gives the table)")
    points: int
    factors: list[EscalationFactorOut] = Field(description="Every factor, present or not")
    summary: str


class HandleOut(_Strict):
    kind: str = Field(description="consultation, contact, point-of-contact or dialogue")
    option: str = Field(description="The Toolbox instrument it serves, e.g. preventive.cbms")
    state: str = Field(description="The State held responsible it reaches (ISO code)")
    reference: str | None = Field(description="The measure, contact or dialogue id")
    status: str = Field(description="available, unavailable or unknown")
    confirmed: bool = Field(description="False when a fact it rests on is not confirmed")
    text: str


class CooperationOut(_Strict):
    states: list[str] = Field(description="The States held responsible")
    victims: list[str] = Field(description="The victims' countries")
    consulted: bool = Field(description="False when no register was read: all unknown")
    handles: list[HandleOut] = Field(
        description="In the order to try them: consultation measures and the point of "
        "contact first when the escalation risk is high"
    )
    summary: str


class AssessmentOut(_Strict):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [ASSESSMENT_EXAMPLE]})

    incident_id: str
    slug: str
    title: str
    severity: SeverityOut = Field(description="The severity as a range, with its dimensions")
    attribution: AttributionOut = Field(description="Who attributed it to whom, how firmly")
    norms: list[NormOut] = Field(description="The eleven UN GGE 2015 norms")
    law: list[LawOut] = Field(description="Principles of international law to examine")
    preconditions: list[CheckOut] = Field(description="Every precondition check, in full")
    options: list[OptionOut] = Field(description="Every Toolbox instrument, in ladder order")
    precedents: list[PrecedentOut] = Field(description="Similar incidents and their answers")
    recommendation: RecommendationOut = Field(
        description="The level of response and the ranked measures up to it"
    )
    escalation: EscalationOut = Field(
        description="The explained risk of misperception and escalation between States"
    )
    cooperation: CooperationOut = Field(
        description="Channels to the States held responsible, from the cooperation registers"
    )
    ruleset: str = Field(description="The version of the assessment rules")


def assessment_out(assessment: Assessment) -> AssessmentOut:
    return AssessmentOut.model_validate(assessment_to_dict(assessment))
