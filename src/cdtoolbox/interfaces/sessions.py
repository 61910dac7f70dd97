"""Browser sessions: who is signed in, the form token, and a one-time notice — in one signed
cookie, read before each request and written back after it when something changed.

The cookie is ``HttpOnly`` (scripts cannot read it), ``SameSite=Lax`` (other sites' forms do
not carry it) and ``Secure`` when the page was served over https. A session lasts
``SESSION_LIFETIME`` from sign-in, then the user signs in again; changing an account (its
password, role or clearance, or disabling it) raises its version and so ends its sessions.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from http.cookies import CookieError, SimpleCookie

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cdtoolbox.interfaces.session_cookie import sign_session, unsign_session
from cdtoolbox.model.access import User

__all__ = ["SESSION_COOKIE", "SESSION_LIFETIME", "Session", "SessionMiddleware"]

SESSION_COOKIE = "cdt_session"
SESSION_LIFETIME = timedelta(hours=8)  # a working day


@dataclass
class Session:
    """What the cookie holds. ``changed`` asks the middleware to write it back."""

    username: str | None = None
    user_version: int | None = None
    csrf: str | None = None
    issued_at: float | None = None
    notice: str | None = None
    changed: bool = False

    @property
    def is_empty(self) -> bool:
        return self.username is None and self.csrf is None and self.notice is None

    def sign_in(self, user: User, now: float) -> None:
        # A new form token at sign-in: a token planted before it (session fixation) is void.
        self.username, self.user_version = user.username, user.version
        self.csrf, self.issued_at = secrets.token_urlsafe(32), now
        self.changed = True

    def sign_out(self) -> None:
        self.username = self.user_version = self.csrf = self.issued_at = None
        self.changed = True

    def csrf_token(self, now: float) -> str:
        if self.csrf is None:
            self.csrf, self.issued_at = secrets.token_urlsafe(32), now
            self.changed = True
        return self.csrf

    def leave_notice(self, text: str) -> None:
        self.notice, self.changed = text, True

    def take_notice(self) -> str | None:
        notice = self.notice
        if notice is not None:
            self.notice, self.changed = None, True
        return notice

    def to_payload(self) -> dict[str, object]:
        payload: dict[str, object] = {
            "u": self.username,
            "v": self.user_version,
            "c": self.csrf,
            "t": self.issued_at,
            "n": self.notice,
        }
        return {key: value for key, value in payload.items() if value is not None}

    @classmethod
    def from_payload(cls, payload: dict[str, object]) -> Session:
        username, version = payload.get("u"), payload.get("v")
        csrf, issued, notice = payload.get("c"), payload.get("t"), payload.get("n")
        return cls(
            username=username if isinstance(username, str) else None,
            user_version=version if isinstance(version, int) else None,
            csrf=csrf if isinstance(csrf, str) else None,
            issued_at=float(issued) if isinstance(issued, int | float) else None,
            notice=notice if isinstance(notice, str) else None,
        )


class SessionMiddleware:
    """Puts the request's ``Session`` in ``request.state.session``; signs it back if changed."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        secret_key: bytes,
        clock: Callable[[], float],
        lifetime: timedelta = SESSION_LIFETIME,
    ) -> None:
        self._app = app
        self._key = secret_key
        self._clock = clock
        self._lifetime = lifetime.total_seconds()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        session = self._read(scope)
        scope.setdefault("state", {})["session"] = session
        secure = scope.get("scheme") == "https"

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and session.changed:
                MutableHeaders(scope=message).append("set-cookie", self._cookie(session, secure))
            await send(message)

        await self._app(scope, receive, send_with_cookie)

    def _read(self, scope: Scope) -> Session:
        for name, value in scope.get("headers", ()):
            if name != b"cookie":
                continue
            cookie: SimpleCookie = SimpleCookie()
            try:
                cookie.load(value.decode("latin-1"))
            except CookieError:  # another application's malformed cookie
                continue
            morsel = cookie.get(SESSION_COOKIE)
            if morsel is None:
                continue
            payload = unsign_session(morsel.value, self._key)
            if payload is None:
                return Session(changed=True)  # tampered or from another key: drop it
            session = Session.from_payload(payload)
            if session.issued_at is None or self._clock() - session.issued_at > self._lifetime:
                return Session(changed=True)  # expired
            return session
        return Session()

    def _cookie(self, session: Session, secure: bool) -> str:
        if session.is_empty:
            value, max_age = "", 0
        else:
            if session.issued_at is None:
                session.issued_at = self._clock()
            value = sign_session(session.to_payload(), self._key)
            max_age = max(0, int(session.issued_at + self._lifetime - self._clock()))
        flags = f"Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax"
        return f"{SESSION_COOKIE}={value}; {flags}{'; Secure' if secure else ''}"
