"""The HTTP/1.1 protocol `cdt serve` speaks: uvicorn's h11 protocol with a deadline on headers.

uvicorn closes a connection that stays idle after a response (``timeout_keep_alive``), but not
one that was opened and never sent anything, nor one that sends its headers a byte at a
time: each such connection holds a socket and a slot of ``limit_concurrency`` forever. Here
a connection waiting for a request's headers is closed when they have not all arrived within
the deadline, counted from the connection (or from the first byte of a later request on it),
however the bytes trickle in. The time a body may take is bounded by the application
(``interfaces.http.request_limits``).
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["HeaderDeadlineProtocol", "with_header_deadline"]


class HeaderDeadlineProtocol(H11Protocol):
    header_seconds: float = 10.0

    _header_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._watch_headers()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch_headers()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_deadline()
        super().connection_lost(exc)

    def _watch_headers(self) -> None:
        # h11 is IDLE on this side until a request's headers are complete.
        waiting = self.conn.their_state is h11.IDLE and not self.transport.is_closing()
        if waiting and self._header_deadline is None:
            self._header_deadline = self.loop.call_later(self.header_seconds, self._headers_late)
        elif not waiting:
            self._cancel_header_deadline()

    def _cancel_header_deadline(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _headers_late(self) -> None:
        self._header_deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


_PREFIX = "HeaderDeadlineProtocol_"
_by_milliseconds: dict[int, type[HeaderDeadlineProtocol]] = {}


def with_header_deadline(seconds: float) -> type[HeaderDeadlineProtocol]:
    """The protocol class uvicorn instantiates per connection, with this deadline (kept to
    the millisecond).

    With several worker processes uvicorn pickles its configuration, this class included, to
    start each worker; a class pickles as its module and name, so each deadline's class has a
    name of its own that this module answers (``__getattr__``) in the worker too."""
    milliseconds = max(1, round(seconds * 1000))
    found = _by_milliseconds.get(milliseconds)
    if found is None:
        name = f"{_PREFIX}{milliseconds}"
        found = type(name, (HeaderDeadlineProtocol,), {"header_seconds": milliseconds / 1000})
        found.__qualname__ = name
        _by_milliseconds[milliseconds] = found
    return found


def __getattr__(name: str) -> type[HeaderDeadlineProtocol]:
    digits = name.removeprefix(_PREFIX)
    if name.startswith(_PREFIX) and digits.isascii() and digits.isdigit():
        return with_header_deadline(int(digits) / 1000)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
