"""`cdt serve`: the web application and the JSON API on this machine.

On the first run (no database yet) it creates the database with the bundled data first, so
``cdt serve`` alone gives a working application.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cdtoolbox.interfaces.cli.context import err_console, open_toolbox

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "serve_command"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def serve_command(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Address to listen on. The default serves this machine only; 0.0.0.0 serves "
            "the network (there is no login yet: do that only on a trusted network).",
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

    with open_toolbox(ctx) as toolbox:
        if toolbox.database.current_revision() is None:
            err_console.print("No database yet: creating it with the bundled data…")
            report = toolbox.init()
            err_console.print(
                f"Loaded {report.actors_total} threat actors and "
                f"{report.incidents_added} curated incidents."
            )
        app = create_app(toolbox)
        err_console.print(
            f"Serving {toolbox.database.display_url} on http://{host}:{port} (Ctrl+C stops)"
        )
        uvicorn.run(app, host=host, port=port, log_level="info")
