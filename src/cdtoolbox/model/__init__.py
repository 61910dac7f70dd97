"""Plain typed domain objects (standard library only), independent of storage and transport.

The names below are imported on first use: a command that lists incidents has no use for the
diplomatic instruments, the responses or the calibration sets, and importing every module of
the model is a measurable part of a command's start-up.
"""

from typing import TYPE_CHECKING

from cdtoolbox.imported_on_use import names_imported_on_use

if TYPE_CHECKING:
    from cdtoolbox.model.actor import ThreatActor, natural_sort_key
    from cdtoolbox.model.attribution import AttributingParty, Attribution
    from cdtoolbox.model.calibration import CalibrationLabel, CalibrationSet
    from cdtoolbox.model.dates import PartialDate
    from cdtoolbox.model.diplomacy import (
        AttributionNeed,
        CbmFramework,
        ConfidenceBuildingMeasure,
        DecisionRule,
        Instrument,
        InstrumentCategory,
        InternalProcedure,
        LawPrinciple,
        Norm,
        Verification,
    )
    from cdtoolbox.model.incident import (
        MAX_IMPACT_FIGURE,
        RESERVED_INCIDENT_SLUGS,
        Impact,
        Incident,
    )
    from cdtoolbox.model.query import IncidentFilter, IncidentSort, Page
    from cdtoolbox.model.reference import Country, Organisation, Sector
    from cdtoolbox.model.response import (
        PublicResponse,
        RespondingPartyKind,
        ResponseLevel,
        ResponseTier,
    )
    from cdtoolbox.model.sources import Source
    from cdtoolbox.model.vocabulary import (
        AttributionBasis,
        Confidence,
        DatePrecision,
        IncidentStatus,
        IncidentType,
        InformationCredibility,
        Likelihood,
        PartyKind,
        SectorCriticality,
        SeverityLevel,
        SourceReliability,
        TargetCategory,
        Tlp,
    )

_IMPORTED_ON_USE = {
    "AttributingParty": "cdtoolbox.model.attribution",
    "Attribution": "cdtoolbox.model.attribution",
    "AttributionBasis": "cdtoolbox.model.vocabulary",
    "AttributionNeed": "cdtoolbox.model.diplomacy",
    "CalibrationLabel": "cdtoolbox.model.calibration",
    "CalibrationSet": "cdtoolbox.model.calibration",
    "CbmFramework": "cdtoolbox.model.diplomacy",
    "Confidence": "cdtoolbox.model.vocabulary",
    "ConfidenceBuildingMeasure": "cdtoolbox.model.diplomacy",
    "Country": "cdtoolbox.model.reference",
    "DatePrecision": "cdtoolbox.model.vocabulary",
    "DecisionRule": "cdtoolbox.model.diplomacy",
    "Impact": "cdtoolbox.model.incident",
    "Incident": "cdtoolbox.model.incident",
    "IncidentFilter": "cdtoolbox.model.query",
    "IncidentSort": "cdtoolbox.model.query",
    "IncidentStatus": "cdtoolbox.model.vocabulary",
    "IncidentType": "cdtoolbox.model.vocabulary",
    "InformationCredibility": "cdtoolbox.model.vocabulary",
    "Instrument": "cdtoolbox.model.diplomacy",
    "InstrumentCategory": "cdtoolbox.model.diplomacy",
    "InternalProcedure": "cdtoolbox.model.diplomacy",
    "LawPrinciple": "cdtoolbox.model.diplomacy",
    "Likelihood": "cdtoolbox.model.vocabulary",
    "MAX_IMPACT_FIGURE": "cdtoolbox.model.incident",
    "Norm": "cdtoolbox.model.diplomacy",
    "Organisation": "cdtoolbox.model.reference",
    "Page": "cdtoolbox.model.query",
    "PartialDate": "cdtoolbox.model.dates",
    "PartyKind": "cdtoolbox.model.vocabulary",
    "PublicResponse": "cdtoolbox.model.response",
    "RESERVED_INCIDENT_SLUGS": "cdtoolbox.model.incident",
    "RespondingPartyKind": "cdtoolbox.model.response",
    "ResponseLevel": "cdtoolbox.model.response",
    "ResponseTier": "cdtoolbox.model.response",
    "Sector": "cdtoolbox.model.reference",
    "SectorCriticality": "cdtoolbox.model.vocabulary",
    "SeverityLevel": "cdtoolbox.model.vocabulary",
    "Source": "cdtoolbox.model.sources",
    "SourceReliability": "cdtoolbox.model.vocabulary",
    "TargetCategory": "cdtoolbox.model.vocabulary",
    "ThreatActor": "cdtoolbox.model.actor",
    "Tlp": "cdtoolbox.model.vocabulary",
    "Verification": "cdtoolbox.model.diplomacy",
    "natural_sort_key": "cdtoolbox.model.actor",
}

__all__ = [
    "MAX_IMPACT_FIGURE",
    "RESERVED_INCIDENT_SLUGS",
    "AttributingParty",
    "Attribution",
    "AttributionBasis",
    "AttributionNeed",
    "CalibrationLabel",
    "CalibrationSet",
    "CbmFramework",
    "Confidence",
    "ConfidenceBuildingMeasure",
    "Country",
    "DatePrecision",
    "DecisionRule",
    "Impact",
    "Incident",
    "IncidentFilter",
    "IncidentSort",
    "IncidentStatus",
    "IncidentType",
    "InformationCredibility",
    "Instrument",
    "InstrumentCategory",
    "InternalProcedure",
    "LawPrinciple",
    "Likelihood",
    "Norm",
    "Organisation",
    "Page",
    "PartialDate",
    "PartyKind",
    "PublicResponse",
    "RespondingPartyKind",
    "ResponseLevel",
    "ResponseTier",
    "Sector",
    "SectorCriticality",
    "SeverityLevel",
    "Source",
    "SourceReliability",
    "TargetCategory",
    "ThreatActor",
    "Tlp",
    "Verification",
    "natural_sort_key",
]

__getattr__ = names_imported_on_use(__name__, globals(), _IMPORTED_ON_USE)
