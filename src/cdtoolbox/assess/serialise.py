"""Assessments as JSON-ready dictionaries with a stable key order.

Written out type by type rather than through ``dataclasses.asdict``: the converter runs for
every incident of ``cdt assess --all`` and must stay cheap. Keys follow the dataclass field
order (a test checks that no field is forgotten), so ``json.dumps`` output is byte-stable.
Precondition checks are written in full once, under ``preconditions``; each option refers to
its checks by ``id`` and ``status`` (and says what is missing in ``missing``). Enumeration
members are written as ``str(member)``: the plain-string value of a ``StrEnum``, read several
times faster than ``member.value``.
"""

from __future__ import annotations

from typing import Any

import orjson

from cdtoolbox.assess.assessment import (
    Assessment,
    AttributionClaim,
    AttributionSynthesis,
    DimensionScore,
    Fact,
    LawFinding,
    NormFinding,
    PrecedentMatch,
    PreconditionCheck,
    ResponseLevelDecision,
    ResponseOption,
    Severity,
)

__all__ = ["assessment_to_dict", "assessment_to_json"]

Document = dict[str, Any]


def assessment_to_dict(assessment: Assessment) -> Document:
    """Every field of the assessment as plain dicts, lists, strings, numbers and booleans."""
    return {
        "incident_id": assessment.incident_id,
        "slug": assessment.slug,
        "title": assessment.title,
        "severity": _severity(assessment.severity),
        "attribution": _attribution(assessment.attribution),
        "norms": [_norm(finding) for finding in assessment.norms],
        "law": [_law(finding) for finding in assessment.law],
        "preconditions": [_check(check) for check in assessment.preconditions],
        "options": [_option(option) for option in assessment.options],
        "precedents": [_precedent(match) for match in assessment.precedents],
        "recommendation": {
            "top_category": str(assessment.recommendation.top_category),
            "expected_tier": str(assessment.recommendation.expected_tier),
            "response_level": _response_level(assessment.recommendation.response_level),
            "ranked": [
                {"rank": r.rank, "instrument_id": r.instrument_id, "name": r.name, "why": r.why}
                for r in assessment.recommendation.ranked
            ],
            "rationale": assessment.recommendation.rationale,
        },
        "ruleset": assessment.ruleset,
    }


def assessment_to_json(assessment: Assessment) -> bytes:
    """``assessment_to_dict`` as compact UTF-8 JSON, byte for byte ``orjson.dumps`` of it.

    For ``cdt assess --all --json``: orjson writes the frozen dataclasses itself, fields in
    order, tuples as arrays and enumerations as their values, which is exactly their
    dictionary form; only the options, whose checks become references, are converted here (a
    test holds the two equal).
    """
    options: list[ResponseOption | Document] = []
    for option in assessment.options:
        if not option.preconditions:  # no check to refer to: written as it is
            options.append(option)
            continue
        # A frozen dataclass's instance dictionary holds exactly its fields, in field order
        # (orjson reads it the same way): a copy with the checks swapped for references
        # keeps every key in place, several times faster than ``_option``.
        document = dict(vars(option))
        document["preconditions"] = [
            {"id": check.id, "status": check.status} for check in option.preconditions
        ]
        options.append(document)
    return orjson.dumps(
        {
            "incident_id": assessment.incident_id,
            "slug": assessment.slug,
            "title": assessment.title,
            "severity": assessment.severity,
            "attribution": assessment.attribution,
            "norms": assessment.norms,
            "law": assessment.law,
            "preconditions": assessment.preconditions,
            "options": options,
            "precedents": assessment.precedents,
            "recommendation": assessment.recommendation,
            "ruleset": assessment.ruleset,
        }
    )


def _response_level(decision: ResponseLevelDecision) -> Document:
    return {
        "level": str(decision.level),
        "rule": decision.rule,
        "reasons": list(decision.reasons),
        "internal_procedures": [
            {
                "id": procedure.id,
                "name": procedure.name,
                "body": procedure.body,
                "legal_basis": procedure.legal_basis,
                "sources": list(procedure.sources),
            }
            for procedure in decision.internal_procedures
        ],
    }


