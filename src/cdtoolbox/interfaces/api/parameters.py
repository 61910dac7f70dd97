"""Query parameters and error responses shared by the API's operations.

The incident filters are rendered from their one declaration (``INCIDENT_FILTERS``), as the
options of ``cdt incidents list`` are, with the same names (``--victim-country`` ↔
``victim_country``), and turned into a filter by the one library function
``toolbox.incidents.filter_from``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Query, Request

from cdtoolbox.ingest.query_parameters import INCIDENT_FILTERS, FilterParameter
from cdtoolbox.interfaces.http.authentication import ReaderDep
from cdtoolbox.interfaces.http.problem import ProblemOut
from cdtoolbox.interfaces.http.request_context import ToolboxDep, filter_values
from cdtoolbox.model import IncidentFilter, IncidentSort

__all__ = [
    "ERRORS",
    "CursorQuery",
    "SortQuery",
    "errors",
    "incident_filter",
]

_SORTS = ", ".join(order.value for order in IncidentSort)

SortQuery = Annotated[
    str,
    Query(description=f"Order: {_SORTS} (a leading - means descending)", examples=["-start"]),
]
CursorQuery = Annotated[
    str | None,
    Query(description="Continue after a page: its `next_cursor`", examples=[None]),
]

ERRORS: dict[int, str] = {
    401: "No credentials, or wrong ones: send a Bearer token or Basic username and password",
    403: "Not allowed for this user",
    404: "Nothing matches the key",
    409: "The stored version is newer than the one the change was based on",
    413: "The request body is over the size limit; it was refused before it was read",
    422: "A value is wrong; `errors` names each field, value and reason",
    429: "Too many failed sign-ins for this account from this address; see Retry-After",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI response entries for these error statuses, all with the problem shape."""
    return {
        status: {
            "model": ProblemOut,
            "description": ERRORS[status],
            "content": {"application/problem+json": {}},
        }
        for status in statuses
    }


def _query_parameter(parameter: FilterParameter) -> inspect.Parameter:
    if parameter.repeatable:
        annotation: Any = Annotated[
            list[str] | None,
            Query(description=f"{parameter.help}; repeatable", examples=[[parameter.example]]),
        ]
    else:
        annotation = Annotated[
            str | None, Query(description=parameter.help, examples=[parameter.example])
        ]
    return inspect.Parameter(
        parameter.name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation
    )


_FILTER_QUERY_PARAMETERS = tuple(_query_parameter(parameter) for parameter in INCIDENT_FILTERS)


def incident_filter(*besides: str) -> Callable[..., IncidentFilter]:
    """A dependency reading the incident filters of the query string; ``besides`` names the
    operation's other query parameters.

    Each declared filter appears in its signature, so the OpenAPI documents it; the values are
    read by name from the query string (``filter_values``), so a misspelt filter
    (``?victim_contry=UA``) is refused by the library instead of ignored.
    """

    def read_filter(
        request: Request, toolbox: ToolboxDep, reader: ReaderDep, **_documented: Any
    ) -> IncidentFilter:
        return toolbox.incidents.filter_from(
            filter_values(request.query_params, besides), by=reader
        )

    own = inspect.signature(read_filter, eval_str=True)
    fixed = [p for p in own.parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD]
    read_filter.__signature__ = own.replace(  # type: ignore[attr-defined]
        parameters=[*fixed, *_FILTER_QUERY_PARAMETERS]
    )
    return read_filter
