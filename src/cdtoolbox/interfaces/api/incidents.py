"""`/api/v1/incidents`: list with the CLI's filters, read, assess, create and edit incidents."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, Path, Query, Response

from cdtoolbox.errors import InvalidInput
from cdtoolbox.ingest.query_parameters import read_incident_sort
from cdtoolbox.interfaces.api.assessment_schemas import AssessmentOut, assessment_out
from cdtoolbox.interfaces.api.observable_schemas import (
    IncidentWithLinksOut,
    incident_with_links_out,
)
from cdtoolbox.interfaces.api.parameters import CursorQuery, SortQuery, errors, incident_filter
from cdtoolbox.interfaces.api.schemas import (
    IncidentChanges,
    IncidentPageOut,
    incident_out,
    incident_page_out,
)
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep, SignedInDep
from cdtoolbox.interfaces.http.request_context import LISTING_PARAMETERS, ToolboxDep
from cdtoolbox.model import Incident, IncidentFilter
from cdtoolbox.model.access import User
from cdtoolbox.toolbox import Toolbox

__all__ = ["router"]

router = APIRouter(tags=["incidents"], route_class=AuthenticateFirst)

KeyPath = Annotated[str, Path(description="Incident id or slug", examples=["wannacry-2017"])]

# At most 20 ASCII digits: int() refuses longer strings with an error of its own; the store
# refuses a version beyond what its column holds.
_ETAG = re.compile(r'^\s*(?:W/)?"?([0-9]{1,20})"?\s*$')


def _names(toolbox: Toolbox, incidents: Iterable[Incident], reader: User) -> dict[str, str]:
    return toolbox.actors.names(
        {actor for incident in incidents for actor in incident.actor_ids}, by=reader
    )


def _etag(incident: Incident) -> str:
    return f'"{incident.version}"'


@router.get(
    "/incidents",
    summary="List incidents",
    description=(
        "Incidents matching every filter given (several values of one filter match any of "
        "them), newest first unless `sort` says otherwise. The filters are those of "
        "`cdt incidents list` and of the Incidents page. Read further pages with `cursor`."
    ),
    response_model=IncidentPageOut,
    responses=errors(401, 422),
)
def list_incidents(
    toolbox: ToolboxDep,
    reader: ReaderDep,
    query: Annotated[IncidentFilter, Depends(incident_filter(*LISTING_PARAMETERS))],
    sort: SortQuery = "-start",
    limit: Annotated[int, Query(ge=1, le=1000, description="Page size", examples=[50])] = 50,
    cursor: CursorQuery = None,
) -> IncidentPageOut:
    page = toolbox.incidents.list(
        query, sort=read_incident_sort(sort), limit=limit, cursor=cursor, by=reader
    )
    return incident_page_out(page, _names(toolbox, page.items, reader), limit)


@router.get(
    "/incidents/{key}",
    summary="Read an incident",
    description=(
        "One incident by id or slug, with its victims, actors, attributions, impact and "
        "sources, and the incidents you may read that share an observable with it "
        "(`linked_incidents`), as `cdt incidents show --json` prints it. The `ETag` header "
        "carries its version, for `If-Match` when editing."
    ),
    response_model=IncidentWithLinksOut,
    responses=errors(401, 404, 422),
)
def get_incident(
    toolbox: ToolboxDep, reader: ReaderDep, key: KeyPath, response: Response
) -> IncidentWithLinksOut:
    incident = toolbox.incidents.get(key, by=reader)
    response.headers["ETag"] = _etag(incident)
    return _with_links(toolbox, incident, reader)


@router.get(
    "/incidents/{key}/assessment",
    summary="Assess an incident",
    description=(
        "The assessment of one incident by id or slug, against the other stored incidents the "
        "caller may read as precedents: severity as a range with its dimensions and reasons, "
        "the attribution synthesis, the UN norms and the international law it engages, every "
        "Toolbox option with its preconditions, and the recommendation with the level of "
        "response (`recommendation.response_level`: level, deciding rule, reasons). The same "
        "document as `cdt assess KEY --json`; `ruleset` names the version of the rules. An "
        "incident above the caller's clearance is answered 404, as if it were not stored."
    ),
    response_model=AssessmentOut,
    responses=errors(401, 404, 422),
)
def get_assessment(toolbox: ToolboxDep, reader: ReaderDep, key: KeyPath) -> AssessmentOut:
    return assessment_out(toolbox.assessments.assess(key, by=reader))


@router.post(
    "/incidents",
    summary="Create an incident",
    description=(
        "Store one incident from a document in the incident file format "
        "(docs/incident-format.md). Countries, sectors and actors may be given as users know "
        "them; every wrong field is reported at once and nothing is stored."
    ),
    status_code=201,
    response_model=IncidentWithLinksOut,
    responses=errors(401, 403, 422),
)
def create_incident(
    toolbox: ToolboxDep,
    by: SignedInDep,
    response: Response,
    document: Annotated[
        dict[str, Any],
        Body(
            description="One incident document",
            examples=[
                {
                    "title": "Ransomware attack on a regional hospital",
                    "start": "2024-03",
                    "types": ["ransomware"],
                    "victims": {"countries": ["Germany"], "sectors": ["health"]},
                    "sources": [{"title": "CERT-Bund advisory", "url": "https://example.org/a"}],
                }
            ],
        ),
    ],
) -> IncidentWithLinksOut:
    report = toolbox.incidents.add([document], source="request body", by=by)
    incident = report.created[0]
    response.headers["Location"] = f"/api/v1/incidents/{incident.id}"
    response.headers["ETag"] = _etag(incident)
    return _with_links(toolbox, incident, by)


@router.patch(
    "/incidents/{key}",
    summary="Edit an incident",
    description=(
        "Change some fields of an incident; the stored version goes up by one. Give the "
        "version your change is based on as `If-Match` (the `ETag` of the incident) or as "
        "`expected_version`: if someone saved a newer version meanwhile, the edit is refused "
        "with 409 instead of overwriting their change."
    ),
    response_model=IncidentWithLinksOut,
    responses=errors(401, 403, 404, 409, 422),
)
def edit_incident(
    toolbox: ToolboxDep,
    by: SignedInDep,
    key: KeyPath,
    edit: IncidentChanges,
    response: Response,
    if_match: Annotated[
        str | None,
        Header(description='The version the change is based on, e.g. "3"', examples=['"1"']),
    ] = None,
) -> IncidentWithLinksOut:
    expected = _expected_version(if_match, edit.expected_version)
    incident = toolbox.incidents.edit(key, edit.changes, expected_version=expected, by=by)
    response.headers["ETag"] = _etag(incident)
    return _with_links(toolbox, incident, by)


def _expected_version(if_match: str | None, in_body: int | None) -> int | None:
    if if_match is None:
        return in_body
    match = _ETAG.match(if_match)
    if match is None:
        reason = 'is not an incident version as its ETag gives it (e.g. "3")'
        raise InvalidInput("request", "If-Match", if_match, reason)
    version = int(match.group(1))
    if in_body is not None and in_body != version:
        reason = f"differs from expected_version ({in_body}) in the body"
        raise InvalidInput("request", "If-Match", if_match, reason)
    return version


def _with_links(toolbox: Toolbox, incident: Incident, reader: User) -> IncidentWithLinksOut:
    """The incident as every route answering with one incident gives it: as
    `cdt incidents show --json` prints it, with the incidents linked by a shared observable."""
    linked = toolbox.observables.linked(incident.id, by=reader)
    return incident_with_links_out(
        incident_out(incident, _names(toolbox, [incident], reader)), list(linked)
    )
