"""The assessment engine: severity, attribution synthesis, norms, international law and the
graduated Toolbox response options for one incident — pure and deterministic.

    assessor = Assessor(knowledge)                 # prepare lookups once
    index = assessor.index(assessor.precedents_from(incidents))
    assessment = assessor.assess(incident, index)  # or assess(incident, knowledge)
    document = assessment_to_dict(assessment)      # JSON-ready, stable key order
    text = assessment_to_json(assessment)          # the same as compact JSON bytes, faster
"""

from typing import TYPE_CHECKING

from cdtoolbox.imported_on_use import names_imported_on_use

if TYPE_CHECKING:
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

# The engine's modules and the knowledge they read take a quarter of a second to import: a
# command that assesses nothing (help, a list) should not pay for them.
__getattr__ = names_imported_on_use(
    __name__,
    globals(),
    {
        "Assessment": "cdtoolbox.assess.assessment",
        "AttributionClaim": "cdtoolbox.assess.assessment",
        "AttributionSynthesis": "cdtoolbox.assess.assessment",
        "Consensus": "cdtoolbox.assess.assessment",
        "DimensionRole": "cdtoolbox.assess.assessment",
        "DimensionScore": "cdtoolbox.assess.assessment",
        "DimensionStatus": "cdtoolbox.assess.assessment",
        "Fact": "cdtoolbox.assess.assessment",
        "LawFinding": "cdtoolbox.assess.assessment",
        "LawStatus": "cdtoolbox.assess.assessment",
        "NormFinding": "cdtoolbox.assess.assessment",
        "NormStatus": "cdtoolbox.assess.assessment",
        "PrecedentMatch": "cdtoolbox.assess.assessment",
        "PrecedentResponse": "cdtoolbox.assess.assessment",
        "PreconditionCheck": "cdtoolbox.assess.assessment",
        "ProcedurePointer": "cdtoolbox.assess.assessment",
        "RankedOption": "cdtoolbox.assess.assessment",
        "Readiness": "cdtoolbox.assess.assessment",
        "Recommendation": "cdtoolbox.assess.assessment",
        "ResponseLevelDecision": "cdtoolbox.assess.assessment",
        "ResponseOption": "cdtoolbox.assess.assessment",
        "Severity": "cdtoolbox.assess.assessment",
        "SeverityLevel": "cdtoolbox.assess.assessment",
        "StateNamed": "cdtoolbox.assess.assessment",
        "Truth": "cdtoolbox.assess.assessment",
        "WordingLevel": "cdtoolbox.assess.assessment",
        "SPLIT_RULE": "cdtoolbox.assess.calibration",
        "CalibrationCase": "cdtoolbox.assess.calibration",
        "CalibrationReport": "cdtoolbox.assess.calibration",
        "LabelledCase": "cdtoolbox.assess.calibration",
        "PartScore": "cdtoolbox.assess.calibration",
        "SetCalibrationReport": "cdtoolbox.assess.calibration",
        "calibrate": "cdtoolbox.assess.calibration",
        "calibrate_set": "cdtoolbox.assess.calibration",
        "held_out_slugs": "cdtoolbox.assess.calibration",
        "spearman": "cdtoolbox.assess.calibration",
        "RULESET": "cdtoolbox.assess.engine",
        "Assessor": "cdtoolbox.assess.engine",
        "assess": "cdtoolbox.assess.engine",
        "Precedent": "cdtoolbox.assess.precedents",
        "PrecedentIndex": "cdtoolbox.assess.precedents",
        "assessment_to_dict": "cdtoolbox.assess.serialise",
        "assessment_to_json": "cdtoolbox.assess.serialise",
    },
)

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
