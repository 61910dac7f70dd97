"""Bounds on request bodies: how many bytes, and how long they may take to arrive.

``RequestBodyLimits`` wraps the ASGI ``receive`` of every request. A body declared larger
than its route's limit is refused at the first read, before a byte of it is taken in; one
that streams past the limit (chunked, or lying about its length) is refused as soon as it
does; one still arriving when its time is up is refused too. The refusals are raised inside
the application, where its error handlers answer them in the shape of the route (a problem
for the API, the error page, a TAXII error message). A route that never reads its body never
pays for it, and routes that need an account authenticate before reading (see
``authentication.AuthenticateFirst``), so an anonymous upload costs nothing but its headers.

The exceptions are ``HTTPException`` subclasses because FastAPI turns any other exception
raised while it reads a body into a 400 "error parsing the body".
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from typing import Final

import anyio
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodyTooLarge", "BodyTooSlow", "LargerBody", "RequestBodyLimits"]

LargerBody = tuple[str, str, int]
"""A route that takes a larger body than the others: method, path prefix, limit."""

_BODY_TOO_LARGE: Final = 413
_BODY_TOO_SLOW: Final = 408


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(
            _BODY_TOO_LARGE,
            f"the request body is larger than {limit:,} bytes, the most this address takes",
        )


class BodyTooSlow(HTTPException):
    def __init__(self, seconds: float) -> None:
        super().__init__(
            _BODY_TOO_SLOW,
            f"the request body did not arrive within {math.ceil(seconds)} seconds",
            headers={"Connection": "close"},
        )


class RequestBodyLimits:
    """ASGI middleware: at most ``max_bytes`` of body per request (``larger`` routes excepted),
    received within ``seconds`` (None: no time limit) of the application first asking."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_bytes: int,
        larger: Sequence[LargerBody] = (),
        seconds: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._app = app
        self._max_bytes = max_bytes
        self._larger = tuple(larger)
        self._seconds = seconds
        self._clock = clock

    def limit_for(self, method: str, path: str) -> int:
        for route_method, prefix, limit in self._larger:
            if method == route_method and path.startswith(prefix):
                return limit
        return self._max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        limit = self.limit_for(scope["method"], scope["path"])
        declared = _content_length(scope)
        seconds = self._seconds
        deadline: float | None = None
        received = 0
        complete = False

        async def bounded_receive() -> Message:
            nonlocal deadline, received, complete
            if complete:  # only http.disconnect is left to wait for: no limit applies
                return await receive()
            if declared is not None and declared > limit:
                raise BodyTooLarge(limit)
            if seconds is not None:
                deadline = deadline if deadline is not None else self._clock() + seconds
                with anyio.move_on_after(max(0.0, deadline - self._clock())):
                    message = await receive()
                    return _counted(message)
                raise BodyTooSlow(seconds)
            return _counted(await receive())

        def _counted(message: Message) -> Message:
            nonlocal received, complete
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
                complete = not message.get("more_body", False)
            else:
                complete = True
            return message

        await self._app(scope, bounded_receive, send)


def _content_length(scope: Scope) -> int | None:
    value = Headers(scope=scope).get("content-length", "")
    return int(value) if value.isascii() and value.isdigit() else None
