"""Sign-in sessions in the store, each named by a digest of the secret its browser holds."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, RowMapping, delete, insert, select, update

from cdtoolbox.model.access import SignInSession
from cdtoolbox.store.governance_schema import sign_in_sessions

__all__ = ["SessionRepository"]


class SessionRepository:
    """Sign-in sessions as seen by one transaction."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add(self, session: SignInSession, digest: str) -> None:
        self._connection.execute(
            insert(sign_in_sessions).values(
                digest=digest,
                username=session.username,
                started_at=session.started_at.isoformat(),
                expires_at=session.expires_at.isoformat(),
                ended_at=None,
            )
        )

    def get(self, digest: str) -> SignInSession | None:
        row = self._connection.execute(
            select(sign_in_sessions).where(sign_in_sessions.c.digest == digest)
        ).first()
        return _session(row._mapping) if row else None

    def end(self, digest: str, now: datetime) -> bool:
        """End one session; False when it had already ended or never existed."""
        result = self._connection.execute(
            update(sign_in_sessions)
            .where(sign_in_sessions.c.digest == digest, sign_in_sessions.c.ended_at.is_(None))
            .values(ended_at=now.isoformat())
        )
        return result.rowcount == 1

    def end_all(self, username: str, now: datetime) -> int:
        """End every session of the account still open; how many there were."""
        result = self._connection.execute(
            update(sign_in_sessions)
            .where(sign_in_sessions.c.username == username, sign_in_sessions.c.ended_at.is_(None))
            .values(ended_at=now.isoformat())
        )
        return result.rowcount

    def forget_unusable(self, username: str, now: datetime) -> None:
        """Delete the account's ended and expired sessions, which nothing can resume."""
        rows = self._connection.execute(
            select(sign_in_sessions).where(sign_in_sessions.c.username == username)
        )
        # Compared as datetimes, not as ISO text: text order breaks on fractional seconds.
        stale = [row.digest for row in rows if not _session(row._mapping).usable_at(now)]
        if stale:
            self._connection.execute(
                delete(sign_in_sessions).where(sign_in_sessions.c.digest.in_(stale))
            )


def _session(row: RowMapping) -> SignInSession:
    ended = row["ended_at"]
    return SignInSession(
        username=row["username"],
        started_at=datetime.fromisoformat(row["started_at"]),
        expires_at=datetime.fromisoformat(row["expires_at"]),
        ended_at=datetime.fromisoformat(ended) if ended is not None else None,
    )
