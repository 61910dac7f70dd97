"""One cache of the values the services derive from stored records: the actor name indexes,
the assessment engine, the precedent indexes, the dashboard counts.

Each view of the cache names the kinds of record its values derive from; a value is kept
until the store's revision counters of those kinds move (a write by any process), and is
then built again on its next use. No service clears another's cache after a write: the
write itself moves the counter.

A view that may lag (a server's) rebuilds a value grown older than its bound in a thread of
its own while the older value is still served: under steady writes the bound passes every
few seconds, and the request that found it passed would otherwise wait for the rebuild (a
second for the precedent index of 10,000 incidents), with every request queued behind it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from cdtoolbox.store import Database, RecordKind

__all__ = ["Derived", "DerivedCache", "DerivedView"]

_log = logging.getLogger(__name__)

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@dataclass(frozen=True)
class Derived(Generic[V]):
    """A cached value and whether it is current: False when the records it derives from have
    changed since it was built, and it is served within its view's staleness bound."""

    value: V
    current: bool


@dataclass(frozen=True)
class _Entry(Generic[V]):
    value: V
    revision: tuple[int, ...]
    built_at: float  # time.monotonic()


class DerivedCache:
    """The Toolbox's one cache; services hold views of it (``view``)."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def view(
        self,
        *,
        derives_from: Iterable[RecordKind],
        max_staleness: float = 0.0,
        max_entries: int | None = None,
        exact_for: Iterable[RecordKind] = (),
    ) -> DerivedView[K, V]:
        """A view of values derived from the records of ``derives_from``.

        ``max_staleness`` (seconds) lets a value outlive a change of its records for that long
        (served as not ``current``), so that a server under steady writes does not rebuild on
        every write; past it, the value is rebuilt in the background and served until the new
        one is ready (one rebuild at a time per key). 0 keeps every value exact. A change of
        the kinds of ``exact_for`` (rare, deliberate writes whose effect the writer expects to
        see at once) rebuilds the value whatever the bound. ``max_entries`` bounds how many
        keys are kept."""
        kinds = tuple(derives_from)
        exact = frozenset(position for position, kind in enumerate(kinds) if kind in exact_for)
        return DerivedView(self, kinds, max_staleness, max_entries, exact)

    def revision(self, kinds: tuple[RecordKind, ...]) -> tuple[int, ...]:
        with self._database.read() as store:
            return store.revisions.current(kinds)


class DerivedView(Generic[K, V]):
    """The values of one kind kept by a ``DerivedCache``, by key.

    A view holds no reference to what builds its values (the builder is an argument of
    ``get``): a service holding a view, and the Toolbox holding the service, then form no
    reference cycle, so a large value (the precedent index of every incident) is freed by
    reference counting when the Toolbox is dropped, not by a pass of the cycle collector."""

    def __init__(
        self,
        cache: DerivedCache,
        kinds: tuple[RecordKind, ...],
        max_staleness: float,
        max_entries: int | None,
        exact: frozenset[int] = frozenset(),
    ) -> None:
        self._cache = cache
        self._kinds = kinds
        self._exact = exact  # positions in ``kinds`` of the kinds no staleness applies to
        self._max_staleness = max_staleness
        self._max_entries = max_entries
        self._lock = threading.Lock()
        self._entries: dict[K, _Entry[V]] = {}
        self._rebuilding: set[K] = set()

    def get(self, key: K, build: Callable[[K], V]) -> Derived[V]:
        """The value for ``key``, built by ``build(key)`` when none is kept or the kept one
        is older than the records allow."""
        # The revision is read before building: a write that lands during the build leaves
        # the value at the older revision, to be built again on the next use.
        revision = self._cache.revision(self._kinds)
        with self._lock:
            entry = self._entries.get(key)
        if entry is not None:
            if entry.revision == revision:
                return Derived(entry.value, current=True)
            exact_moved = any(entry.revision[i] != revision[i] for i in self._exact)
            if not exact_moved and self._max_staleness > 0:
                if time.monotonic() - entry.built_at >= self._max_staleness:
                    self._rebuild_in_background(key, build)
                return Derived(entry.value, current=False)
        return Derived(self._build(key, build, revision), current=True)

    def _build(self, key: K, build: Callable[[K], V], revision: tuple[int, ...]) -> V:
        value = build(key)
        with self._lock:
            self._keep(key, _Entry(value, revision, time.monotonic()))
        return value

    def _rebuild_in_background(self, key: K, build: Callable[[K], V]) -> None:
        with self._lock:
            if key in self._rebuilding:
                return
            self._rebuilding.add(key)

        def rebuild() -> None:
            try:
                self._build(key, build, self._cache.revision(self._kinds))
            except Exception:  # the next use past the bound tries again
                _log.exception("rebuilding a derived value failed; the older one is served")
            finally:
                with self._lock:
                    self._rebuilding.discard(key)

        threading.Thread(target=rebuild, name="derived-view-rebuild", daemon=True).start()

    def value(self, key: K, build: Callable[[K], V]) -> V:
        """The value for ``key``, whether current or within the staleness bound."""
        return self.get(key, build).value

    def _keep(self, key: K, entry: _Entry[V]) -> None:
        if self._max_entries is not None and key not in self._entries:
            if len(self._entries) >= self._max_entries:
                # Values of older revisions go first; when every kept value is current, the
                # new one is served without being kept.
                for old in [k for k, e in self._entries.items() if e.revision != entry.revision]:
                    del self._entries[old]
            if len(self._entries) >= self._max_entries:
                return
        self._entries[key] = entry
