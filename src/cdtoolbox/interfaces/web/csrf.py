"""Protection of every form that changes something against cross-site request forgery.

Each browser session has a random token; every page form that posts carries it in a hidden
field (``csrf_field``), and every POST to a page is refused unless it comes back. A page of
another site can make the browser post, but cannot read the token to put in it. Scripts may
send the token in the ``X-CSRF-Token`` header instead.
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator

from fastapi import Request
from markupsafe import Markup, escape

from cdtoolbox.errors import Forbidden
from cdtoolbox.interfaces.http.authentication import session_of
from cdtoolbox.interfaces.http.request_context import toolbox_of

__all__ = ["CSRF_FIELD", "CSRF_HEADER", "check_csrf", "csrf_field", "csrf_token"]

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def csrf_token(request: Request) -> str:
    """The session's form token, created on first use."""
    return session_of(request).csrf_token(toolbox_of(request).clock.now().timestamp())


def csrf_field(request: Request) -> Markup:
    """The hidden form field that carries the token."""
    token = escape(csrf_token(request))
    return Markup(f'<input type="hidden" name="{CSRF_FIELD}" value="{token}">')


async def check_csrf(request: Request) -> AsyncIterator[None]:
    """A dependency of every page route: refuses a POST without the session's token.

    The form it reads stays on the request for the route; its uploaded files are closed
    when the response is done, whether the route ran or not."""
    if request.method in _SAFE_METHODS:
        yield
        return
    expected = session_of(request).csrf
    if not expected:  # no token can match: refuse before reading the body
        raise _out_of_date()
    # Starlette keeps the parsed form on the request, so the route reads it again freely.
    form = await request.form()
    try:
        given = request.headers.get(CSRF_HEADER)
        if given is None:
            value = form.get(CSRF_FIELD)
            given = value if isinstance(value, str) else None
        if not given or not hmac.compare_digest(expected, given):
            raise _out_of_date()
        yield
    finally:
        await form.close()


def _out_of_date() -> Forbidden:
    return Forbidden(
        "submit this form",
        "its security token is missing or out of date (the page may have been opened "
        "before you signed in or out); reload the page and submit it again",
    )
