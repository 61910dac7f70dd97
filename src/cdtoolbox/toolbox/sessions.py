"""Sign-in sessions of the pages, kept by the server so that they can end before they expire.

Signing in and signing out are recorded in the audit trail (failed attempts are counted by
the sign-in brake instead, which an attacker's guesses would otherwise flood).

A session starts when a password is checked and is named by a random secret that only the
browser holds (in its signed cookie); the store keeps a digest of it. Every request looks the
session up, so a session ends for good, on every server process at once, when:

- its user signs out (that session only);
- it is ``SESSION_LIFETIME`` old;
- its account's password, role, clearance or Member State changes, or the account is
  disabled (every session of the account: ``UserService`` ends them in the same transaction).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from cdtoolbox.errors import NotAuthenticated
from cdtoolbox.model.access import SignInSession, User
from cdtoolbox.model.ports import Clock
from cdtoolbox.store import Database
from cdtoolbox.toolbox.access import credential_holder
from cdtoolbox.toolbox.audit import AuditService
from cdtoolbox.toolbox.passwords import secret_digest

__all__ = ["SESSION_LIFETIME", "SessionService"]

SESSION_LIFETIME = timedelta(hours=8)  # a working day


class SessionService:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        audit: AuditService,
        lifetime: timedelta = SESSION_LIFETIME,
    ) -> None:
        self._database = database
        self._clock = clock
        self._audit = audit
        self._lifetime = lifetime

    def start(self, *, by: User, replacing: str | None = None) -> str:
        """A new session for ``by``, whose password was just checked; its secret is
        returned here only. ``replacing`` is the secret of the browser's previous session,
        which ends: one browser holds one session."""
        now = self._clock.now()
        secret = secrets.token_urlsafe(32)
        session = SignInSession(
            username=by.username, started_at=now, expires_at=now + self._lifetime
        )
        with self._database.transaction() as store:
            if not store.accounts.get(by.username).active:
                raise NotAuthenticated()  # disabled since the password was checked
            if replacing is not None:
                store.sessions.end(secret_digest(replacing), now)
            # Sessions that can never be resumed again are deleted as their owner signs in,
            # so the table holds about one row per device in use.
            store.sessions.forget_unusable(by.username, now)
            store.sessions.add(session, secret_digest(secret))
            self._audit.record(
                store,
                by=by,
                action="session.start",
                entity="user",
                key=by.username,
                before=None,
                after={"expires_at": session.expires_at.isoformat()},
            )
        return secret

    def user_of(self, secret: str) -> User:
        """The account of a session still open; NotAuthenticated otherwise."""
        now = self._clock.now()
        with self._database.read() as store:
            session = store.sessions.get(secret_digest(secret))
            if session is None or not session.usable_at(now):
                raise NotAuthenticated()
            return credential_holder(store, session.username)

    def end(self, secret: str) -> None:
        """Sign out: the session can no longer be resumed, whoever holds its cookie."""
        now = self._clock.now()
        digest = secret_digest(secret)
        with self._database.transaction() as store:
            session = store.sessions.get(digest)
            if session is None or not session.usable_at(now):
                return  # already over: nothing to end, nothing to record
            store.sessions.end(digest, now)
            self._audit.record(
                store,
                by=store.accounts.get(session.username),
                action="session.end",
                entity="user",
                key=session.username,
                before=None,
                after=None,
            )
