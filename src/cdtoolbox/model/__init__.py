"""Plain typed domain objects (standard library only), independent of storage and transport."""

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
from cdtoolbox.model.incident import MAX_IMPACT_FIGURE, RESERVED_INCIDENT_SLUGS, Impact, Incident
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
