"""Password hashing with scrypt (RFC 7914), from the standard library; and the digest under
which random secrets (API tokens, sign-in sessions) are stored.

The parameters travel inside each stored hash, so raising them later leaves existing
passwords verifiable. The defaults follow OWASP's Password Storage Cheat Sheet
(N=2^15, r=8, p=3: 32 MiB of memory per attempt).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

__all__ = ["MIN_PASSWORD_LENGTH", "PasswordHasher", "secret_digest"]

MIN_PASSWORD_LENGTH = 12

_FORMAT = re.compile(r"^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$")
_KEY_LENGTH = 32


def secret_digest(secret: str) -> str:
    """How a random secret we issued is stored: reading the store does not reveal it."""
    # The secrets carry 256 random bits, so a fast hash is enough (unlike passwords).
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PasswordHasher:
    log2_n: int = 15
    block_size: int = 8
    parallelism: int = 3

    def hash(self, password: str) -> str:
        salt = secrets.token_bytes(16)
        key = self._derive(password, salt, self.log2_n, self.block_size, self.parallelism)
        return (
            f"$scrypt$ln={self.log2_n},r={self.block_size},p={self.parallelism}"
            f"${_b64(salt)}${_b64(key)}"
        )

    def verify(self, password: str, stored: str | None) -> bool:
        """True when ``password`` matches; a missing or malformed hash never matches.

        An unknown account is checked against a throw-away hash so that it takes as long
        as a wrong password and the timing does not reveal which accounts exist.
        """
        match = _FORMAT.match(stored or "")
        if match is None:
            self._derive(password, b"\0" * 16, self.log2_n, self.block_size, self.parallelism)
            return False
        log2_n, block_size, parallelism = (int(match.group(index)) for index in (1, 2, 3))
        salt, expected = base64.b64decode(match.group(4)), base64.b64decode(match.group(5))
        key = self._derive(password, salt, log2_n, block_size, parallelism)
        return hmac.compare_digest(key, expected)

    @staticmethod
    def _derive(
        password: str, salt: bytes, log2_n: int, block_size: int, parallelism: int
    ) -> bytes:
        n = 1 << log2_n
        return hashlib.scrypt(
            password.encode("utf-8"),
            salt=salt,
            n=n,
            r=block_size,
            p=parallelism,
            maxmem=2 * 128 * block_size * n + (1 << 20),
            dklen=_KEY_LENGTH,
        )


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
