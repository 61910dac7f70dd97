"""A hybrid signing key: an ML-DSA-65 key and an Ed25519 key that always sign together."""

from __future__ import annotations

import secrets

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.mldsa import MLDSA65PrivateKey, MLDSA65PublicKey

from cdtoolbox.model.signing import PublicKey
from cdtoolbox.signing.algorithms import ED25519, ML_DSA_65, ML_DSA_CONTEXT

__all__ = ["SEED_BYTES", "HybridSignature", "SigningKey", "verify_part"]

SEED_BYTES = 32  # both algorithms derive their whole private key from a 32-byte seed

HybridSignature = dict[str, bytes]  # algorithm name -> signature


class SigningKey:
    """The private half of a hybrid key. Its seeds never appear in ``repr`` or ``str``."""

    __slots__ = ("_ed25519", "_ml_dsa", "public_key")

    def __init__(self, name: str, ml_dsa_seed: bytes, ed25519_seed: bytes) -> None:
        self._ml_dsa = MLDSA65PrivateKey.from_seed_bytes(ml_dsa_seed)
        self._ed25519 = Ed25519PrivateKey.from_private_bytes(ed25519_seed)
        self.public_key = PublicKey(
            name=name,
            ml_dsa_65=self._ml_dsa.public_key().public_bytes_raw(),
            ed25519=self._ed25519.public_key().public_bytes_raw(),
        )

    @classmethod
    def generate(cls, name: str) -> SigningKey:
        return cls(name, secrets.token_bytes(SEED_BYTES), secrets.token_bytes(SEED_BYTES))

    def seeds(self) -> tuple[bytes, bytes]:
        """The two seeds, for the encrypted key file only."""
        return self._ml_dsa.private_bytes_raw(), self._ed25519.private_bytes_raw()

    def sign(self, message: bytes) -> HybridSignature:
        return {
            ML_DSA_65.name: self._ml_dsa.sign(message, ML_DSA_CONTEXT),
            ED25519.name: self._ed25519.sign(message),
        }

    def __repr__(self) -> str:
        return f"SigningKey({self.public_key.name!r}, fingerprint={self.public_key.fingerprint!r})"


def verify_part(key: PublicKey, algorithm: str, signature: bytes, message: bytes) -> bool:
    """Whether one part of a hybrid signature verifies under the matching half of ``key``."""
    try:
        if algorithm == ML_DSA_65.name:
            MLDSA65PublicKey.from_public_bytes(key.ml_dsa_65).verify(
                signature, message, ML_DSA_CONTEXT
            )
        elif algorithm == ED25519.name:
            Ed25519PublicKey.from_public_bytes(key.ed25519).verify(signature, message)
        else:
            return False
    except InvalidSignature:
        return False
    return True
