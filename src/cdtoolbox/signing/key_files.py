"""Key files: a private key encrypted under a passphrase, and a public key to hand to partners.

Both are small JSON documents (described in docs/signatures.md). The private key file holds
the two 32-byte seeds, encrypted with AES-256-GCM under a key derived from the passphrase by
Argon2id; everything else in the file is the cipher's associated data, so a file whose name,
public key or parameters were altered fails to open exactly as a wrong passphrase does.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
from pathlib import Path
from typing import Any, TypeVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model.signing import PublicKey
from cdtoolbox.signing.algorithms import ED25519, HYBRID, ML_DSA_65
from cdtoolbox.signing.keys import SEED_BYTES, SigningKey

__all__ = [
    "PRIVATE_KEY_FORMAT",
    "PUBLIC_KEY_FORMAT",
    "KdfCost",
    "public_key_document",
    "read_private_key",
    "read_public_key",
    "write_private_key",
]

PRIVATE_KEY_FORMAT = "cdtoolbox-private-key"
PUBLIC_KEY_FORMAT = "cdtoolbox-public-key"
_VERSION = 1
_T = TypeVar("_T")
_MAX_KEY_FILE_BYTES = 64 * 1024  # a key file is about 3 kB; anything far larger is not one


class KdfCost:
    """Argon2id's cost: RFC 9106, section 4, second recommended option (3 passes, 4 lanes,
    64 MiB), about 0.2 s on one core. Stored in each file, so a later default can differ."""

    iterations = 3
    lanes = 4
    memory_kib = 64 * 1024


# RFC 9106, section 3.1: memory of at least 8 KiB per lane; upper bounds far above any cost
# this module writes (1 GiB, 16 passes, 16 lanes).
_KDF_BOUNDS = {"iterations": (1, 16), "lanes": (1, 16), "memory_kib": (8 * 16, 1024 * 1024)}


def write_private_key(path: Path, key: SigningKey, passphrase: str) -> None:
    """Write ``key`` encrypted under ``passphrase``, readable by its owner only (mode 0600).

    Refuses to replace an existing file: a key overwritten by mistake is lost for good.
    """
    if not passphrase:
        raise InvalidInput("key file", "passphrase", None, "must not be empty", str(path))
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    header: dict[str, Any] = {
        "format": PRIVATE_KEY_FORMAT,
        "version": _VERSION,
        "name": key.public_key.name,
        "fingerprint": key.public_key.fingerprint,
        "public_key": _public_parts(key.public_key),
        "kdf": {
            "algorithm": "Argon2id",
            "salt": _b64(salt),
            "iterations": KdfCost.iterations,
            "lanes": KdfCost.lanes,
            "memory_kib": KdfCost.memory_kib,
        },
        "cipher": {"algorithm": "AES-256-GCM", "nonce": _b64(nonce)},
    }
    ml_dsa_seed, ed25519_seed = key.seeds()
    secret = _derive(passphrase, header["kdf"])
    ciphertext = AESGCM(secret).encrypt(nonce, ml_dsa_seed + ed25519_seed, _aad(header))
    document = {**header, "ciphertext": _b64(ciphertext)}
    data = (json.dumps(document, indent=2) + "\n").encode()
    try:
        # O_EXCL: never replace a key; the mode is set at creation, so no moment exists in
        # which the file is readable by others.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise InvalidInput(
            "key file", "path", None, "exists already; choose another path", str(path)
        ) from None
    except OSError as error:
        raise InvalidInput(
            "key file", "path", None, f"cannot be written: {error.strerror}", str(path)
        ) from None
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)


def read_private_key(path: Path, passphrase: str) -> SigningKey:
    document = _read_document(path, (PRIVATE_KEY_FORMAT,))
    where = str(path)
    header = {name: value for name, value in document.items() if name != "ciphertext"}
    kdf = _field(document, "kdf", dict, where)
    cipher = _field(document, "cipher", dict, where)
    if kdf.get("algorithm") != "Argon2id":
        raise _unknown_algorithm("kdf.algorithm", kdf.get("algorithm"), where)
    if cipher.get("algorithm") != "AES-256-GCM":
        raise _unknown_algorithm("cipher.algorithm", cipher.get("algorithm"), where)
    nonce = _bytes(cipher, "nonce", where, "cipher.")
    ciphertext = _bytes(document, "ciphertext", where)
    name = _field(document, "name", str, where)
    try:
        secret = _derive(passphrase, kdf)
        seeds = AESGCM(secret).decrypt(nonce, ciphertext, _aad(header))
    except InvalidTag:
        raise InvalidInput(
            "key file",
            "passphrase",
            None,
            "does not open this key: the passphrase is wrong or the file was altered",
            where,
        ) from None
    except (ValueError, TypeError, OverflowError) as error:
        # Messages about the file's own parameters (lengths, bounds); never about the secret.
        raise InvalidInput(
            "key file", "kdf", None, f"or cipher parameters are malformed: {error}", where
        ) from None
    if len(seeds) != 2 * SEED_BYTES:
        raise InvalidInput("key file", "ciphertext", None, "does not hold two seeds", where)
    key = SigningKey(name, seeds[:SEED_BYTES], seeds[SEED_BYTES:])
    if key.public_key.fingerprint != document.get("fingerprint"):
        raise InvalidInput(
            "key file", "fingerprint", None, "does not match the key the file holds", where
        )
    return key


def public_key_document(key: PublicKey) -> dict[str, Any]:
    """The public key file's content: what ``cdt keys export-public`` writes."""
    return {
        "format": PUBLIC_KEY_FORMAT,
        "version": _VERSION,
        "name": key.name,
        "fingerprint": key.fingerprint,
        "public_key": _public_parts(key),
    }


