"""Who is asking: a signed-in user, a caller with credentials, or the anonymous visitor.

- Pages read the session cookie (``sessions``); signing in and out go through ``sign_in``
  and ``sign_out``, which start and end the library's sign-in session.
- The JSON API reads ``Authorization``: ``Bearer cdt_…`` (an API token) or HTTP ``Basic``
  (username and password). It never trusts the session cookie for a write, so it needs no
  CSRF token; a ``GET`` without credentials from a signed-in browser reads as that user.
  An ``Authorization`` header sent to a page is checked and used there too.
- Without either, the caller is ``ANONYMOUS``: a viewer cleared for TLP:GREEN, who reads but
  never writes. Anything that writes asks for ``SignedInDep`` and answers 401 to anonymous
  callers; what a signed-in user may do is then the library's decision (403).
- Wrong credentials are never taken for none: a wrong token or password on any route, and a
  session cookie this server did not sign, answer 401 (a page read, a redirect to sign in).

Every failed password, on the sign-in page or in a Basic header, counts towards the
Toolbox's sign-in brake (``toolbox.sign_in_brake``) for that username and address, which every
server process shares through the store.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from cdtoolbox.errors import NotAuthenticated
from cdtoolbox.interfaces.http.request_context import toolbox_of
from cdtoolbox.interfaces.http.sessions import Session
from cdtoolbox.model.access import Role, User
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox import Toolbox

__all__ = [
    "ANONYMOUS",
    "ANONYMOUS_CLEARANCE",
    "AUTHENTICATE_CHALLENGE",
    "SIGN_IN_PATH",
    "AuthenticateFirst",
    "Credentials",
    "ReaderDep",
    "SignedInDep",
    "acting_user",
    "caller",
    "credentials_checked",
    "is_anonymous",
    "read_authorization",
    "require_account",
    "session_of",
    "sign_in",
    "sign_out",
    "signed_in_user",
    "user_from_credentials",
    "viewer_of",
]

ANONYMOUS_CLEARANCE = Tlp.GREEN
ANONYMOUS = User(
    username="anonymous",
    display_name="Anonymous visitor",
    role=Role.VIEWER,
    clearance=ANONYMOUS_CLEARANCE,
)
AUTHENTICATE_CHALLENGE = 'Bearer realm="cdtoolbox", Basic realm="cdtoolbox", charset="UTF-8"'

_API_PREFIX = "/api/"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_TOKEN_SCHEMES = frozenset({"bearer", "token"})  # "Token" is what some TAXII clients send


@dataclass(frozen=True)
class Credentials:
    """What an ``Authorization`` header carries: a token, or a username and password."""

    token: str | None = None
    username: str | None = None
    password: str | None = None


def read_authorization(header: str) -> Credentials:
    """Parse ``Bearer <token>`` or ``Basic <base64(username:password)>``."""
    scheme, _, value = header.strip().partition(" ")
    value = value.strip()
    if scheme.lower() in _TOKEN_SCHEMES and value:
        return Credentials(token=value)
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise NotAuthenticated("the Basic credentials are not valid base64 text") from None
        username, separator, password = decoded.partition(":")
        if not separator or not username:
            raise NotAuthenticated("the Basic credentials are not in the form username:password")
        return Credentials(username=username, password=password)
    raise NotAuthenticated(f"the {scheme!r} scheme is not supported; use Bearer or Basic")


def is_anonymous(user: User) -> bool:
    return user is ANONYMOUS


def session_of(request: Request) -> Session:
    session = getattr(request.state, "session", None)
    if not isinstance(session, Session):  # an application built without the middleware
        session = Session()
        request.state.session = session
    return session


def viewer_of(request: Request) -> User:
    """The signed-in user of the browser session, else ``ANONYMOUS`` (looked up once)."""
    cached = getattr(request.state, "viewer", None)
    if isinstance(cached, User):
        return cached
    session = session_of(request)
    user = ANONYMOUS
    if session.rejected:
        # Answered once: the error page rendered next reads as the anonymous visitor.
        session.rejected = False
        request.state.viewer = ANONYMOUS
        raise NotAuthenticated(
            "the session cookie was not signed by this server (altered, or from before a key "
            "change): sign in again"
        )
    if session.key is not None:
        try:
            user = toolbox_of(request).sessions.user_of(session.key)
        except NotAuthenticated:  # signed out, expired, or ended by an account change
            session.sign_out()
    request.state.viewer = user
    return user


def acting_user(request: Request) -> User:
    """The caller of a page or an API operation (see the module's description)."""
    cached = getattr(request.state, "acting_user", None)
    if isinstance(cached, User):
        return cached
    header = request.headers.get("authorization")
    on_api = request.url.path.startswith(_API_PREFIX)
    if header:  # wherever they are sent, credentials are checked, never ignored
        user = user_from_credentials(request, read_authorization(header))
        if not on_api:  # the page is then shown as theirs, its header included
            request.state.viewer = user
    elif on_api and request.method not in _SAFE_METHODS:
        user = ANONYMOUS
    else:
        user = viewer_of(request)
    request.state.acting_user = user
    return user


SIGN_IN_PATH = "/login"


async def caller(request: Request) -> User:
    """``acting_user`` as a dependency: resolved on the event loop when no credentials and no
    session are to be looked up, otherwise in one worker thread.

    Requests that touch the store queue for a few worker threads (``server``); each
    dependency that is a plain function would queue once more behind every request waiting,
    so a request's own steps are kept to as few such waits as the store needs."""
    cached = getattr(request.state, "acting_user", None)
    if isinstance(cached, User):
        return cached
    if not request.headers.get("authorization"):
        session = session_of(request)
        if session.key is None and not session.rejected:
            return acting_user(request)  # the anonymous visitor: nothing to read
    return await run_in_threadpool(acting_user, request)


async def credentials_checked(request: Request) -> None:
    """Credentials sent with a request are checked wherever they are sent, so that wrong ones
    are refused (401) on routes anonymous visitors may read as well, never quietly read as
    anonymous. Routers take it as a dependency of every route. The sign-in page is left out:
    a stale header or cookie must not lock a browser out of signing in again."""
    if request.url.path != SIGN_IN_PATH:
        await caller(request)


def require_account(user: User) -> User:
    """``user``, unless it is the anonymous visitor (NotAuthenticated)."""
    if is_anonymous(user):
        raise NotAuthenticated("this needs an account")
    return user


async def signed_in_user(user: Annotated[User, Depends(caller)]) -> User:
    return require_account(user)


class AuthenticateFirst(APIRoute):
    """A route whose operation needs an account checks the caller before its body is read.

    FastAPI reads and parses a request's body before it resolves the dependencies, so
    ``SignedInDep`` alone would take in a whole anonymous upload before answering 401. The
    route's own dependencies say whether it needs an account; the result is kept on the
    request, so the dependency then finds it without asking the store again.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if not _depends_on(self.dependant, signed_in_user):
            return handler

        async def authenticated_handler(request: Request) -> Response:
            # Checking a password runs scrypt: ``caller`` keeps it off the event loop.
            require_account(await caller(request))
            return await handler(request)

        return authenticated_handler


def _depends_on(dependant: Dependant, call: Callable[..., object]) -> bool:
    return any(sub.call is call or _depends_on(sub, call) for sub in dependant.dependencies)


ReaderDep = Annotated[User, Depends(caller)]
"""The caller, possibly ``ANONYMOUS``: for operations that only read."""

SignedInDep = Annotated[User, Depends(signed_in_user)]
"""The caller, who must be signed in (401 otherwise): for operations that write."""


def sign_in(request: Request, username: str, password: str) -> User:
    """Check the password (throttled) and start the browser session on success."""
    toolbox = toolbox_of(request)
    user = _password_user(request, toolbox, username, password)
    session = session_of(request)
    key = toolbox.sessions.start(by=user, replacing=session.key)
    session.sign_in(key, toolbox.clock.now().timestamp())
    request.state.viewer = user
    return user


def sign_out(request: Request) -> None:
    """End the browser's session on the server, so that no copy of its cookie resumes it."""
    session = session_of(request)
    if session.key is not None:
        toolbox_of(request).sessions.end(session.key)
    session.sign_out()
    request.state.viewer = ANONYMOUS


def user_from_credentials(request: Request, credentials: Credentials) -> User:
    """The account the credentials belong to (a failed password counts towards the brake);
    NotAuthenticated or SignInThrottled otherwise."""
    toolbox = toolbox_of(request)
    if credentials.token is not None:
        return toolbox.users.authenticate_token(credentials.token)
    return _password_user(request, toolbox, credentials.username or "", credentials.password or "")


def _password_user(request: Request, toolbox: Toolbox, username: str, password: str) -> User:
    throttle = toolbox.sign_in_brake
    address = request.client.host if request.client else "unknown"
    throttle.check(username, address)
    try:
        user = toolbox.users.authenticate(username.strip().lower(), password)
    except NotAuthenticated:
        throttle.failed(username, address)
        raise
    throttle.succeeded(username, address)
    return user
