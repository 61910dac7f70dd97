"""Query parameters and error responses shared by the API's operations.

The incident filters are those of ``cdt incidents list`` and of the Incidents page, with the
same names (``--victim-country`` ↔ ``victim_country``), turned into a filter by the one
library function ``toolbox.incidents.filter_from``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Query, Request

from cdtoolbox.interfaces.authentication import ReaderDep
from cdtoolbox.interfaces.request_context import ToolboxDep, filter_values
from cdtoolbox.interfaces.api.schemas import ProblemOut
from cdtoolbox.model import IncidentFilter, IncidentSort, IncidentType, Tlp

__all__ = [
    "ERRORS",
    "CursorQuery",
    "SortQuery",
    "errors",
    "incident_filter",
]

_TYPES = ", ".join(kind.value for kind in IncidentType)
_TLPS = ", ".join(marking.value for marking in Tlp)
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


def incident_filter(*besides: str) -> Callable[..., IncidentFilter]:
    """A dependency reading the incident filters of the query string; ``besides`` names the
    operation's other query parameters."""

    def read_filter(
        request: Request,
        toolbox: ToolboxDep,
        reader: ReaderDep,
        type: Annotated[
            list[str] | None,
            Query(description=f"Incident type, repeatable: {_TYPES}", examples=[["ransomware"]]),
        ] = None,
        since: Annotated[
            str | None,
            Query(description="Active on or after YYYY, YYYY-MM or YYYY-MM-DD", examples=["2015"]),
        ] = None,
        until: Annotated[
            str | None,
            Query(description="Active on or before YYYY, YYYY-MM or YYYY-MM-DD", examples=["2017"]),
        ] = None,
        victim_country: Annotated[
            list[str] | None,
            Query(description="Victim country, ISO code or name; repeatable", examples=[["UA"]]),
        ] = None,
        sector: Annotated[
            list[str] | None,
            Query(
                description="Victim sector id or name, sub-sectors included; repeatable",
                examples=[["energy"]],
            ),
        ] = None,
        actor: Annotated[
            list[str] | None,
            Query(
                description="Threat actor by any name or alias; repeatable", examples=[["APT28"]]
            ),
        ] = None,
        sponsor: Annotated[
            list[str] | None,
            Query(
                description="Suspected sponsor state (an actor's sponsor or an attributed state)",
                examples=[["RU"]],
            ),
        ] = None,
        tlp: Annotated[
            list[str] | None, Query(description=f"TLP marking: {_TLPS}", examples=[["clear"]])
        ] = None,
        text: Annotated[
            str | None,
            Query(
                description=(
                    "Full-text search in titles, summaries, organisations, sources and actor"
                    " names: every word must appear (word endings are ignored, and so are"
                    " English stop words such as `the` or `of`)"
                ),
                examples=["centrifuge"],
            ),
        ] = None,
    ) -> IncidentFilter:
        return toolbox.incidents.filter_from(
            filter_values(request.query_params, besides), by=reader
        )

    return read_filter
