"""Signing what we export and verifying what partners send: hybrid keys (ML-DSA-65 with
Ed25519), detached signature files, and the keyring of partners' public keys.

Private keys live in files encrypted under a passphrase, never in the store; the keyring
holds public keys only, and every change to the trust placed in one is an audited write.
A signature verifies only under a key in the keyring that someone trusted and nobody revoked.
"""

from __future__ import annotations

import string
from pathlib import Path

from cdtoolbox.errors import InvalidInput, InvalidTransition, NotFound
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.ports import Clock
from cdtoolbox.model.signing import KeyringEntry, KeyStatus, PublicKey, VerifiedSignature
from cdtoolbox.signing import (
    SIGNATURE_SUFFIX,
    SigningKey,
    check_signature,
    digest_bytes,
    read_private_key,
    read_public_key,
    read_signature,
    sign_digest,
    sign_file,
    write_private_key,
    write_signature,
)
from cdtoolbox.store import Database, Repositories
from cdtoolbox.toolbox.access import require
from cdtoolbox.toolbox.audit import AuditService

__all__ = ["MIN_FINGERPRINT_PREFIX", "SignatureService"]

# Enough hex digits that a typed prefix is not found by chance among a keyring's keys.
MIN_FINGERPRINT_PREFIX = 8
_MAX_KEY_NAME = 200


class SignatureService:
    def __init__(self, database: Database, clock: Clock, audit: AuditService) -> None:
        self._database = database
        self._clock = clock
        self._audit = audit

    def generate(self, name: str, path: Path, passphrase: str) -> PublicKey:
        """Make a new hybrid key named ``name`` (who signs: "EEAS SG.CYBER", a person) and
        write it to ``path``, encrypted under ``passphrase``; returns its public half."""
        name = name.strip()
        if not name or len(name) > _MAX_KEY_NAME or not name.isprintable():
            raise InvalidInput(
                "key", "name", name or None, f"must be 1 to {_MAX_KEY_NAME} printable characters"
            )
        key = SigningKey.generate(name)
        write_private_key(path, key, passphrase)
        return key.public_key

    def open_key(self, path: Path, passphrase: str) -> SigningKey:
        """The private key in ``path``: opened before an export starts, so that a wrong
        passphrase stops the command before it writes anything."""
        return read_private_key(path, passphrase)

    def public_key(self, path: Path) -> PublicKey:
        """The public key in a public key file, or the public half of a private key file."""
        return read_public_key(path)

    def sign(self, file: Path, key: SigningKey) -> Path:
        """Sign ``file`` and write the detached signature beside it as FILE.sig."""
        signature = file.with_name(file.name + SIGNATURE_SUFFIX)
        write_signature(signature, sign_file(file, key, self._clock.now()))
        return signature

    def sign_bytes(self, data: bytes, key: SigningKey) -> bytes:
        """The detached signature of ``data`` (a response body), exactly as the signature file
        of a file holding ``data`` would read: ``cdt verify`` checks either."""
        return sign_digest(digest_bytes(data), key, self._clock.now()).encode()

    def verify(self, file: Path, signature: Path, *, by: User) -> VerifiedSignature:
        """Check ``file`` against its detached ``signature``: both parts must verify under a
        trusted key of the keyring. Raises InvalidInput naming the file and the reason."""
        require(by, Permission.READ)
        document = read_signature(signature)
        with self._database.read() as store:
            entry = store.keyring.get(document.fingerprint)
        where = str(signature)
        if entry is None:
            raise InvalidInput(
                "signature",
                "key_fingerprint",
                document.fingerprint,
                f"(signer {document.signer!r}) is not in the keyring: import and trust the "
                "signer's public key first",
                where,
            )
        if entry.status is not KeyStatus.TRUSTED:
            reason = (
                "was revoked: nothing it signed is accepted any more"
                if entry.status is KeyStatus.REVOKED
                else "is in the keyring but not trusted (cdt keys trust)"
            )
            raise InvalidInput(
                "signature",
                "key_fingerprint",
                document.fingerprint,
                f"(key {entry.key.name!r}) {reason}",
                where,
            )
        return check_signature(file, signature, document, entry.key)

    def import_key(self, path: Path, *, by: User) -> KeyringEntry:
        """Add the public key in ``path`` to the keyring, untrusted. Importing a key already
        there changes nothing (a revoked key stays revoked)."""
        require(by, Permission.MANAGE_KEYS)
        key = read_public_key(path)
        with self._database.transaction() as store:
            present = store.keyring.get(key.fingerprint)
            if present is not None:
                return present
            entry = store.keyring.add(key, KeyStatus.IMPORTED, self._clock.now())
            self._record(store, by, "key.import", entry, before=None)
            return entry

    def list(self, *, by: User) -> list[KeyringEntry]:
        require(by, Permission.READ)
        with self._database.read() as store:
            return store.keyring.all()

    def get(self, fingerprint: str, *, by: User) -> KeyringEntry:
        """The key whose fingerprint is, or begins with, ``fingerprint``."""
        require(by, Permission.READ)
        with self._database.read() as store:
            return _one(store, fingerprint)

    def trust(self, fingerprint: str, *, by: User) -> KeyringEntry:
        """Accept signatures made with this key from now on."""
        return self._set_status(fingerprint, KeyStatus.TRUSTED, by)

    def revoke(self, fingerprint: str, *, by: User) -> KeyringEntry:
        """Refuse every signature made with this key, past and future; for good."""
        return self._set_status(fingerprint, KeyStatus.REVOKED, by)

    def _set_status(self, fingerprint: str, status: KeyStatus, by: User) -> KeyringEntry:
        require(by, Permission.MANAGE_KEYS)
        with self._database.transaction() as store:
            entry = _one(store, fingerprint)
            if entry.status is status:
                return entry
            if entry.status is KeyStatus.REVOKED:
                raise InvalidTransition(
                    "key",
                    entry.fingerprint,
                    "revoked",
                    "trust it",
                    "a revoked key stays revoked; import the holder's new key instead",
                )
            now = self._clock.now()
            store.keyring.set_status(entry.fingerprint, status, now)
            changed = KeyringEntry(entry.key, status, entry.added_at, now)
            self._record(store, by, f"key.{_VERBS[status]}", changed, before=entry)
            return changed

    def _record(
        self,
        store: Repositories,
        by: User,
        action: str,
        entry: KeyringEntry,
        *,
        before: KeyringEntry | None,
    ) -> None:
        self._audit.record(
            store,
            by=by,
            action=action,
            entity="signing key",
            key=entry.fingerprint,
            before=_audited(before) if before else None,
            after=_audited(entry),
        )


_VERBS = {KeyStatus.TRUSTED: "trust", KeyStatus.REVOKED: "revoke"}


def _audited(entry: KeyringEntry) -> dict[str, object]:
    return {"name": entry.key.name, "status": entry.status.value}


def _one(store: Repositories, fingerprint: str) -> KeyringEntry:
    prefix = fingerprint.strip().lower()
    if len(prefix) < MIN_FINGERPRINT_PREFIX or not set(prefix) <= set(string.hexdigits):
        raise InvalidInput(
            "key",
            "fingerprint",
            fingerprint,
            f"is not a fingerprint or its first {MIN_FINGERPRINT_PREFIX} or more hex digits",
        )
    found = store.keyring.matching(prefix)
    if not found:
        raise NotFound("signing key", fingerprint, "see `cdt keys list`")
    if len(found) > 1:
        raise InvalidInput(
            "key", "fingerprint", fingerprint, f"matches {len(found)} keys: give more digits"
        )
    return found[0]
