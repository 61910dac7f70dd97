"""The fixed vocabulary of our MISP mapping: which tags mean which of our values.

Every table here is read by both directions (the readers and the writers of this package) and
by the tests, which also check each public taxonomy value against the
taxonomies pytaxonomies ships. The mapping is explained in ``docs/misp-mapping.md``.
"""

from __future__ import annotations

import uuid
from types import MappingProxyType
from typing import Final

from cdtoolbox.model import (
    Confidence,
    IncidentStatus,
    IncidentType,
    InformationCredibility,
    Likelihood,
    SourceReliability,
    Tlp,
)

__all__ = [
    "ACTOR_GALAXIES",
    "ANALYSIS_BY_STATUS",
    "CDT_ATTRIBUTED_STATE",
    "CDT_INCIDENT_TYPE",
    "CDT_NAMESPACE",
    "CDT_PREDICATES",
    "CDT_SECTOR",
    "CDT_STATEMENT",
    "CONFIDENCE_PREDICATE",
    "COUNTRY_GALAXY",
    "CREDIBILITY_PREDICATE",
    "DISTRIBUTION_BY_TLP",
    "FEED_HASHES",
    "FEED_MANIFEST",
    "GALAXY_NAMESPACE",
    "INCIDENT_TYPE_TAGS",
    "LIKELIHOOD_PREDICATE",
    "MISP_ACTOR_NAMESPACE",
    "NIS2_SECTOR_PREDICATES",
    "REFERENCE_CATEGORY",
    "RELIABILITY_PREDICATE",
    "SCALE_VOCABULARIES",
    "SUMMARY_REPORT",
    "TLP_BY_TAG",
    "TLP_NOT_LEVELS",
    "TYPE_BY_TAG",
    "TYPE_TAG_FOR",
    "status_of_analysis",
]

#: The files of a MISP feed besides its events: the events' metadata by uuid, and the MD5 of
#: every attribute value with its event's uuid (what MISP correlates on before downloading).
FEED_MANIFEST: Final = "manifest.json"
FEED_HASHES: Final = "hashes.csv"

GALAXY_NAMESPACE: Final = "misp-galaxy"
# Galaxies whose clusters are threat actors. The MITRE ones write "Name - G0007".
ACTOR_GALAXIES: Final = frozenset(
    {"threat-actor", "mitre-intrusion-set", "mitre-enterprise-attack-intrusion-set"}
)
# The country galaxy on an event names the countries hit (MISP has no separate victim galaxy).
COUNTRY_GALAXY: Final = "country"

# tlp (MISP taxonomy v10): TLP 2.0 levels, and WHITE from TLP 1.0 read as its successor CLEAR.
TLP_BY_TAG: Final = MappingProxyType(
    {
        "clear": Tlp.CLEAR,
        "white": Tlp.CLEAR,
        "green": Tlp.GREEN,
        "amber": Tlp.AMBER,
        "amber+strict": Tlp.AMBER_STRICT,
        "red": Tlp.RED,
    }
)
# Values of the tlp taxonomy that are not levels: the Chatham House extension and a joke.
TLP_NOT_LEVELS: Final = frozenset({"ex:chr", "unclear"})

# estimative-language and admiralty-scale: their values are spelled as our vocabularies are.
LIKELIHOOD_PREDICATE: Final = ("estimative-language", "likelihood-probability")
CONFIDENCE_PREDICATE: Final = ("estimative-language", "confidence-in-analytic-judgment")
RELIABILITY_PREDICATE: Final = ("admiralty-scale", "source-reliability")
CREDIBILITY_PREDICATE: Final = ("admiralty-scale", "information-credibility")
SCALE_VOCABULARIES: Final = MappingProxyType(
    {
        LIKELIHOOD_PREDICATE: Likelihood,
        CONFIDENCE_PREDICATE: Confidence,
        RELIABILITY_PREDICATE: SourceReliability,
        CREDIBILITY_PREDICATE: InformationCredibility,
    }
)

