"""Partners' public signing keys, as seen by one transaction."""

from __future__ import annotations

import base64
from datetime import datetime

from sqlalchemy import Connection, RowMapping, insert, select, update

from cdtoolbox.model.signing import KeyringEntry, KeyStatus, PublicKey
from cdtoolbox.store.keyring_schema import signing_keys

__all__ = ["KeyringRepository"]


class KeyringRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add(self, key: PublicKey, status: KeyStatus, now: datetime) -> KeyringEntry:
        self._connection.execute(
            insert(signing_keys).values(
                fingerprint=key.fingerprint,
                name=key.name,
                ml_dsa_65=base64.b64encode(key.ml_dsa_65).decode("ascii"),
                ed25519=base64.b64encode(key.ed25519).decode("ascii"),
                status=status.value,
                added_at=now.isoformat(),
                updated_at=now.isoformat(),
            )
        )
        return KeyringEntry(key, status, now, now)

    def get(self, fingerprint: str) -> KeyringEntry | None:
        row = self._connection.execute(
            select(signing_keys).where(signing_keys.c.fingerprint == fingerprint)
        ).first()
        return _entry(row._mapping) if row else None

    def matching(self, prefix: str) -> list[KeyringEntry]:
        """The keys whose fingerprint starts with ``prefix`` (lower-case hex)."""
        rows = self._connection.execute(
            select(signing_keys)
            .where(signing_keys.c.fingerprint.startswith(prefix, autoescape=True))
            .order_by(signing_keys.c.fingerprint)
        )
        return [_entry(row._mapping) for row in rows]

    def all(self) -> list[KeyringEntry]:
        rows = self._connection.execute(
            select(signing_keys).order_by(signing_keys.c.name, signing_keys.c.fingerprint)
        )
        return [_entry(row._mapping) for row in rows]

    def set_status(self, fingerprint: str, status: KeyStatus, now: datetime) -> None:
        self._connection.execute(
            update(signing_keys)
            .where(signing_keys.c.fingerprint == fingerprint)
            .values(status=status.value, updated_at=now.isoformat())
        )


def _entry(row: RowMapping) -> KeyringEntry:
    return KeyringEntry(
        key=PublicKey(
            name=row["name"],
            ml_dsa_65=base64.b64decode(row["ml_dsa_65"]),
            ed25519=base64.b64decode(row["ed25519"]),
        ),
        status=KeyStatus(row["status"]),
        added_at=datetime.fromisoformat(row["added_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
    )
