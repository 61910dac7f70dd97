"""Browser sessions: who is signed in, the form token, and a one-time notice — in one signed
cookie, read before each request and written back after it when something changed.

The cookie is ``HttpOnly`` (scripts cannot read it), ``SameSite=Lax`` (other sites' forms do
not carry it) and ``Secure`` when the page was served over https. Who is signed in is not in
the cookie but in the library: the cookie holds the secret of a sign-in session that the
server keeps (``Toolbox.sessions``) and looks up on every request, so signing out, a change
to the account, or ``SESSION_LIFETIME`` passing ends it whatever copy of the cookie remains.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from http.cookies import CookieError, SimpleCookie

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cdtoolbox.interfaces.http.session_cookie import sign_session, unsign_session
from cdtoolbox.toolbox.sessions import SESSION_LIFETIME

__all__ = ["SESSION_COOKIE", "SESSION_LIFETIME", "Session", "SessionMiddleware"]

SESSION_COOKIE = "cdt_session"


@dataclass
class Session:
    """What the cookie holds. ``changed`` asks the middleware to write it back.

    ``key`` is the secret of the server's sign-in session, None for an anonymous visitor.
    """

    key: str | None = None
    csrf: str | None = None
    issued_at: float | None = None
    notice: str | None = None
    changed: bool = False
    # A cookie came that this installation did not sign (altered, or signed with another
    # key): the caller is told so (401) rather than quietly read as anonymous.
    rejected: bool = False

    @property
    def is_empty(self) -> bool:
        return self.key is None and self.csrf is None and self.notice is None

    def sign_in(self, key: str, now: float) -> None:
        # A new form token at sign-in: a token planted before it (session fixation) is void.
        self.key = key
        self.csrf, self.issued_at = secrets.token_urlsafe(32), now
        self.changed = True

    def sign_out(self) -> None:
        self.key = self.csrf = self.issued_at = None
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
            "k": self.key,
            "c": self.csrf,
            "t": self.issued_at,
            "n": self.notice,
        }
        return {name: value for name, value in payload.items() if value is not None}

    @classmethod
    def from_payload(cls, payload: dict[str, object]) -> Session:
        key, csrf = payload.get("k"), payload.get("c")
        issued, notice = payload.get("t"), payload.get("n")
        return cls(
            key=key if isinstance(key, str) else None,
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
                return Session(changed=True, rejected=True)  # and drop it
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
