"""The error page: the same sentence and field list the API sends, as HTML."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from cdtoolbox.interfaces.schemas import ProblemOut
from cdtoolbox.interfaces.web.templating import render

__all__ = ["render_problem_page"]


def render_problem_page(request: Request, problem: ProblemOut) -> Response:
    return render(request, "error.html", {"problem": problem}, status_code=problem.status)
