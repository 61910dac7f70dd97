"""The TAXII 2.1 server, mounted by the web application under ``/taxii2/`` (docs/taxii.md).

    app.mount(TAXII_PREFIX, build_taxii_app(toolbox))

It is an application of its own so that every error, even a path that does not exist, is
answered with a TAXII error message in the TAXII media type rather than a page.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Final

from fastapi import FastAPI

from cdtoolbox import __version__
from cdtoolbox.errors import InvalidInput
from cdtoolbox.interfaces.http.request_limits import RequestBodyLimits
from cdtoolbox.interfaces.http.settings import (
    TAXII_MAX_CONTENT_LENGTH,
    TAXII_SIGNING_KEY_VARIABLE,
    HttpSettings,
)
from cdtoolbox.interfaces.taxii.errors import install_taxii_error_handlers
from cdtoolbox.interfaces.taxii.routes import API_ROOT, build_taxii_router
from cdtoolbox.toolbox import Toolbox
from cdtoolbox.toolbox.settings import SIGNING_PASSPHRASE_VARIABLE

if TYPE_CHECKING:
    from cdtoolbox.signing import SigningKey

__all__ = ["API_ROOT", "TAXII_PREFIX", "build_taxii_app"]

TAXII_PREFIX: Final = "/taxii2"


def build_taxii_app(
    toolbox: Toolbox,
    *,
    max_content_length: int = TAXII_MAX_CONTENT_LENGTH,
    http: HttpSettings | None = None,
) -> FastAPI:
    """The TAXII server over ``toolbox`` (which it uses and never closes); a POST body may
    be at most ``max_content_length`` bytes; ``http`` names the trusted proxies (the web
    application passes its own). Failed Basic sign-ins count towards the Toolbox's sign-in
    brake, with failed page sign-ins."""
    app = FastAPI(
        title="Cyber Diplomacy Toolbox TAXII 2.1 server",
        version=__version__,
        # TAXII is specified by OASIS and documented in docs/taxii.md; an OpenAPI
        # document here would sit inside the TAXII URL space.
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    app.state.toolbox = toolbox
    app.state.max_content_length = max_content_length
    app.state.http_settings = http or HttpSettings()
    app.state.signing_key = _signing_key(toolbox, app.state.http_settings)
    install_taxii_error_handlers(app)
    app.include_router(build_taxii_router())
    # Inside the error handlers' reach: a refused body is answered as a TAXII error message.
    app.add_middleware(RequestBodyLimits, max_bytes=max_content_length)
    return app


def _signing_key(toolbox: Toolbox, http: HttpSettings) -> SigningKey | None:
    """The key content responses are signed with, opened once as the server starts: a
    wrong passphrase or a damaged key file stops the start with the reason."""
    if http.taxii_signing_key is None:
        return None
    passphrase = os.environ.get(SIGNING_PASSPHRASE_VARIABLE)
    if not passphrase:
        raise InvalidInput(
            "setting",
            SIGNING_PASSPHRASE_VARIABLE,
            None,
            f"is required with {TAXII_SIGNING_KEY_VARIABLE}: the key file is encrypted",
        )
    return toolbox.signatures.open_key(http.taxii_signing_key, passphrase)
