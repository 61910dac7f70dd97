"""`cdt serve`: the web application and the JSON API on this machine.

On the first run (no database yet) it creates the database with the bundled data first, so
``cdt serve`` alone gives a working application.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cdtoolbox.interfaces.cli.context import err_console, open_toolbox
from cdtoolbox.toolbox.settings import Staleness

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
    from cdtoolbox.interfaces.http.app import create_app
    from cdtoolbox.interfaces.http.server import serve
    from cdtoolbox.interfaces.http.settings import HttpSettings

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
        err_console.print(
            f"Serving {toolbox.database.display_url} on http://{host}:{port} (Ctrl+C stops)"
        )
        serve(app, host=host, port=port, http=http)
