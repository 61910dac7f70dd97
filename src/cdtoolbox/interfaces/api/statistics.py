"""`/api/v1/statistics`: the dashboard's counts, for the same filters as the incident list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from cdtoolbox.interfaces.api.parameters import errors, incident_filter
from cdtoolbox.interfaces.api.schemas import StatisticsOut, statistics_out
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.model import IncidentFilter

__all__ = ["router"]

router = APIRouter(tags=["statistics"], route_class=AuthenticateFirst)


@router.get(
    "/statistics",
    summary="Count incidents",
    description=(
        "How many incidents match the filters, by year of start and type, by victim country, "
        "by suspected sponsor state and by actor (the figures of the dashboard). An incident "
        "with two types counts under each."
    ),
    response_model=StatisticsOut,
    responses=errors(401, 422),
)
def incident_statistics(
    toolbox: ToolboxDep,
    reader: ReaderDep,
    query: Annotated[IncidentFilter, Depends(incident_filter("top"))],
    top: Annotated[
        int, Query(ge=1, le=100, description="Length of the sponsor and actor lists", examples=[10])
    ] = 10,
) -> StatisticsOut:
    return statistics_out(toolbox.statistics.summary(query, top=top, by=reader))
