"""How errors become HTTP responses: one table for the API and the pages alike.

Library errors carry no status; this table gives each kind its status and its problem
``type``, looked up by class in order (so a subclass listed first wins over its parent).
API requests (``/api/…``) get an ``application/problem+json`` body; page requests get the
error page, which shows the same sentence and the same field list.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from cdtoolbox.errors import (
    CdtError,
    Conflict,
    Forbidden,
    ImportRejected,
    InvalidInput,
    InvalidTransition,
    NotAuthenticated,
    NotFound,
    NotSetUp,
    SignInThrottled,
)
from cdtoolbox.interfaces.http.authentication import AUTHENTICATE_CHALLENGE
from cdtoolbox.interfaces.http.problem import FieldErrorOut, ProblemOut, problem_out

__all__ = [
    "API_PREFIX",
    "HTTP_ERRORS",
    "HttpError",
    "ProblemRenderer",
    "http_error_for",
    "install_error_handlers",
    "problem_for",
]

API_PREFIX = "/api/"
PROBLEM_MEDIA_TYPE = "application/problem+json"

_log = logging.getLogger("cdtoolbox.interfaces")


@dataclass(frozen=True)
class HttpError:
    status: int
    kind: str  # the problem ``type``
    title: str


HTTP_ERRORS: tuple[tuple[type[CdtError], HttpError], ...] = (
    (InvalidInput, HttpError(422, "invalid-input", "Invalid input")),
    (ImportRejected, HttpError(422, "import-rejected", "Import refused")),
    (NotFound, HttpError(404, "not-found", "Not found")),
    (Conflict, HttpError(409, "conflict", "Edit conflict")),
    (InvalidTransition, HttpError(409, "invalid-transition", "Not possible in this state")),
    (NotAuthenticated, HttpError(401, "not-authenticated", "Sign-in required")),
    (SignInThrottled, HttpError(429, "too-many-attempts", "Too many attempts")),
    (Forbidden, HttpError(403, "forbidden", "Not allowed")),
    (NotSetUp, HttpError(503, "not-set-up", "Database not set up")),
    (CdtError, HttpError(400, "refused", "Request refused")),
)

_STATUS_KINDS = {
    404: HttpError(404, "not-found", "Not found"),
    405: HttpError(405, "method-not-allowed", "Method not allowed"),
    408: HttpError(408, "request-timeout", "Request too slow"),
    413: HttpError(413, "content-too-large", "Content too large"),
}
_INTERNAL = HttpError(500, "internal-error", "Internal error")

ProblemRenderer = Callable[[Request, ProblemOut], Response]
"""Renders a problem as a page (the web package provides it)."""


def http_error_for(error: CdtError) -> HttpError:
    for kind, http_error in HTTP_ERRORS:
        if isinstance(error, kind):
            return http_error
    raise AssertionError("CdtError closes the table")  # pragma: no cover


def problem_for(error: CdtError) -> ProblemOut:
    http_error = http_error_for(error)
    return problem_out(
        error, kind=http_error.kind, title=http_error.title, status=http_error.status
    )


def _validation_problem(error: RequestValidationError) -> ProblemOut:
    """FastAPI's own checks (a non-numeric limit, a body that is not JSON) in our shape."""
    fields = []
    for item in error.errors():
        location = [str(part) for part in item.get("loc", ())]
        entity = location[0] if location else "request"  # query, header, body, path
        field = ".".join(location[1:]) or entity
        given = item.get("input")
        value = given if isinstance(given, str | int | float | bool) else None
        reason = str(item.get("msg", "is not valid")).replace("Input should", "should")
        fields.append(
            FieldErrorOut(
                entity=entity,
                field=field,
                value=value,
                reason=reason,
                location=None,
                message=f"{entity} `{field}`: {reason}",
            )
        )
    table = HTTP_ERRORS[0][1]
    detail = "; ".join(field.message for field in fields) or "the request is not valid"
    return ProblemOut(
        type=table.kind, title=table.title, status=table.status, detail=detail, errors=fields
    )


def _status_problem(error: HTTPException) -> ProblemOut:
    http_error = _STATUS_KINDS.get(
        error.status_code, HttpError(error.status_code, "http-error", "Request refused")
    )
    detail = "no page or API operation at this address" if error.status_code == 404 else None
    return ProblemOut(
        type=http_error.kind,
        title=http_error.title,
        status=http_error.status,
        detail=detail or str(error.detail),
    )


def install_error_handlers(app: FastAPI, render_page: ProblemRenderer) -> None:
    """Route every error through the table: JSON for the API, the error page otherwise."""

    def respond(request: Request, problem: ProblemOut) -> Response:
        if request.url.path.startswith(API_PREFIX):
            return JSONResponse(
                problem.model_dump(mode="json"),
                status_code=problem.status,
                media_type=PROBLEM_MEDIA_TYPE,
            )
        return render_page(request, problem)

    async def library_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, CdtError)
        response = respond(request, problem_for(error))
        if isinstance(error, NotAuthenticated) and request.url.path.startswith(API_PREFIX):
            response.headers["WWW-Authenticate"] = AUTHENTICATE_CHALLENGE
        if isinstance(error, SignInThrottled):
            response.headers["Retry-After"] = str(error.retry_after)
        return response

    async def validation_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        return respond(request, _validation_problem(error))

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        response = respond(request, _status_problem(error))
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        return response

    async def unexpected_error(request: Request, error: Exception) -> Response:
        _log.exception("unexpected error answering %s %s", request.method, request.url.path)
        problem = ProblemOut(
            type=_INTERNAL.kind,
            title=_INTERNAL.title,
            status=_INTERNAL.status,
            detail="an unexpected error occurred; it has been logged on the server",
        )
        return respond(request, problem)

    app.add_exception_handler(CdtError, library_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, unexpected_error)
