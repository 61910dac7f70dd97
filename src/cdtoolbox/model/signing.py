"""Hybrid signing keys as the keyring sees them: public halves, their fingerprints, the trust
an analyst placed in them, and what a verified signature established.

A key is a pair of public keys used together, ML-DSA-65 (FIPS 204) and Ed25519 (RFC 8032): a
signature holds only if both of its parts verify, so it stays sound while either algorithm
does. The cryptography itself lives in ``cdtoolbox.signing``; this module is plain data.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

__all__ = [
    "ED25519_PUBLIC_KEY_BYTES",
    "ML_DSA_65_PUBLIC_KEY_BYTES",
    "KeyStatus",
    "KeyringEntry",
    "PublicKey",
    "VerifiedSignature",
    "fingerprint_of",
]

ML_DSA_65_PUBLIC_KEY_BYTES = 1952  # FIPS 204, table 2: pkEncode of ML-DSA-65
ED25519_PUBLIC_KEY_BYTES = 32  # RFC 8032, section 5.1.5


def fingerprint_of(ml_dsa_65: bytes, ed25519: bytes) -> str:
    """SHA-256 over the ML-DSA-65 public key followed by the Ed25519 public key, both in their
    raw standard encodings, as 64 lower-case hex digits.

    Both encodings have a fixed length, so the concatenation is unambiguous.
    """
    return hashlib.sha256(ml_dsa_65 + ed25519).hexdigest()


@dataclass(frozen=True)
class PublicKey:
    """The public half of a hybrid signing key, and the name its holder gave it."""

    name: str
    ml_dsa_65: bytes
    ed25519: bytes

    def __post_init__(self) -> None:
        # A wrong length is a malformed key; the readers report it with the file it came from.
        if len(self.ml_dsa_65) != ML_DSA_65_PUBLIC_KEY_BYTES:
            raise ValueError(f"an ML-DSA-65 public key is {ML_DSA_65_PUBLIC_KEY_BYTES} bytes")
        if len(self.ed25519) != ED25519_PUBLIC_KEY_BYTES:
            raise ValueError(f"an Ed25519 public key is {ED25519_PUBLIC_KEY_BYTES} bytes")

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(self.ml_dsa_65, self.ed25519)

    def __repr__(self) -> str:
        return f"PublicKey(name={self.name!r}, fingerprint={self.fingerprint!r})"


class KeyStatus(StrEnum):
    """Where a partner's key stands. Imported keys verify nothing until someone trusts them;
    a revoked key never verifies again and cannot be trusted again."""

    IMPORTED = "imported"
    TRUSTED = "trusted"
    REVOKED = "revoked"


@dataclass(frozen=True)
class KeyringEntry:
    key: PublicKey
    status: KeyStatus
    added_at: datetime
    updated_at: datetime

    @property
    def fingerprint(self) -> str:
        return self.key.fingerprint


@dataclass(frozen=True)
class VerifiedSignature:
    """What a valid signature establishes: who signed which content, and when they said so."""

    signer: str
    fingerprint: str
    signed_at: datetime
    digest_algorithm: str
    digest: str
    size: int
