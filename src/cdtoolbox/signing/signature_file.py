"""Detached signature files: what one says, how it is written and read, and how a file is
checked against it. The format is described in docs/signatures.md.

Both parts of a hybrid signature sign one statement: a label, then canonical JSON naming the
file's size and SHA-512 digest, the key's fingerprint, the signer's name and the time of
signing. The file is hashed once, in chunks, however large it is.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model.signing import PublicKey, VerifiedSignature
from cdtoolbox.signing.algorithms import DIGEST_ALGORITHM, HYBRID, algorithm_named
from cdtoolbox.signing.keys import SigningKey, verify_part

__all__ = [
    "SIGNATURE_FORMAT",
    "SIGNATURE_SUFFIX",
    "FileDigest",
    "SignatureDocument",
    "check_signature",
    "digest_bytes",
    "digest_file",
    "read_signature",
    "sign_digest",
    "sign_file",
    "write_signature",
]

SIGNATURE_FORMAT = "cdtoolbox-signature"
SIGNATURE_SUFFIX = ".sig"
_VERSION = 1
_STATEMENT_LABEL = b"cdtoolbox hybrid signature v1\n"
_CHUNK = 1024 * 1024
_MAX_SIGNATURE_FILE_BYTES = 64 * 1024  # a signature file is about 5 kB


@dataclass(frozen=True)
class FileDigest:
    size: int
    sha512: str  # lower-case hex


@dataclass(frozen=True)
class SignatureDocument:
    signer: str
    fingerprint: str
    signed_at: datetime
    digest: FileDigest
    signatures: dict[str, bytes]  # algorithm name -> signature, every part of HYBRID

    def statement(self) -> bytes:
        """The bytes both algorithms sign."""
        body = {
            "algorithms": [algorithm.name for algorithm in HYBRID],
            "digest": {"algorithm": DIGEST_ALGORITHM, "value": self.digest.sha512},
            "fingerprint": self.fingerprint,
            "signed_at": _timestamp(self.signed_at),
            "signer": self.signer,
            "size": self.digest.size,
        }
        return _STATEMENT_LABEL + json.dumps(body, sort_keys=True, separators=(",", ":")).encode()

    def encode(self) -> bytes:
        document = {
            "format": SIGNATURE_FORMAT,
            "version": _VERSION,
            "signer": self.signer,
            "key_fingerprint": self.fingerprint,
            "signed_at": _timestamp(self.signed_at),
            "file": {
                "size": self.digest.size,
                "digest": {"algorithm": DIGEST_ALGORITHM, "value": self.digest.sha512},
            },
            "signatures": [
                {
                    "algorithm": algorithm.name,
                    "oid": algorithm.oid,
                    "value": base64.b64encode(self.signatures[algorithm.name]).decode("ascii"),
                }
                for algorithm in HYBRID
            ],
        }
        return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()


def digest_file(path: Path) -> FileDigest:
    """SHA-512 of a file read in 1 MiB chunks, never held whole in memory."""
    hasher = hashlib.sha512()
    size = 0
    try:
        with path.open("rb") as source:
            while chunk := source.read(_CHUNK):
                hasher.update(chunk)
                size += len(chunk)
    except OSError as error:
        raise InvalidInput(
            "file", "path", None, f"cannot be read: {error.strerror}", str(path)
        ) from None
    return FileDigest(size, hasher.hexdigest())


def digest_bytes(data: bytes) -> FileDigest:
    """SHA-512 of bytes already in memory (a response body), as ``digest_file`` of a file
    holding them."""
    return FileDigest(len(data), hashlib.sha512(data).hexdigest())


def sign_file(path: Path, key: SigningKey, signed_at: datetime) -> SignatureDocument:
    return sign_digest(digest_file(path), key, signed_at)


def sign_digest(digest: FileDigest, key: SigningKey, signed_at: datetime) -> SignatureDocument:
    """The signature of whatever has ``digest``: the file read or the bytes sent are the same
    to a verifier."""
    unsigned = SignatureDocument(
        signer=key.public_key.name,
        fingerprint=key.public_key.fingerprint,
        signed_at=signed_at.astimezone(UTC).replace(microsecond=0),
        digest=digest,
        signatures={},
    )
    return SignatureDocument(
        signer=unsigned.signer,
        fingerprint=unsigned.fingerprint,
        signed_at=unsigned.signed_at,
        digest=unsigned.digest,
        signatures=key.sign(unsigned.statement()),
    )


def write_signature(path: Path, document: SignatureDocument) -> None:
    """Write beside the signed file, replacing an older signature only once this one is whole."""
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_bytes(document.encode())
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InvalidInput(
            "signature file", "path", None, f"cannot be written: {error.strerror}", str(path)
        ) from None


def read_signature(path: Path) -> SignatureDocument:
    where = str(path)
    try:
        with path.open("rb") as source:
            data = source.read(_MAX_SIGNATURE_FILE_BYTES + 1)
    except OSError as error:
        raise InvalidInput(
            "signature file", "path", None, f"cannot be read: {error.strerror}", where
        ) from None
    if len(data) > _MAX_SIGNATURE_FILE_BYTES:
        raise _malformed("size", "is far too large for a signature file", where)
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise _malformed("content", "is not JSON", where) from None
    if not isinstance(document, dict) or document.get("format") != SIGNATURE_FORMAT:
        raise _malformed("format", f"is not {SIGNATURE_FORMAT!r}", where)
    if document.get("version") != _VERSION:
        raise InvalidInput(
            "signature file",
            "version",
            document.get("version"),
            "is not a version we read (1)",
            where,
        )
    file = _object(document, "file", where)
    digest = _object(file, "digest", where, "file.")
    if digest.get("algorithm") != DIGEST_ALGORITHM:
        raise InvalidInput(
            "signature file",
            "file.digest.algorithm",
            digest.get("algorithm"),
            "is not an algorithm we know",
            where,
        )
    sha512 = digest.get("value")
    if not isinstance(sha512, str) or len(sha512) != 128 or not _is_hex(sha512):
        raise _malformed("file.digest.value", "is not a SHA-512 digest in hex", where)
    size = file.get("size")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise _malformed("file.size", "is not a byte count", where)
    signer = document.get("signer")
    fingerprint = document.get("key_fingerprint")
    if not isinstance(signer, str) or not signer:
        raise _malformed("signer", "is missing", where)
    if not isinstance(fingerprint, str) or len(fingerprint) != 64 or not _is_hex(fingerprint):
        raise _malformed("key_fingerprint", "is not a SHA-256 fingerprint in hex", where)
    signed_at = _parse_timestamp(document.get("signed_at"), where)
    return SignatureDocument(
        signer=signer,
        fingerprint=fingerprint,
        signed_at=signed_at,
        digest=FileDigest(size, sha512.lower()),
        signatures=_signatures(document.get("signatures"), where),
    )


def check_signature(
    file: Path, signature_path: Path, document: SignatureDocument, key: PublicKey
) -> VerifiedSignature:
    """Check both parts of the signature under ``key``, that they name the signer ``key`` is
    known by, then the file against the digest they sign; the first failure raises
    InvalidInput naming what failed."""
    where = str(signature_path)
    if key.fingerprint != document.fingerprint:
        raise InvalidInput(
            "signature", "key_fingerprint", None, "names a different key than the one given", where
        )
    statement = document.statement()
    for algorithm in HYBRID:
        if not verify_part(key, algorithm.name, document.signatures[algorithm.name], statement):
            raise InvalidInput(
                "signature",
                algorithm.name,
                None,
                f"does not verify under key {key.fingerprint[:16]}… ({key.name}): the "
                "signature file was altered or made with another key",
                where,
            )
    # The fingerprint covers the public keys, not the name: the holder of a trusted key can
    # make a valid signature under any name. The signer named to the user is the name the key
    # carries where it was imported and trusted, and a signature claiming another is refused.
    if document.signer != key.name:
        raise InvalidInput(
            "signature",
            "signer",
            document.signer,
            f"is not the name of key {key.fingerprint[:16]}… ({key.name!r}) that made it",
            where,
        )
    actual = digest_file(file)
    if actual.size != document.digest.size:
        raise InvalidInput(
            "file",
            "size",
            actual.size,
            f"bytes differs from the {document.digest.size} bytes signed: the file is "
            f"{'truncated' if actual.size < document.digest.size else 'extended'}",
            str(file),
        )
    if actual.sha512 != document.digest.sha512:
        raise InvalidInput(
            "file",
            "content",
            None,
            f"has changed since it was signed ({DIGEST_ALGORITHM} differs)",
            str(file),
        )
    return VerifiedSignature(
        signer=key.name,
        fingerprint=document.fingerprint,
        signed_at=document.signed_at,
        digest_algorithm=DIGEST_ALGORITHM,
        digest=document.digest.sha512,
        size=document.digest.size,
    )


def _signatures(parts: object, where: str) -> dict[str, bytes]:
    if not isinstance(parts, list):
        raise _malformed("signatures", "is not a list", where)
    found: dict[str, bytes] = {}
    for index, part in enumerate(parts):
        field = f"signatures[{index}]"
        if not isinstance(part, dict):
            raise _malformed(field, "is not an object", where)
        algorithm = algorithm_named(str(part.get("algorithm")))
        if algorithm is None or part.get("oid") != algorithm.oid:
            raise InvalidInput(
                "signature file",
                f"{field}.algorithm",
                f"{part.get('algorithm')} ({part.get('oid')})",
                "is not an algorithm identifier we know (ML-DSA-65 2.16.840.1.101.3.4.3.18, "
                "Ed25519 1.3.101.112)",
                where,
            )
        if algorithm.name in found:
            raise _malformed(field, f"repeats the {algorithm.name} part", where)
        value = part.get("value")
        try:
            if not isinstance(value, str):
                raise ValueError
            signature = base64.b64decode(value, validate=True)
        except (ValueError, binascii.Error):
            raise _malformed(f"{field}.value", "is not base64", where) from None
        if len(signature) != algorithm.signature_bytes:
            raise _malformed(
                f"{field}.value",
                f"is not an {algorithm.name} signature ({algorithm.signature_bytes} bytes)",
                where,
            )
        found[algorithm.name] = signature
    for algorithm in HYBRID:
        if algorithm.name not in found:
            raise InvalidInput(
                "signature file",
                "signatures",
                None,
                f"lacks its {algorithm.name} part: a hybrid signature is valid only with both "
                f"{' and '.join(a.name for a in HYBRID)}",
                where,
            )
    return found


def _object(document: dict[str, Any], name: str, where: str, prefix: str = "") -> dict[str, Any]:
    value = document.get(name)
    if not isinstance(value, dict):
        raise _malformed(f"{prefix}{name}", "is missing or not an object", where)
    return value


def _parse_timestamp(value: object, where: str) -> datetime:
    try:
        if not isinstance(value, str):
            raise ValueError
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise _malformed("signed_at", "is not an ISO 8601 time", where) from None
    if parsed.tzinfo is None:
        raise _malformed("signed_at", "has no time zone", where)
    return parsed.astimezone(UTC)


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _is_hex(text: str) -> bool:
    return all(character in "0123456789abcdefABCDEF" for character in text)


def _malformed(field: str, reason: str, where: str) -> InvalidInput:
    return InvalidInput("signature file", field, None, reason, where)
