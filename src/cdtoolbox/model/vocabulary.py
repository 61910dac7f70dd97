"""Closed vocabularies of the domain, each value spelled as it travels in files and URLs."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "HIGHEST_REFUSED",
    "AttributionBasis",
    "Classification",
    "Confidence",
    "DatePrecision",
    "IncidentStatus",
    "IncidentType",
    "InformationCredibility",
    "Likelihood",
    "PartyKind",
    "SectorCriticality",
    "SeverityLevel",
    "SourceReliability",
    "TargetCategory",
    "Tlp",
]


class IncidentType(StrEnum):
    """What a malicious cyber activity did. An incident may have several."""

    ESPIONAGE = "espionage"
    DATA_BREACH = "data-breach"
    RANSOMWARE = "ransomware"
    WIPER = "wiper"
    SABOTAGE = "sabotage"  # of physical processes (industrial control, power, centrifuges)
    DDOS = "ddos"
    DEFACEMENT = "defacement"
    ELECTION_INTERFERENCE = "election-interference"
    HACK_AND_LEAK = "hack-and-leak"  # includes information operations built on stolen data
    SUPPLY_CHAIN = "supply-chain"

    @property
    def label(self) -> str:
        return _INCIDENT_TYPE_LABELS[self]


_INCIDENT_TYPE_LABELS = {
    IncidentType.ESPIONAGE: "Espionage",
    IncidentType.DATA_BREACH: "Data breach / leak",
    IncidentType.RANSOMWARE: "Ransomware",
    IncidentType.WIPER: "Wiper / destruction",
    IncidentType.SABOTAGE: "Sabotage of physical processes",
    IncidentType.DDOS: "DDoS / disruption",
    IncidentType.DEFACEMENT: "Defacement",
    IncidentType.ELECTION_INTERFERENCE: "Election interference",
    IncidentType.HACK_AND_LEAK: "Hack-and-leak / information operation",
    IncidentType.SUPPLY_CHAIN: "Supply-chain compromise",
}


class Tlp(StrEnum):
    """Traffic Light Protocol 2.0 marking (FIRST). Ordered from least to most restricted."""

    CLEAR = "clear"
    GREEN = "green"
    AMBER = "amber"
    AMBER_STRICT = "amber+strict"
    RED = "red"

    @property
    def rank(self) -> int:
        return list(Tlp).index(self)

    @property
    def label(self) -> str:
        return f"TLP:{self.value.upper()}"


class Classification(StrEnum):
    """EU classification level of Council Decision 2013/488/EU, Art. 2, ordered from least to
    most restricted. An unclassified record has none (``None``).

    Orthogonal to TLP: TLP is a source's sharing label, with no legal force; a classification
    binds handling, clearance and accredited systems. A record carries both and a reader must
    pass both. TRÈS SECRET UE/EU TOP SECRET is not a member: this system refuses it
    (``HIGHEST_REFUSED``)."""

    RESTREINT_UE = "restreint-ue"
    CONFIDENTIEL_UE = "confidentiel-ue"
    SECRET_UE = "secret-ue"

    @property
    def rank(self) -> int:
        return list(Classification).index(self) + 1

    @property
    def label(self) -> str:
        return _CLASSIFICATION_LABELS[self]

    @staticmethod
    def rank_of(level: Classification | None) -> int:
        """0 for an unclassified record, else the level's rank."""
        return 0 if level is None else level.rank

    @staticmethod
    def label_of(level: Classification | None) -> str:
        return "Unclassified" if level is None else level.label


_CLASSIFICATION_LABELS = {
    Classification.RESTREINT_UE: "RESTREINT UE/EU RESTRICTED",
    Classification.CONFIDENTIEL_UE: "CONFIDENTIEL UE/EU CONFIDENTIAL",
    Classification.SECRET_UE: "SECRET UE/EU SECRET",
}
# What the readers refuse by name, with the reason: the system is not accredited for it.
HIGHEST_REFUSED = "TRÈS SECRET UE/EU TOP SECRET"


class IncidentStatus(StrEnum):
    DRAFT = "draft"
    CONFIRMED = "confirmed"


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class Likelihood(StrEnum):
    """Estimative language (ICD 203; MISP `estimative-language:likelihood-probability`)."""

    ALMOST_NO_CHANCE = "almost-no-chance"
    VERY_UNLIKELY = "very-unlikely"
    UNLIKELY = "unlikely"
    ROUGHLY_EVEN_CHANCE = "roughly-even-chance"
    LIKELY = "likely"
    VERY_LIKELY = "very-likely"
    ALMOST_CERTAIN = "almost-certain"


class Confidence(StrEnum):
    """Confidence in an analytic judgment (MISP `confidence-in-analytic-judgment`)."""

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


class SourceReliability(StrEnum):
    """Admiralty scale, source reliability (MISP `admiralty-scale:source-reliability`)."""

    A = "a"
    B = "b"
    C = "c"
    D = "d"
    E = "e"
    F = "f"
    G = "g"


class InformationCredibility(StrEnum):
    """Admiralty scale, information credibility (MISP `admiralty-scale:information-credibility`)."""

    CONFIRMED = "1"
    PROBABLY_TRUE = "2"
    POSSIBLY_TRUE = "3"
    DOUBTFUL = "4"
    IMPROBABLE = "5"
    CANNOT_BE_JUDGED = "6"


class AttributionBasis(StrEnum):
    TECHNICAL = "technical"
    INTELLIGENCE = "intelligence"
    POLITICAL = "political"
    LEGAL = "legal"  # indictments, court findings, sanctions listings


class PartyKind(StrEnum):
    """Who made an attribution."""

    STATE = "state"
    EU = "eu"
    INTERNATIONAL_ORGANISATION = "international-organisation"
    COMPANY = "company"
    RESEARCHER = "researcher"
    MEDIA = "media"
    SELF_CLAIMED = "self-claimed"  # the perpetrator claimed it

    @property
    def label(self) -> str:
        return _PARTY_KIND_LABELS[self]


_PARTY_KIND_LABELS = {
    PartyKind.STATE: "a state",
    PartyKind.EU: "the European Union",
    PartyKind.INTERNATIONAL_ORGANISATION: "an international organisation",
    PartyKind.COMPANY: "a company",
    PartyKind.RESEARCHER: "a researcher",
    PartyKind.MEDIA: "the media",
    PartyKind.SELF_CLAIMED: "the perpetrators themselves",
}


class TargetCategory(StrEnum):
    """Coarse victim categories used for filtering; every sector maps to one."""

    GOVERNMENT = "government"
    MILITARY = "military"
    CRITICAL_INFRASTRUCTURE = "critical-infrastructure"
    PRIVATE_SECTOR = "private-sector"
    CIVIL_SOCIETY = "civil-society"
    INTERNATIONAL_ORGANISATION = "international-organisation"
    ELECTIONS = "elections"
    MEDIA = "media"
    RESEARCH = "research"


class SectorCriticality(StrEnum):
    """The NIS2 annex a sector is listed in (Directive (EU) 2022/2555)."""

    HIGH = "high"  # Annex I: sectors of high criticality
    OTHER = "other"  # Annex II: other critical sectors


class SeverityLevel(StrEnum):
    """How severe an incident is overall, on the five bands of the codebook (docs/assessment.md).

    ``UNKNOWN`` only when nothing could be judged at all. Analysts code incidents on the same
    bands the assessment engine returns, so the two can be compared.
    """

    UNKNOWN = "unknown"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    SEVERE = "severe"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANKS[self]


_SEVERITY_RANKS = {level: position for position, level in enumerate(SeverityLevel)}