def read_public_key(path: Path) -> PublicKey:
    """Read a public key file, or the public part of a private key file (never decrypted)."""
    document = _read_document(path, (PUBLIC_KEY_FORMAT, PRIVATE_KEY_FORMAT))
    where = str(path)
    name = _field(document, "name", str, where)
    if not name.strip():
        raise InvalidInput("key file", "name", None, "must not be empty", where)
    parts = _field(document, "public_key", list, where)
    values: dict[str, bytes] = {}
    for index, part in enumerate(parts):
        label = f"public_key[{index}]."
        if not isinstance(part, dict):
            raise InvalidInput("key file", f"public_key[{index}]", None, "is not an object", where)
        algorithm = HYBRID_BY_NAME.get(str(part.get("algorithm")))
        if algorithm is None or part.get("oid") != algorithm.oid:
            raise _unknown_algorithm(
                f"{label}algorithm", f"{part.get('algorithm')} ({part.get('oid')})", where
            )
        values[algorithm.name] = _bytes(part, "value", where, label)
    missing = [algorithm.name for algorithm in HYBRID if algorithm.name not in values]
    if missing:
        raise InvalidInput(
            "key file", "public_key", None, f"lacks its {' and '.join(missing)} part", where
        )
    try:
        key = PublicKey(name, values[ML_DSA_65.name], values[ED25519.name])
    except ValueError as error:
        raise InvalidInput(
            "key file", "public_key", None, f"is malformed: {error}", where
        ) from None
    if key.fingerprint != document.get("fingerprint"):
        raise InvalidInput(
            "key file",
            "fingerprint",
            document.get("fingerprint"),
            f"does not match the key the file holds ({key.fingerprint})",
            where,
        )
    return key


HYBRID_BY_NAME = {algorithm.name: algorithm for algorithm in HYBRID}


def _public_parts(key: PublicKey) -> list[dict[str, str]]:
    return [
        {"algorithm": ML_DSA_65.name, "oid": ML_DSA_65.oid, "value": _b64(key.ml_dsa_65)},
        {"algorithm": ED25519.name, "oid": ED25519.oid, "value": _b64(key.ed25519)},
    ]


def _derive(passphrase: str, kdf: dict[str, Any]) -> bytes:
    # Bounded, so that a crafted file cannot make opening it take hours or all the memory.
    for name, (low, high) in _KDF_BOUNDS.items():
        value = kdf.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ValueError(f"Argon2id {name} must be an integer from {low} to {high}")
    return Argon2id(
        salt=base64.b64decode(kdf["salt"], validate=True),
        length=32,
        iterations=kdf["iterations"],
        lanes=kdf["lanes"],
        memory_cost=kdf["memory_kib"],
    ).derive(passphrase.encode())


def _aad(header: dict[str, Any]) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode()


def _read_document(path: Path, formats: tuple[str, ...]) -> dict[str, Any]:
    where = str(path)
    try:
        with path.open("rb") as source:
            data = source.read(_MAX_KEY_FILE_BYTES + 1)
    except OSError as error:
        raise InvalidInput(
            "key file", "path", None, f"cannot be read: {error.strerror}", where
        ) from None
    if len(data) > _MAX_KEY_FILE_BYTES:
        raise InvalidInput("key file", "size", None, "is far too large for a key file", where)
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("key file", "content", None, "is not JSON", where) from None
    if not isinstance(document, dict) or document.get("format") not in formats:
        expected = " or ".join(repr(name) for name in formats)
        raise InvalidInput("key file", "format", None, f"is not {expected}", where)
    if document.get("version") != _VERSION:
        raise InvalidInput(
            "key file", "version", document.get("version"), "is not a version we read (1)", where
        )
    return document


def _field(document: dict[str, Any], name: str, kind: type[_T], where: str) -> _T:
    value = document.get(name)
    if not isinstance(value, kind):
        raise InvalidInput("key file", name, None, f"is missing or not a {kind.__name__}", where)
    return value


def _bytes(document: dict[str, Any], name: str, where: str, prefix: str = "") -> bytes:
    value = document.get(name)
    try:
        if not isinstance(value, str):
            raise ValueError
        return base64.b64decode(value, validate=True)
    except (ValueError, binascii.Error):
        raise InvalidInput(
            "key file", f"{prefix}{name}", None, "is missing or not base64", where
        ) from None


def _unknown_algorithm(field: str, value: object, where: str) -> InvalidInput:
    return InvalidInput("key file", field, value, "is not an algorithm we know", where)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
