"""The algorithms a cdtoolbox signature uses, named as the file formats name them."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "DIGEST_ALGORITHM",
    "ED25519",
    "HYBRID",
    "ML_DSA_65",
    "ML_DSA_CONTEXT",
    "Algorithm",
    "algorithm_named",
]


@dataclass(frozen=True)
class Algorithm:
    name: str
    oid: str
    public_key_bytes: int
    signature_bytes: int


# OIDs: NIST CSOR "Computer Security Objects Register", sigAlgs (FIPS 204 id-ml-dsa-65);
# RFC 8410, section 3 (id-Ed25519).
ML_DSA_65 = Algorithm("ML-DSA-65", "2.16.840.1.101.3.4.3.18", 1952, 3309)
ED25519 = Algorithm("Ed25519", "1.3.101.112", 32, 64)

# The order in which a signature file lists its parts; both are required.
HYBRID: tuple[Algorithm, ...] = (ML_DSA_65, ED25519)

DIGEST_ALGORITHM = "SHA-512"

# FIPS 204's context string (section 5.2) separates our signatures from any other use of the
# same ML-DSA key; Ed25519 has none, so the signed statement itself begins with a label.
ML_DSA_CONTEXT = b"cdtoolbox-signature-v1"


def algorithm_named(name: str) -> Algorithm | None:
    return next((algorithm for algorithm in HYBRID if algorithm.name == name), None)
