"""`cdt serve`: the web application and the JSON API on this machine.

On the first run (no database yet) it creates the database with the bundled data first, so
``cdt serve`` alone gives a working application. With ``--workers N`` it prepares the
database once, then N processes serve it on the one port (``interfaces.http.server``).
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from cdtoolbox.errors import InvalidInput
from cdtoolbox.interfaces.cli.context import err_console, open_toolbox
from cdtoolbox.toolbox.settings import DATABASE_URL_VARIABLE, SERVER_STALENESS

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "SERVER_STALENESS", "serve_command"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


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
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="Processes serving the one port (about one per core), each with its own "
            "copy of the knowledge base; sign-in sessions, the sign-in brake and cached views "
            "agree through the database. Not with an in-memory database.",
        ),
    ] = 1,
) -> None:
    """Serve the web application and the JSON API (http://127.0.0.1:8000 by default)."""
    # The web stack is imported here, not at start-up, so other commands start without it.
    from cdtoolbox.interfaces.http.app import create_app
    from cdtoolbox.interfaces.http.secret_key import load_secret_key
    from cdtoolbox.interfaces.http.server import serve, serve_workers
    from cdtoolbox.interfaces.http.settings import HttpSettings

    http = HttpSettings.from_environment()

    with open_toolbox(ctx, staleness=SERVER_STALENESS) as toolbox:
        if workers > 1 and toolbox.database.in_memory:
            raise InvalidInput(
                "option",
                "--workers",
                workers,
                "needs a database every process can open: an in-memory one lives in one process",
            )
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
        if workers > 1:
            # Made (or checked) once here: the workers then all read the same key.
            load_secret_key(toolbox.settings.database_url)
            # The workers build their settings from the environment they inherit.
            os.environ[DATABASE_URL_VARIABLE] = toolbox.settings.database_url
            err_console.print(
                f"Serving {toolbox.database.display_url} on http://{host}:{port} with "
                f"{workers} worker processes (Ctrl+C stops)"
            )
        else:
            app = create_app(toolbox, http=http)
            err_console.print(
                f"Serving {toolbox.database.display_url} on http://{host}:{port} (Ctrl+C stops)"
            )
            serve(app, host=host, port=port, http=http)
    if workers > 1:
        # This process only supervises: its Toolbox is closed before the workers start.
        serve_workers(workers, host=host, port=port, http=http)
