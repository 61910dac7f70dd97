"""Signing in and out of the pages."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from cdtoolbox.errors import NotAuthenticated, SignInThrottled
from cdtoolbox.interfaces.http.authentication import (
    ANONYMOUS_CLEARANCE,
    SIGN_IN_PATH,
    AuthenticateFirst,
    is_anonymous,
    session_of,
    sign_in,
    sign_out,
    viewer_of,
)
from cdtoolbox.interfaces.http.errors import problem_for
from cdtoolbox.interfaces.web.templating import render

__all__ = ["router", "safe_next"]

router = APIRouter(route_class=AuthenticateFirst)


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of this site only (never ``//elsewhere``)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target


@router.get(SIGN_IN_PATH)
def login_form(request: Request) -> Response:
    # A rejected session cookie is answered by sending the visitor here (its 401), and the
    # answer drops it; the sign-in page itself must not answer 401 again, or a cookie the
    # browser keeps would loop.
    session_of(request).rejected = False
    target = safe_next(request.query_params.get("next"))
    return render(request, "login.html", _context(request, target))


@router.post(SIGN_IN_PATH)
async def login(request: Request) -> Response:
    form = await request.form()
    username, password = str(form.get("username") or ""), str(form.get("password") or "")
    target = safe_next(str(form.get("next") or ""))
    try:
        # The password check is slow by design: keep it off the event loop.
        user = await run_in_threadpool(sign_in, request, username, password)
    except (NotAuthenticated, SignInThrottled) as error:
        status = 429 if isinstance(error, SignInThrottled) else 401
        context = _context(request, target, username=username)
        context["problem"] = problem_for(error)
        response = render(request, "login.html", context, status_code=status)
        if isinstance(error, SignInThrottled):
            response.headers["Retry-After"] = str(error.retry_after)
        return response
    session_of(request).leave_notice(f"Signed in as {user.label}.")
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    sign_out(request)
    session_of(request).leave_notice("Signed out.")
    return RedirectResponse("/", status_code=303)


def _context(request: Request, target: str, *, username: str = "") -> dict[str, object]:
    viewer = viewer_of(request)
    return {
        "next": target,
        "username": username,
        "problem": None,
        "already": None if is_anonymous(viewer) else viewer,
        "anonymous_clearance": ANONYMOUS_CLEARANCE,
    }
