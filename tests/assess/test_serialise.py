"""The JSON form of an assessment: complete, plain, stable."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import fields

import orjson

from cdtoolbox.assess import Assessment, Assessor, assessment_to_dict, assessment_to_json
from cdtoolbox.assess.assessment import (
    AttributionClaim,
    AttributionSynthesis,
    DimensionScore,
    LawFinding,
    NormFinding,
    PrecedentMatch,
    PreconditionCheck,
    Recommendation,
    ResponseOption,
    Severity,
)
from cdtoolbox.model import Incident


def test_every_field_is_written_in_field_order(assessed: Callable[[str], Assessment]) -> None:
    document = assessment_to_dict(assessed("notpetya-2017"))
    assert list(document) == [field.name for field in fields(Assessment)]
    nested = {
        "severity": Severity,
        "attribution": AttributionSynthesis,
        "recommendation": Recommendation,
    }
    for key, kind in nested.items():
        assert list(document[key]) == [field.name for field in fields(kind)]
    listed = {
        "norms": NormFinding,
        "law": LawFinding,
        "preconditions": PreconditionCheck,
        "options": ResponseOption,
        "precedents": PrecedentMatch,
    }
    for key, kind in listed.items():
        assert document[key], key
        assert list(document[key][0]) == [field.name for field in fields(kind)]
    dimension = document["severity"]["dimensions"][0]
    assert list(dimension) == [field.name for field in fields(DimensionScore)]
    claim = document["attribution"]["claims"][0]
    assert list(claim) == [field.name for field in fields(AttributionClaim)]


def test_options_refer_to_the_checks_written_once(assessed: Callable[[str], Assessment]) -> None:
    document = assessment_to_dict(assessed("dyn-ddos-2016"))
    checks = {check["id"]: check for check in document["preconditions"]}
    assert len(checks) == len(document["preconditions"])
    for option in document["options"]:
        for reference in option["preconditions"]:
            assert reference == {"id": reference["id"], "status": checks[reference["id"]]["status"]}


def test_the_json_is_plain_and_byte_stable(
    assessor: Assessor, bundled: dict[str, Incident]
) -> None:
    incident = bundled["ukraine-power-grid-2015"]
    index = assessor.index(assessor.precedents_from(bundled.values()))
    first = json.dumps(assessment_to_dict(assessor.assess(incident, index)), ensure_ascii=False)
    again = json.dumps(assessment_to_dict(assessor.assess(incident, index)), ensure_ascii=False)
    assert first == again
    decoded = json.loads(first)
    # A power outage for 225,000 people is "severe" in the codebook; "critical" is kept for
    # destruction or systemic, cross-border damage (ruleset 2026.12.1).
    assert decoded["severity"]["level"] == "severe"
    assert decoded["recommendation"]["response_level"]["level"] == "eu-restrictive-measures"
    assert decoded["recommendation"]["expected_tier"] == "restrictive"


def test_the_json_bytes_are_those_of_the_dictionary(
    assessed: Callable[[str], Assessment], bundled: dict[str, Incident]
) -> None:
    for slug in bundled:
        assessment = assessed(slug)
        assert assessment_to_json(assessment) == orjson.dumps(assessment_to_dict(assessment))
