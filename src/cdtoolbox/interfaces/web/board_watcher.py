"""The one watcher of a server process behind the situation board's open streams.

Clients never poll. While at least one stream is open, the watcher reads the board's revision
marker (``SituationService.revision``: two counters bumped in the writers' own transactions,
so a write committed by any process or host sharing the database moves it) every
``WATCH_INTERVAL_SECONDS``, and when it moved wakes every stream of this process. Each stream
then reads the board again for its own reader; streams whose readers would read the same
board (same account, same filters) share one read per change (``shared``). With no stream
open the watcher stops, and nothing is read.

The number of open streams is bounded (``MAX_STREAMS`` per process): one more is refused
(``StreamsFull``) rather than let a crowd of idle connections hold every worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Hashable
from typing import Any, TypeVar

import anyio.to_thread

__all__ = [
    "MAX_STREAMS",
    "WATCH_INTERVAL_SECONDS",
    "BoardWatcher",
    "StreamsFull",
    "Subscription",
]

#: How often an open board's marker is read: a write reaches the open boards after at most
#: this long plus one board read, well within the two seconds the board promises, for one
#: small read per process however many streams are open.
WATCH_INTERVAL_SECONDS = 0.5
#: Open streams per server process; uvicorn's own connection ceiling (200) stays above it so
#: the rest of the application is still answered when the boards are full.
MAX_STREAMS = 100

_log = logging.getLogger(__name__)
T = TypeVar("T")


class StreamsFull(Exception):
    """As many streams as the process serves are open already."""


class Subscription:
    """One open stream: woken when the marker moves from the one it last showed."""

    def __init__(self, seen: str | None) -> None:
        self.seen = seen
        self._woken = asyncio.Event()

    async def next_change(self) -> None:
        await self._woken.wait()
        self._woken.clear()

    def wake(self) -> None:
        self._woken.set()


class BoardWatcher:
    """Reads ``revision`` while streams are open and wakes those the change concerns."""

    def __init__(
        self,
        revision: Callable[[], str],
        *,
        interval: float = WATCH_INTERVAL_SECONDS,
        capacity: int = MAX_STREAMS,
    ) -> None:
        self._revision = revision
        self._interval = interval
        self._capacity = capacity
        self._streams: set[Subscription] = set()
        self._task: asyncio.Task[None] | None = None
        self._latest: str | None = None
        self._reads: dict[Hashable, asyncio.Task[Any]] = {}
        self._reads_at: str | None = None

    @property
    def open_streams(self) -> int:
        return len(self._streams)

    @property
    def capacity(self) -> int:
        return self._capacity

    @property
    def full(self) -> bool:
        return len(self._streams) >= self._capacity

    @property
    def latest(self) -> str | None:
        """The marker as last read; None before the first read."""
        return self._latest

    @contextlib.asynccontextmanager
    async def subscription(self, seen: str | None) -> AsyncIterator[Subscription]:
        """A stream's subscription for as long as it is open; ``seen`` is the marker of the
        board its client already shows (None: unknown, so it is woken at the first read).
        StreamsFull when ``capacity`` streams are open already."""
        if len(self._streams) >= self._capacity:
            raise StreamsFull(f"{self._capacity} situation streams are open already")
        subscription = Subscription(seen)
        self._streams.add(subscription)
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._watch())
        elif self._latest is not None and self._latest != seen:
            subscription.wake()
        try:
            yield subscription
        finally:
            self._streams.discard(subscription)

    async def shared(self, key: Hashable, read: Callable[[], T]) -> T:
        """``read()`` run in a worker thread once per ``key`` and marker: the streams woken by
        one change whose readers would read the same thing wait for one read."""
        if self._reads_at != self._latest:
            self._reads = {}
            self._reads_at = self._latest
        task = self._reads.get(key)
        if task is None:
            task = asyncio.get_running_loop().create_task(anyio.to_thread.run_sync(read))
            self._reads[key] = task
        # Shielded: a client leaving while it waits must not cancel the others' read.
        result: T = await asyncio.shield(task)
        return result

    async def _watch(self) -> None:
        while self._streams:
            try:
                marker = await anyio.to_thread.run_sync(self._revision)
            except Exception:
                # The database unreachable for a moment: the boards wait, the next read retries.
                _log.warning("the situation board's revision could not be read", exc_info=True)
            else:
                self._latest = marker
                for stream in self._streams:
                    if stream.seen != marker:
                        stream.wake()
            await asyncio.sleep(self._interval)
