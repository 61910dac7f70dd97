"""How errors become TAXII 2.1 error messages (TAXII 2.1 section 3.6.1): one table.

Library errors carry no status; this table gives each kind its HTTP status, looked up by
class in order. Every error body is a TAXII ``error`` resource in the TAXII media type:
``title``, a readable ``description``, ``error_id``, ``error_code``, ``http_status`` (a
string, as the specification types it) and, for wrong input, ``details.errors`` naming
each field. A 401 carries the ``WWW-Authenticate`` challenges.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Final

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cdtoolbox.errors import (
    CdtError,
    Conflict,
    Forbidden,
    ImportRejected,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    SignInThrottled,
)
from cdtoolbox.interfaces.taxii.media import TAXII_MEDIA_TYPE

__all__ = [
    "CHALLENGE",
    "TAXII_ERRORS",
    "TaxiiError",
    "TaxiiRequestRefused",
    "error_response",
    "install_taxii_error_handlers",
]

CHALLENGE: Final = 'Basic realm="cdtoolbox TAXII", charset="UTF-8", Bearer realm="cdtoolbox TAXII"'

_log = logging.getLogger("cdtoolbox.interfaces.taxii")


@dataclass(frozen=True)
class TaxiiError:
    status: int
    code: str  # the ``error_code``
    title: str


TAXII_ERRORS: Final[tuple[tuple[type[CdtError], TaxiiError], ...]] = (
    (NotAuthenticated, TaxiiError(401, "not-authenticated", "Authentication required")),
    (SignInThrottled, TaxiiError(429, "too-many-sign-ins", "Too many failed sign-ins")),
    (Forbidden, TaxiiError(403, "forbidden", "Not allowed")),
    (NotFound, TaxiiError(404, "not-found", "Not found")),
    # Malformed URL parameters are a 400 (section 3.4); a body that cannot be processed,
    # a 422 (section 5.5).
    (InvalidInput, TaxiiError(400, "bad-request", "Bad request")),
    (ImportRejected, TaxiiError(422, "unprocessable-content", "Unprocessable content")),
    (Conflict, TaxiiError(409, "conflict", "Conflict")),
    (CdtError, TaxiiError(400, "refused", "Request refused")),
)

_STATUS_ERRORS: Final = {
    404: TaxiiError(404, "not-found", "Not found"),
    405: TaxiiError(405, "method-not-allowed", "Method not allowed"),
    408: TaxiiError(408, "request-timeout", "Request too slow"),
    413: TaxiiError(413, "content-too-large", "Content too large"),
}
_INTERNAL: Final = TaxiiError(500, "internal-error", "Internal error")


class TaxiiRequestRefused(Exception):
    """A request refused for its form rather than its content: 406, 413, 415."""

    def __init__(self, status: int, code: str, title: str, description: str) -> None:
        super().__init__(description)
        self.error = TaxiiError(status, code, title)
        self.description = description


def error_response(
    error: TaxiiError,
    description: str,
    details: dict[str, object] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body: dict[str, object] = {
        "title": error.title,
        "description": description,
        "error_id": str(uuid.uuid4()),
        "error_code": error.code,
        "http_status": str(error.status),
    }
    if details:
        body["details"] = details
    return Response(
        orjson.dumps(body), status_code=error.status, media_type=TAXII_MEDIA_TYPE, headers=headers
    )


def _table_entry(error: CdtError) -> TaxiiError:
    return next(entry for kind, entry in TAXII_ERRORS if isinstance(error, kind))


def _details(error: CdtError) -> dict[str, object] | None:
    if isinstance(error, InvalidInput):
        return {"errors": [error.as_dict()]}
    if isinstance(error, ImportRejected):
        return {"errors": [item.as_dict() for item in error.errors]}
    return None


def install_taxii_error_handlers(app: FastAPI) -> None:
    """Answer every error of ``app`` with a TAXII error message."""

    async def library_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, CdtError)
        entry = _table_entry(error)
        headers = {"WWW-Authenticate": CHALLENGE} if entry.status == 401 else None
        if isinstance(error, SignInThrottled):
            headers = {"Retry-After": str(error.retry_after)}
        return error_response(entry, str(error), _details(error), headers)

    async def refused(request: Request, error: Exception) -> Response:
        assert isinstance(error, TaxiiRequestRefused)
        return error_response(error.error, error.description)

    async def validation_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        problems = [
            f"{'.'.join(str(part) for part in item.get('loc', ()))}: {item.get('msg', '')}"
            for item in error.errors()
        ]
        return error_response(TAXII_ERRORS[3][1], "; ".join(problems) or "invalid request")

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        entry = _STATUS_ERRORS.get(
            error.status_code, TaxiiError(error.status_code, "http-error", "Request refused")
        )
        description = (
            "no TAXII resource at this address" if error.status_code == 404 else str(error.detail)
        )
        return error_response(entry, description, headers=dict(error.headers or {}))

    app.add_exception_handler(CdtError, library_error)
    app.add_exception_handler(TaxiiRequestRefused, refused)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_middleware(_AnswerUnexpectedErrors)


class _AnswerUnexpectedErrors:
    """Answer an unexpected exception with a TAXII 500 and stop it there.

    A mounted application must not let it propagate, as Starlette's own last-resort handler
    does: the enclosing application would answer the same request a second time.
    """

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self._app(scope, receive, tracked)
        except Exception:
            _log.exception("unexpected error answering %s %s", scope["method"], scope["path"])
            if started:
                return  # the response is under way; the client sees it cut short
            response = error_response(
                _INTERNAL, "an unexpected error occurred; it has been logged on the server"
            )
            await response(scope, receive, send)