# nis2 predicates whose values are sectors (resolved through the sector catalogue, which knows
# every NIS2 value); the other nis2 predicates (severity, root cause…) are not modelled.
NIS2_SECTOR_PREDICATES: Final = frozenset(
    {
        "impact-sectors-impacted",
        "impact-subsectors-impacted",
        "important-entities",
        "impact-subsectors-important-entities",
    }
)

# Our own namespace, for what no public taxonomy says: written on export, read on import.
CDT_NAMESPACE: Final = "cdtoolbox"
CDT_INCIDENT_TYPE: Final = "incident-type"
CDT_SECTOR: Final = "sector"  # sectors outside NIS2 (government.elections, defence, media…)
CDT_ATTRIBUTED_STATE: Final = "attributed-state"  # ISO alpha-2 of a state held responsible
CDT_PREDICATES: Final = frozenset({CDT_INCIDENT_TYPE, CDT_SECTOR, CDT_ATTRIBUTED_STATE})
# On the event of a statement that rides in no incident's event (its value: the digest of the
# statement's text); such an event is not an incident, and our import skips it.
CDT_STATEMENT: Final = "statement"

# MISP `distribution` by TLP, for what we write with one (statement reports and their events):
# 3 all communities, 2 connected communities, 1 this community only, 0 your organisation only.
# TLP:AMBER+STRICT restricts sharing to the recipient's organisation, as 0 does.
DISTRIBUTION_BY_TLP: Final = MappingProxyType(
    {Tlp.CLEAR: 3, Tlp.GREEN: 2, Tlp.AMBER: 1, Tlp.AMBER_STRICT: 0, Tlp.RED: 0}
)

# Public incident-classification tags that mean one of our incident types. Broad classes
# ("system-compromise", "malware", "phishing") say nothing our vocabulary can hold and are
# not read. The first tag listed for a type is the one written on export.
INCIDENT_TYPE_TAGS: Final = (
    (("circl", "incident-classification", "ransomware"), IncidentType.RANSOMWARE),
    (("circl", "incident-classification", "locker"), IncidentType.RANSOMWARE),
    (("ecsirt", "malicious-code", "ransomware"), IncidentType.RANSOMWARE),
    (("circl", "incident-classification", "wiper"), IncidentType.WIPER),
    (("circl", "incident-classification", "sabotage"), IncidentType.SABOTAGE),
    (("circl", "incident-classification", "denial-of-service"), IncidentType.DDOS),
    (("rsit", "availability", "ddos"), IncidentType.DDOS),
    (("rsit", "availability", "dos"), IncidentType.DDOS),
    (("ecsirt", "availability", "ddos"), IncidentType.DDOS),
    (("ecsirt", "availability", "dos"), IncidentType.DDOS),
    (("circl", "incident-classification", "information-leak"), IncidentType.DATA_BREACH),
    (("rsit", "information-content-security", "data-leak"), IncidentType.DATA_BREACH),
    (("ecsirt", "intrusions", "defacement"), IncidentType.DEFACEMENT),
)
TYPE_BY_TAG: Final = MappingProxyType(dict(INCIDENT_TYPE_TAGS))
TYPE_TAG_FOR: Final = MappingProxyType(
    {kind: triple for triple, kind in reversed(INCIDENT_TYPE_TAGS)}
)

# MISP `analysis`: 0 initial, 1 ongoing, 2 completed. Only a completed analysis is confirmed.
ANALYSIS_BY_STATUS: Final = MappingProxyType({IncidentStatus.DRAFT: 0, IncidentStatus.CONFIRMED: 2})

# The event report that carries an incident's summary (MISP events have no description).
SUMMARY_REPORT: Final = "Summary"
# Attributes of this category that are text, not links, are sources without an address.
REFERENCE_CATEGORY: Final = "External analysis"

# Ids of actors first met as a bare tag, derived from the normalised name so that every
# import of the same name gives the same actor.
MISP_ACTOR_NAMESPACE: Final = uuid.UUID("9a3e5f0c-6b1d-4c7e-8f2a-3d5b7c9e1f04")


def status_of_analysis(analysis: int) -> IncidentStatus:
    return IncidentStatus.CONFIRMED if analysis == 2 else IncidentStatus.DRAFT
