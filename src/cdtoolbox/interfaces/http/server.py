"""The HTTP server: uvicorn, bounded before it trusts anyone, in front of the application.

``cdt serve`` prepares the database and the application; how the server listens, how many
threads and connections it gives requests, and what it does once started live here, apart
from the command line.

One process (``serve``) runs the application it is given. Several (``serve_workers``) share
one listening socket, uvicorn's own supervisor restarting any that dies; each worker builds
its own Toolbox and application (``worker_application``) from the environment, the database
URL included. What must agree between workers lives in the database or beside it: sign-in
sessions and the sign-in brake's failures are rows, the derived views' revision counters are
rows (a write by one worker makes the others rebuild), and the secret key signing the
session cookies is ``CDT_SECRET_KEY`` or the one key file (``secret_key``).
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from typing import Any

from fastapi import FastAPI

from cdtoolbox.interfaces.http.admission import AdmissionQueue
from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.interfaces.http.server_protocol import with_header_deadline
from cdtoolbox.interfaces.http.settings import HttpSettings
from cdtoolbox.toolbox import Toolbox
from cdtoolbox.toolbox.settings import SERVER_STALENESS, Settings

__all__ = [
    "KEEP_ALIVE_SECONDS",
    "MAX_CONNECTIONS",
    "MAX_HEADER_BYTES",
    "THREADS_VARIABLE",
    "WORKER_APPLICATION",
    "serve",
    "serve_workers",
    "worker_application",
]

# Requests that touch the database run in worker threads. One per core instead of anyio's
# default 40 keeps the thread holding SQLite's write lock from waiting for the interpreter
# behind dozens of others: with 50 clients (benchmarks/load_mix.py, 2 cores) 40 threads served
# 13 requests/s with a p99 of 25 s, 8 threads 33/s, 4 threads 39/s, 2 threads 49/s and 4.2 s.
# As many requests as threads are in progress at once, admitted in order of arrival
# (``admission``): a request's later steps then never queue behind requests that came after.
THREADS_VARIABLE = "CDT_SERVE_THREADS"


# Objects allocated, net, between two young collections of the cyclic collector in a server
# process (CPython's default is 700; see ``_lifespan``).
_YOUNG_COLLECTION_THRESHOLD = 50_000

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


def _lifespan(closing: Toolbox | None) -> Callable[[object], Any]:
    """What the server does once started, and, for a worker's own Toolbox, at shutdown."""

    @contextlib.asynccontextmanager
    async def started(_app: object) -> AsyncIterator[None]:
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = _worker_threads()
        # What start-up loaded (the knowledge base, the templates, the application) lives as
        # long as the server: frozen, the cyclic collector stops rescanning it at every full
        # collection. The collector itself keeps running: the requests' threads share it,
        # and a pause taken for one would hold for all (the command line alone pauses it).
        gc.collect()
        gc.freeze()
        # Requests under load live a few hundred milliseconds, long enough for the objects
        # they hold to survive two young collections at the default threshold (700): they
        # were promoted to the oldest generation by the thousand, which then ran a full
        # collection every 3 s in each worker, 200 ms during which no request moved (mixed
        # load, 2 workers, 10,031 incidents: 31 full collections in 45 s, p99 1.2 s). Young
        # collections every 50,000 objects let them die young: none in 45 s, p99 0.8 s.
        thresholds = gc.get_threshold()
        gc.set_threshold(_YOUNG_COLLECTION_THRESHOLD, *thresholds[1:])
        try:
            yield
        finally:
            gc.set_threshold(*thresholds)
            if closing is not None:
                closing.close()

    return started


def _uvicorn_options(http: HttpSettings) -> dict[str, Any]:
    return {
        "log_level": "info",
        "http": with_header_deadline(http.header_timeout_seconds),
        "timeout_keep_alive": KEEP_ALIVE_SECONDS,
        "h11_max_incomplete_event_size": MAX_HEADER_BYTES,
        # Per process: with several workers the ceiling is this many times theirs.
        "limit_concurrency": MAX_CONNECTIONS,
        # The application reads X-Forwarded-* from CDT_TRUSTED_PROXIES only; uvicorn's own
        # default would believe any process on this machine.
        "proxy_headers": False,
    }


def serve(app: FastAPI, *, host: str, port: int, http: HttpSettings) -> None:
    """Serve ``app`` on ``host``:``port`` until interrupted, in this process."""
    import uvicorn

    app.router.lifespan_context = _lifespan(None)
    _admit_in_order(app, several_processes=False)
    uvicorn.run(app, host=host, port=port, **_uvicorn_options(http))


#: What each worker process imports and calls to build its application.
WORKER_APPLICATION = f"{__name__}:worker_application"


def serve_workers(workers: int, *, host: str, port: int, http: HttpSettings) -> None:
    """Serve ``worker_application`` on ``host``:``port`` from ``workers`` processes until
    interrupted. Each worker reads its settings from the environment, which it inherits:
    ``CDT_DATABASE_URL`` must name the database already prepared (``cdt serve`` sets it)."""
    import uvicorn

    uvicorn.run(
        WORKER_APPLICATION,
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_config=_logging_with_process_ids(),
        **_uvicorn_options(http),
    )


def _logging_with_process_ids() -> dict[str, Any]:
    """uvicorn's logging, each line naming the worker process that wrote it: which worker
    answered a request is then in the access log."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    for formatter in config["formatters"].values():
        formatter["fmt"] = formatter["fmt"].replace(
            "%(levelprefix)s", "%(levelprefix)s [%(process)d]", 1
        )
    return config


def worker_application() -> FastAPI:
    """The application of one worker process, over a Toolbox of its own that it closes at
    shutdown; settings from the environment, derived views as lenient as one server's."""
    settings = replace(Settings.from_environment(), staleness=SERVER_STALENESS)
    toolbox = Toolbox(settings)
    try:
        app = create_app(toolbox, http=HttpSettings.from_environment())
    except BaseException:
        toolbox.close()
        raise
    app.router.lifespan_context = _lifespan(toolbox)
    _admit_in_order(app, several_processes=True)
    return app


def _admit_in_order(app: FastAPI, *, several_processes: bool) -> None:
    # As many requests in progress as there are worker threads: each admitted one then finds
    # a thread free at each of its steps; a worker process among several hands connections
    # on when its queue is crowded (``admission``).
    app.add_middleware(
        AdmissionQueue, limit=_worker_threads(), spread_connections=several_processes
    )
