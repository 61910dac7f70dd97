"""`cdt serve`: the web application and the JSON API on this machine.

On the first run (no database yet) it creates the database with the bundled data first, so
``cdt serve`` alone gives a working application.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from typing import Annotated

import typer

from cdtoolbox.interfaces.cli.context import err_console, open_toolbox
from cdtoolbox.toolbox import Staleness

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "serve_command"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


# Under steady writes, derived views may lag a little instead of being rebuilt on every write.
SERVER_STALENESS = Staleness(
    # Rebuilding the precedent index of every stored incident takes about a second per
    # 10,000 incidents.
    precedents=60.0,
    statistics=10.0,
)


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
async def _bounded_worker_threads(_app: object) -> AsyncIterator[None]:
    import anyio.to_thread

    anyio.to_thread.current_default_thread_limiter().total_tokens = _worker_threads()
    yield


def serve_command(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Address to listen on. The default serves this machine only; 0.0.0.0 serves "
            "the network: put it behind a TLS-terminating proxy so that passwords, tokens and "
            "session cookies never travel in clear.",
        ),
    ] = DEFAULT_HOST,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = (
        DEFAULT_PORT
    ),
) -> None:
    """Serve the web application and the JSON API (http://127.0.0.1:8000 by default)."""
    # The web stack is imported here, not at start-up, so other commands start without it.
    import uvicorn

    from cdtoolbox.interfaces.app import create_app
    from cdtoolbox.interfaces.cli.server_protocol import with_header_deadline
    from cdtoolbox.interfaces.http_settings import HttpSettings

    http = HttpSettings.from_environment()

    with open_toolbox(ctx, staleness=SERVER_STALENESS) as toolbox:
        current = toolbox.database.current_revision()
        if current is None:
            err_console.print("No database yet: creating it with the bundled data…")
            report = toolbox.init()
            err_console.print(
                f"Loaded {report.actors_total} threat actors and "
                f"{report.incidents_added} curated incidents."
            )
        elif current != toolbox.database.head_revision():
            err_console.print(f"Upgrading the database from schema {current}…")
            toolbox.init()
        app = create_app(toolbox, http=http)
        app.router.lifespan_context = _bounded_worker_threads
        err_console.print(
            f"Serving {toolbox.database.display_url} on http://{host}:{port} (Ctrl+C stops)"
        )
        uvicorn.run(
            app,
            host=host,
            port=port,
            log_level="info",
            http=with_header_deadline(http.header_timeout_seconds),
            timeout_keep_alive=KEEP_ALIVE_SECONDS,
            h11_max_incomplete_event_size=MAX_HEADER_BYTES,
            limit_concurrency=MAX_CONNECTIONS,
            # The application reads X-Forwarded-* from CDT_TRUSTED_PROXIES only; uvicorn's
            # own default would believe any process on this machine.
            proxy_headers=False,
        )
