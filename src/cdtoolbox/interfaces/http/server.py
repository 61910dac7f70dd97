"""The HTTP server: uvicorn, bounded before it trusts anyone, in front of the application.

``cdt serve`` prepares the database and the application; how the server listens, how many
threads and connections it gives requests, and what it does once started live here, apart
from the command line.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import AsyncIterator

from fastapi import FastAPI

from cdtoolbox.interfaces.http.server_protocol import with_header_deadline
from cdtoolbox.interfaces.http.settings import HttpSettings

__all__ = [
    "KEEP_ALIVE_SECONDS",
    "MAX_CONNECTIONS",
    "MAX_HEADER_BYTES",
    "THREADS_VARIABLE",
    "serve",
]

# Requests that touch the database run in worker threads. One per core instead of anyio's
# default 40 keeps the thread holding SQLite's write lock from waiting for the interpreter
# behind dozens of others: with 50 clients (benchmarks/load_mix.py, 2 cores) 40 threads served
# 13 requests/s with a p99 of 25 s, 8 threads 33/s, 4 threads 39/s, 2 threads 49/s and 4.2 s.
THREADS_VARIABLE = "CDT_SERVE_THREADS"


# Connections (idle ones included) beyond this many are answered 503 at once rather than
# queued: a flood of slow clients then costs sockets, not memory and threads.
MAX_CONNECTIONS = 200
# A connection idle after a response is closed after this many seconds.
KEEP_ALIVE_SECONDS = 5
# The largest request line plus headers (uvicorn answers 400 beyond): cookies and a bearer
# token fit many times over.
MAX_HEADER_BYTES = 16 * 1024


def _worker_threads() -> int:
    configured = os.environ.get(THREADS_VARIABLE, "")
    return (
        int(configured)
        if configured.isascii() and configured.isdigit() and 0 < int(configured) <= 256
        else max(2, os.cpu_count() or 2)
    )


@contextlib.asynccontextmanager
async def _started(_app: object) -> AsyncIterator[None]:
    import anyio.to_thread

    anyio.to_thread.current_default_thread_limiter().total_tokens = _worker_threads()
    # What start-up loaded (the knowledge base, the templates, the application) lives as long
    # as the server: frozen, the cyclic collector stops rescanning it at every full
    # collection. The collector itself keeps running: the requests' threads share it, and a
    # pause taken for one would hold for all (the command line alone pauses it).
    gc.collect()
    gc.freeze()
    yield


def serve(app: FastAPI, *, host: str, port: int, http: HttpSettings) -> None:
    """Serve ``app`` on ``host``:``port`` until interrupted."""
    import uvicorn

    app.router.lifespan_context = _started
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="info",
        http=with_header_deadline(http.header_timeout_seconds),
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        limit_concurrency=MAX_CONNECTIONS,
        # The application reads X-Forwarded-* from CDT_TRUSTED_PROXIES only; uvicorn's own
        # default would believe any process on this machine.
        proxy_headers=False,
    )
