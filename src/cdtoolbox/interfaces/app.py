"""The ASGI application: the JSON API under `/api/v1`, the pages, and their static assets.

    from cdtoolbox.interfaces.app import create_app
    app = create_app(Toolbox(Settings.from_environment()))   # then: uvicorn, or TestClient

The application uses the Toolbox it is given and never closes it: its owner does.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI, params
from fastapi.staticfiles import StaticFiles

from cdtoolbox import __version__
from cdtoolbox.interfaces.api import API_VERSION_PREFIX, build_api_router
from cdtoolbox.interfaces.http_errors import install_error_handlers
from cdtoolbox.interfaces.web import STATIC_DIRECTORY, WebExtensions, build_web_router
from cdtoolbox.interfaces.web.error_page import render_problem_page
from cdtoolbox.interfaces.web.templating import build_templates
from cdtoolbox.toolbox import Toolbox

__all__ = ["create_app"]

DESCRIPTION = """\
The JSON API of the Cyber Diplomacy Toolbox: incidents, threat actors and the reference
knowledge (countries, sectors, UN norms, international law, Toolbox instruments, OSCE CBMs).

Filters are those of `cdt incidents list` and of the Incidents page, with the same names.
Lists are paginated with an opaque `cursor`. Every error has one shape (`ProblemOut`): a
`type`, the `status`, a readable `detail` and, for wrong input, `errors` naming each field.

Stability: within `/api/v1`, fields and parameters are only ever added, never renamed or
removed, and cursors stay opaque.
"""


def create_app(
    toolbox: Toolbox,
    *,
    web: WebExtensions | None = None,
    api_dependencies: Sequence[params.Depends] = (),
) -> FastAPI:
    """The application over ``toolbox``; ``web`` adds pages' sections and navigation entries,
    ``api_dependencies`` run before every API operation (authentication)."""
    extensions = web or WebExtensions()
    app = FastAPI(
        title="Cyber Diplomacy Toolbox API",
        version=__version__,
        description=DESCRIPTION,
        openapi_url=f"{API_VERSION_PREFIX}/openapi.json",
        # The interactive documentation pages load their scripts from a CDN; the API
        # reference page (/api) is served from the OpenAPI document instead.
        docs_url=None,
        redoc_url=None,
    )
    app.state.toolbox = toolbox
    app.state.web_extensions = extensions
    app.state.templates = build_templates(toolbox.knowledge, extensions, __version__)
    install_error_handlers(app, render_problem_page)
    app.include_router(build_api_router(api_dependencies))
    app.include_router(build_web_router())
    app.mount("/static", StaticFiles(directory=STATIC_DIRECTORY), name="static")
    return app
