"""The fixed vocabulary of our STIX 2.1 mapping: marking ids, our extension, confidence scales.

Every table here is read by both directions (the readers and the writers of this package) and
by the tests, so the two directions cannot drift apart. The mapping is
explained in ``docs/stix-mapping.md``.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from cdtoolbox.model import Confidence, Likelihood, Tlp

__all__ = [
    "CONFIDENCE_TO_STIX",
    "EXTENSION_CREATED",
    "EXTENSION_CREATOR_ID",
    "EXTENSION_ID",
    "EXTENSION_MODIFIED",
    "EXTENSION_VERSION",
    "LIKELIHOOD_TO_STIX",
    "SCO_TYPES",
    "SPEC_VERSION",
    "TLP1_MARKING_IDS",
    "TLP2_CREATED",
    "TLP2_EXTENSION_ID",
    "TLP2_MARKING_IDS",
    "TLP_BY_MARKING_ID",
    "confidence_from_stix",
    "likelihood_from_stix",
    "stix_confidence",
]

SPEC_VERSION: Final = "2.1"

# FIRST TLP 2.0 as published by OASIS (cti-stix-common-objects,
# extension-definition-specifications/tlp-2.0): the five marking definitions every STIX
# producer shares, so the ids are fixed and never generated.
TLP2_EXTENSION_ID: Final = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
TLP2_CREATED: Final = "2022-10-01T00:00:00.000Z"
TLP2_MARKING_IDS: Final = MappingProxyType(
    {
        Tlp.CLEAR: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
        Tlp.GREEN: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
        Tlp.AMBER: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
        Tlp.AMBER_STRICT: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
        Tlp.RED: "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
    }
)

# TLP 1.0 markings of STIX 2.1 section 7.2.1.4, still common in partners' feeds. WHITE is
# read as CLEAR, its TLP 2.0 successor; we never write them.
TLP1_MARKING_IDS: Final = MappingProxyType(
    {
        "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": Tlp.CLEAR,
        "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": Tlp.GREEN,
        "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": Tlp.AMBER,
        "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": Tlp.RED,
    }
)

TLP_BY_MARKING_ID: Final = MappingProxyType(
    {**{marking: tlp for tlp, marking in TLP2_MARKING_IDS.items()}, **TLP1_MARKING_IDS}
)

# Our property extension. The id is fixed for every installation (a registered extension is
# identified by its id, not by who exports it), and so is its creator, the project identity.
EXTENSION_ID: Final = "extension-definition--4c0a5e1d-8f3b-4e6a-9d2c-7b1e0f6a3c58"
EXTENSION_CREATOR_ID: Final = "identity--2f6e8b4a-1c7d-4a9e-b3f5-8d0c6e2a9b14"
EXTENSION_CREATED: Final = "2026-01-01T00:00:00.000Z"
# 1.1.0 (optional properties added, as a minor version adds them): the payload on a
# statement's `report` and `issuer_kind` on the identity of a statement's issuer.
EXTENSION_MODIFIED: Final = "2026-12-07T00:00:00.000Z"
EXTENSION_VERSION: Final = "1.1.0"

# The STIX Cyber-observable Object types of STIX 2.1 (section 6): they carry no created or
# modified timestamps.
SCO_TYPES: Final = frozenset(
    {
        "artifact",
        "autonomous-system",
        "directory",
        "domain-name",
        "email-addr",
        "email-message",
        "file",
        "ipv4-addr",
        "ipv6-addr",
        "mac-addr",
        "mutex",
        "network-traffic",
        "process",
        "software",
        "url",
        "user-account",
        "windows-registry-key",
        "x509-certificate",
    }
)

# STIX 2.1 Appendix A.5, the DNI (ICD 203) estimative-language scale: its words are ours.
LIKELIHOOD_TO_STIX: Final = MappingProxyType(
    {
        Likelihood.ALMOST_NO_CHANCE: 5,
        Likelihood.VERY_UNLIKELY: 15,
        Likelihood.UNLIKELY: 30,
        Likelihood.ROUGHLY_EVEN_CHANCE: 50,
        Likelihood.LIKELY: 70,
        Likelihood.VERY_LIKELY: 85,
        Likelihood.ALMOST_CERTAIN: 95,
    }
)
# Lowest STIX value of each band of Appendix A.5, highest band first.
_LIKELIHOOD_BANDS: Final = (
    (90, Likelihood.ALMOST_CERTAIN),
    (80, Likelihood.VERY_LIKELY),
    (60, Likelihood.LIKELY),
    (40, Likelihood.ROUGHLY_EVEN_CHANCE),
    (20, Likelihood.UNLIKELY),
    (10, Likelihood.VERY_UNLIKELY),
    (0, Likelihood.ALMOST_NO_CHANCE),
)

# STIX 2.1 Appendix A.1, None / Low / Med / High. We have no "none": a producer's 0 ("no
# confidence") is read as low.
CONFIDENCE_TO_STIX: Final = MappingProxyType(
    {Confidence.LOW: 15, Confidence.MODERATE: 50, Confidence.HIGH: 85}
)
_CONFIDENCE_BANDS: Final = (
    (70, Confidence.HIGH),
    (30, Confidence.MODERATE),
    (0, Confidence.LOW),
)


def stix_confidence(likelihood: Likelihood | None, confidence: Confidence | None) -> int | None:
    """The STIX ``confidence`` of a judgment: its likelihood on scale A.5 if stated, else its
    confidence on scale A.1, else none."""
    if likelihood is not None:
        return LIKELIHOOD_TO_STIX[likelihood]
    if confidence is not None:
        return CONFIDENCE_TO_STIX[confidence]
    return None


def likelihood_from_stix(value: int) -> Likelihood:
    """The estimative word for a 0-100 value, by the bands of Appendix A.5."""
    return next(word for floor, word in _LIKELIHOOD_BANDS if value >= floor)


def confidence_from_stix(value: int) -> Confidence:
    """Low, moderate or high for a 0-100 value, by the bands of Appendix A.1."""
    return next(level for floor, level in _CONFIDENCE_BANDS if value >= floor)
