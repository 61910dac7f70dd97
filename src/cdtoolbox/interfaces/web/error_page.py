"""The error page: the same sentence and field list the API sends, as HTML.

A page that needs an account, opened without one, sends the visitor to sign in and back.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from cdtoolbox.interfaces.http.problem import ProblemOut
from cdtoolbox.interfaces.web.templating import render

__all__ = ["render_problem_page"]


def render_problem_page(request: Request, problem: ProblemOut) -> Response:
    if problem.status == 401 and request.method in ("GET", "HEAD"):
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?{urlencode({'next': here})}", status_code=303)
    return render(request, "error.html", {"problem": problem}, status_code=problem.status)
