"""The assessment engine: severity, attribution synthesis, norms, international law and the
graduated Toolbox response options for one incident — pure and deterministic.

    assessor = Assessor(knowledge)                 # prepare lookups once
    index = assessor.index(assessor.precedents_from(incidents))
    assessment = assessor.assess(incident, index)  # or assess(incident, knowledge)
    document = assessment_to_dict(assessment)      # JSON-ready, stable key order
    text = assessment_to_json(assessment)          # the same as compact JSON bytes, faster
"""

from cdtoolbox.assess.assessment import (
    Assessment,
    AttributionClaim,
    AttributionSynthesis,
    Consensus,
    DimensionRole,
    DimensionScore,
    DimensionStatus,
    Fact,
    LawFinding,
    LawStatus,
    NormFinding,
    NormStatus,
    PrecedentMatch,
    PrecedentResponse,
    PreconditionCheck,
    ProcedurePointer,
    RankedOption,
    Readiness,
    Recommendation,
    ResponseLevelDecision,
    ResponseOption,
    Severity,
    SeverityLevel,
    StateNamed,
    Truth,
    WordingLevel,
)
from cdtoolbox.assess.calibration import (
    SPLIT_RULE,
    CalibrationCase,
    CalibrationReport,
    LabelledCase,
    PartScore,
    SetCalibrationReport,
    calibrate,
    calibrate_set,
    held_out_slugs,
    spearman,
)
from cdtoolbox.assess.engine import RULESET, Assessor, assess
from cdtoolbox.assess.precedents import Precedent, PrecedentIndex
from cdtoolbox.assess.serialise import assessment_to_dict, assessment_to_json

__all__ = [
    "RULESET",
    "SPLIT_RULE",
    "Assessment",
    "Assessor",
    "AttributionClaim",
    "AttributionSynthesis",
    "CalibrationCase",
    "CalibrationReport",
    "Consensus",
    "DimensionRole",
    "DimensionScore",
    "DimensionStatus",
    "Fact",
    "LabelledCase",
    "LawFinding",
    "LawStatus",
    "NormFinding",
    "NormStatus",
    "PartScore",
    "Precedent",
    "PrecedentIndex",
    "PrecedentMatch",
    "PrecedentResponse",
    "PreconditionCheck",
    "ProcedurePointer",
    "RankedOption",
    "Readiness",
    "Recommendation",
    "ResponseLevelDecision",
    "ResponseOption",
    "SetCalibrationReport",
    "Severity",
    "SeverityLevel",
    "StateNamed",
    "Truth",
    "WordingLevel",
    "assess",
    "assessment_to_dict",
    "assessment_to_json",
    "calibrate",
    "calibrate_set",
    "held_out_slugs",
    "spearman",
]
