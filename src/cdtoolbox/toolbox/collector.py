"""Pausing Python's cyclic garbage collector while a bulk import runs.

A STIX bundle decodes into millions of short-lived dicts and lists. Reference counting frees
them; the cyclic collector, triggered by the allocation count, meanwhile walks every young
object again and again and, now and then, the whole heap with the knowledge base in it: a
fifth of a 100,000-object import went to it. Imports create no reference cycles worth
collecting, so the collector is paused for their duration and resumed after, when the last of
several concurrent imports ends, and only if it was running before.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]

_lock = threading.Lock()
_paused_by = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    global _paused_by, _was_enabled
    with _lock:
        if _paused_by == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused_by += 1
    try:
        yield
    finally:
        with _lock:
            _paused_by -= 1
            if _paused_by == 0 and _was_enabled:
                gc.enable()
