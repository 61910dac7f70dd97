"""Pausing Python's cyclic garbage collector while one `cdt` command does bulk work.

A STIX bundle decodes into millions of short-lived dicts and lists, and ``cdt assess --all``
keeps every stored incident and its precedent index alive throughout. Reference counting
frees what they discard; the cyclic collector, triggered by the allocation count, meanwhile
walks every young object again and again and, now and then, the whole heap with the knowledge
base in it: a fifth of a 100,000-object import, about a second over 10,000 assessments.
Neither builds reference cycles worth collecting.

The collector is one switch for the whole process, so only the command line, where one
command owns the process, pauses it. The library never does: inside ``cdt serve`` its
threads share the process, and a pause taken by one request would stop collection for all the
others, for as long as any bulk request runs (the server freezes its start-up heap instead,
see ``interfaces.http.server``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block without the cyclic collector, then restore it as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
