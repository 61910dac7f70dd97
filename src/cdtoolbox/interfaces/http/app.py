"""The ASGI application: the JSON API under `/api/v1`, the pages, their static assets, and the
TAXII 2.1 server under `/taxii2/`.

    from cdtoolbox.interfaces.http.app import create_app
    app = create_app(Toolbox(Settings.from_environment()))   # then: uvicorn, or TestClient

The application uses the Toolbox it is given and never closes it: its owner does.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI, params
from fastapi.staticfiles import StaticFiles
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from cdtoolbox import __version__
from cdtoolbox.interfaces.api import API_VERSION_PREFIX, build_api_router
from cdtoolbox.interfaces.api.statements import MAX_STATEMENT_REQUEST_BYTES, STATEMENTS_PATH
from cdtoolbox.interfaces.http.errors import install_error_handlers
from cdtoolbox.interfaces.http.request_limits import RequestBodyLimits
from cdtoolbox.interfaces.http.secret_key import load_secret_key
from cdtoolbox.interfaces.http.security_headers import SecurityHeaders
from cdtoolbox.interfaces.http.sessions import SessionMiddleware
from cdtoolbox.interfaces.http.settings import HttpSettings
from cdtoolbox.interfaces.taxii import TAXII_PREFIX, build_taxii_app
from cdtoolbox.interfaces.web import STATIC_DIRECTORY, WebExtensions, build_web_router
from cdtoolbox.interfaces.web.board_watcher import BoardWatcher
from cdtoolbox.interfaces.web.capacity_pages import IATI_UPLOAD_PATH, MAX_IATI_REQUEST_BYTES
from cdtoolbox.interfaces.web.error_page import render_problem_page
from cdtoolbox.interfaces.web.import_page import IMPORT_PATH, MAX_IMPORT_REQUEST_BYTES
from cdtoolbox.interfaces.web.situation_stream import board_revision
from cdtoolbox.interfaces.web.statement_pages import MAX_STATEMENT_FORM_BYTES, NEW_STATEMENT_PATH
from cdtoolbox.interfaces.web.templating import build_templates
from cdtoolbox.interfaces.web.upload_progress import UploadProgress
from cdtoolbox.report.world_map import WORLD_ATLAS_DIRECTORY
from cdtoolbox.toolbox import Toolbox
from cdtoolbox.toolbox.norm_index import NormIndex

__all__ = ["create_app"]

DESCRIPTION = """\
The JSON API of the Cyber Diplomacy Toolbox: incidents and their assessments (severity,
attribution, norms, law, Toolbox options and the level of response), threat actors and the
reference knowledge (countries, sectors, UN norms, international law, Toolbox instruments,
OSCE CBMs).

Filters are those of `cdt incidents list` and of the Incidents page, with the same names.
Lists are paginated with an opaque `cursor`. Every error has one shape (`ProblemOut`): a
`type`, the `status`, a readable `detail` and, for wrong input, `errors` naming each field.

Authentication: send an API token as `Authorization: Bearer cdt_…` (`cdt users token`), or
a username and password as HTTP Basic. Without credentials the API answers as an anonymous
viewer cleared for TLP:GREEN: it reads, and anything above that marking is left out as if it
did not exist; an operation that changes something answers 401, and one the account's role
does not allow answers 403. Response cases and the audit trail need an account.

Stability: within `/api/v1`, fields and parameters are only ever added, never renamed or
removed, and cursors stay opaque.
"""


def create_app(
    toolbox: Toolbox,
    *,
    web: WebExtensions | None = None,
    api_dependencies: Sequence[params.Depends] = (),
    secret_key: bytes | None = None,
    http: HttpSettings | None = None,
) -> FastAPI:
    """The application over ``toolbox``; ``web`` adds pages' sections and navigation entries,
    ``api_dependencies`` run before every API operation. ``secret_key`` signs the session
    cookies (by default ``CDT_SECRET_KEY``, else a key kept beside the database: see
    ``secret_key``); ``http`` bounds request bodies and names the trusted proxies (by
    default from the environment)."""
    extensions = web or WebExtensions()
    http = http or HttpSettings.from_environment()
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
    app.state.http_settings = http
    app.state.web_extensions = extensions
    app.state.templates = build_templates(toolbox.knowledge, extensions, __version__)
    # Per application, not per module: the stages of the imports under way, and the
    # incidents engaging each UN norm (assessed once, kept until an incident changes).
    app.state.upload_progress = UploadProgress()
    app.state.norm_index = NormIndex(toolbox.knowledge, toolbox.incidents, toolbox.assessments)
    # One per application, so one per server process: the open situation boards' watcher.
    app.state.board_watcher = BoardWatcher(lambda: board_revision(toolbox))
    install_error_handlers(app, render_problem_page)
    app.include_router(build_api_router(api_dependencies))
    app.include_router(build_web_router())
    # The country shapes live with the reports, which draw them too; mounted before the rest
    # of /static so that the dashboard finds them at their vendored address.
    app.mount(
        "/static/vendor/world-atlas",
        StaticFiles(directory=WORLD_ATLAS_DIRECTORY),
        name="world-atlas",
    )
    app.mount("/static", StaticFiles(directory=STATIC_DIRECTORY), name="static")
    app.mount(
        TAXII_PREFIX,
        build_taxii_app(
            toolbox,
            max_content_length=http.taxii_max_content_length,
            http=http,
        ),
        name="taxii",
    )
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key or load_secret_key(toolbox.settings.database_url),
        clock=lambda: toolbox.clock.now().timestamp(),
    )
    app.add_middleware(
        RequestBodyLimits,
        max_bytes=http.max_body_bytes,
        larger=(
            ("POST", IMPORT_PATH, MAX_IMPORT_REQUEST_BYTES),
            ("POST", IATI_UPLOAD_PATH, MAX_IATI_REQUEST_BYTES),
            ("POST", STATEMENTS_PATH, MAX_STATEMENT_REQUEST_BYTES),
            ("POST", NEW_STATEMENT_PATH, MAX_STATEMENT_FORM_BYTES),
            ("POST", f"{TAXII_PREFIX}/", http.taxii_max_content_length),
        ),
        seconds=http.body_timeout_seconds,
    )
    if http.trusted_proxies:
        # The client's address (which the sign-in brake counts by) and scheme (which makes
        # the session cookie Secure) come from X-Forwarded-For and X-Forwarded-Proto only
        # when a configured proxy sent them; anyone can write those headers.
        app.add_middleware(
            ProxyHeadersMiddleware,
            trusted_hosts=[str(network) for network in http.trusted_proxies],
        )
    # Added last, so it wraps everything: error pages and TAXII responses get the headers too.
    app.add_middleware(SecurityHeaders)
    return app