def _facts(facts: tuple[Fact, ...]) -> list[Document]:
    return [{"name": fact.name, "value": fact.value} for fact in facts]


def _severity(severity: Severity) -> Document:
    return {
        "level": str(severity.level),
        "lower": str(severity.lower),
        "upper": str(severity.upper),
        "dimensions": [_dimension(dimension) for dimension in severity.dimensions],
        "summary": severity.summary,
        "range_reasons": list(severity.range_reasons),
    }


def _dimension(dimension: DimensionScore) -> Document:
    return {
        "dimension": dimension.dimension,
        "label": dimension.label,
        "role": str(dimension.role),
        "score": dimension.score,
        "likely": dimension.likely,
        "upper": dimension.upper,
        "status": str(dimension.status),
        "reason": dimension.reason,
        "estimate": dimension.estimate,
        "facts": _facts(dimension.facts),
        "missing": list(dimension.missing),
        "factors": list(dimension.factors),
    }


def _claim(claim: AttributionClaim) -> Document:
    return {
        "party": claim.party,
        "party_kind": claim.party_kind,
        "party_country": claim.party_country,
        "questions": list(claim.questions),
        "actor": claim.actor,
        "state": claim.state,
        "date": claim.date,
        "basis": list(claim.basis),
        "likelihood": claim.likelihood,
        "confidence": claim.confidence,
        "high_confidence": claim.high_confidence,
        "confidence_reason": claim.confidence_reason,
        "wording": claim.wording,
        "wording_level": str(claim.wording_level) if claim.wording_level else None,
        "perpetrators": list(claim.perpetrators),
        "source": claim.source,
    }


def _attribution(synthesis: AttributionSynthesis) -> Document:
    return {
        "claims": [_claim(claim) for claim in synthesis.claims],
        "technical": synthesis.technical,
        "political": synthesis.political,
        "legal": synthesis.legal,
        "states": [
            {
                "state": named.state,
                "parties": list(named.parties),
                "official_parties": list(named.official_parties),
                "high_confidence": named.high_confidence,
            }
            for named in synthesis.states
        ],
        "consensus": str(synthesis.consensus),
        "actors": list(synthesis.actors),
        "perpetrators": list(synthesis.perpetrators),
        "readiness": [
            {"measure": r.measure, "status": str(r.status), "reason": r.reason}
            for r in synthesis.readiness
        ],
        "summary": synthesis.summary,
    }


def _norm(finding: NormFinding) -> Document:
    return {
        "norm_id": finding.norm_id,
        "title": finding.title,
        "status": str(finding.status),
        "reason": finding.reason,
        "facts": _facts(finding.facts),
    }


def _law(finding: LawFinding) -> Document:
    return {
        "principle_id": finding.principle_id,
        "concept": finding.concept,
        "status": str(finding.status),
        "reason": finding.reason,
        "facts": _facts(finding.facts),
        "questions": list(finding.questions),
    }


def _check(check: PreconditionCheck) -> Document:
    return {
        "id": check.id,
        "description": check.description,
        "status": str(check.status),
        "reason": check.reason,
        "facts": _facts(check.facts),
    }


def _option(option: ResponseOption) -> Document:
    return {
        "instrument_id": option.instrument_id,
        "name": option.name,
        "category": str(option.category),
        "level": option.level,
        "decided_by": option.decided_by,
        "decision_rule": option.decision_rule,
        "attribution_needed": option.attribution_needed,
        "preconditions": [
            {"id": check.id, "status": str(check.status)} for check in option.preconditions
        ],
        "available": option.available,
        "missing": list(option.missing),
        "expected_effect": option.expected_effect,
        "risks": list(option.risks),
        "precedents": list(option.precedents),
    }


def _precedent(match: PrecedentMatch) -> Document:
    return {
        "incident_id": match.incident_id,
        "slug": match.slug,
        "title": match.title,
        "similarity": match.similarity,
        "shared": list(match.shared),
        "responses": [
            {
                "response_id": response.response_id,
                "date": response.date,
                "party": response.party,
                "instrument_id": response.instrument_id,
                "measure": response.measure,
                "tier": str(response.tier),
            }
            for response in match.responses
        ],
        "tier": str(match.tier),
    }
