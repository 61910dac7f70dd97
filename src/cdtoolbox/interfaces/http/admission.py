"""First come, first served: a server process works on a few requests at a time, in the order
they arrived.

A request's handling crosses into worker threads several times (credentials looked up, the
operation run, its answer checked against the response model), and each crossing waits for
one of the few threads the server keeps (``server``). Without an order between requests, a
request halfway through waits at each crossing behind every request that arrived since, so
under load the requests with more crossings (the API's) wait several times as long as the
others, and the slowest hundredth of answers takes seconds. Admitting at most ``limit``
requests at once, in order of arrival, lets each one admitted finish without queueing again.

A request is admitted once its body has arrived, never before: a client that sends its
body slowly must not hold a place others wait for. It leaves as soon as its answer starts,
so a long stream (server-sent events, a large export) holds no place either.

Several server processes share one listening socket, and whichever accepts a new connection
first keeps it for as long as the client keeps it alive: fifty clients connecting at once
were seen split 40 to 10 between two processes, one of them then answering four times as
slowly. With ``spread_connections``, a process asks clients to reconnect (``Connection:
close`` on an answer) at a rate that grows with the requests waiting in its queue, so that
a crowded process hands connections on and the split evens out within seconds.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = ["AdmissionQueue"]

# Waiting requests, summed over the answers given, between two requests to reconnect: with
# 20 waiting, one answer in 15 closes its connection; with 2, one in 150.
_SPREAD_AFTER_WAITING = 300

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[MutableMapping[str, Any], Receive, Send], Awaitable[None]]


class AdmissionQueue:
    """ASGI middleware: at most ``limit`` HTTP requests of this process in progress at once,
    admitted in the order they became ready (their body received)."""

    def __init__(self, app: App, limit: int, *, spread_connections: bool = False) -> None:
        if limit < 1:
            raise ValueError(f"limit must be at least 1, not {limit}")
        self.app = app
        self.limit = limit
        self.spread_connections = spread_connections
        self._places: asyncio.Semaphore | None = None  # made on the server's own event loop
        self._waiting = 0
        self._crowding = 0  # waiting requests summed over answers since the last reconnect

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._places is None:
            self._places = asyncio.Semaphore(self.limit)
        places = self._places
        admitted = False

        async def admit() -> None:
            nonlocal admitted
            if not admitted:
                self._waiting += 1
                try:
                    await places.acquire()
                finally:
                    self._waiting -= 1
                admitted = True

        def leave() -> None:
            nonlocal admitted
            if admitted:
                admitted = False
                places.release()

        async def receive_then_admit() -> Message:
            message = await receive()
            if message["type"] == "http.request" and not message.get("more_body", False):
                await admit()
            return message

        async def send_and_leave(message: Message) -> None:
            if message["type"] == "http.response.start":
                leave()
                if self.spread_connections and self._crowded():
                    headers = [*message.get("headers", ()), (b"connection", b"close")]
                    message = {**message, "headers": headers}
            await send(message)

        try:
            if _has_body(scope):
                await self.app(scope, receive_then_admit, send_and_leave)
            else:
                await admit()
                await self.app(scope, receive, send_and_leave)
        finally:
            leave()

    def _crowded(self) -> bool:
        """Whether this answer is to ask its client to reconnect (see the module)."""
        self._crowding += self._waiting
        if self._crowding < _SPREAD_AFTER_WAITING:
            return False
        self._crowding = 0
        return True


def _has_body(scope: MutableMapping[str, Any]) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"transfer-encoding":
            return True
        if name == b"content-length":
            return value.strip() not in (b"", b"0")
    return False
