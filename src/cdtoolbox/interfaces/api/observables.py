"""`/api/v1/observables` and `/api/v1/incidents/{key}/observables|linked`: observables on
incidents and the incidents sharing them (docs/correlation.md). Every answer leaves out what
the caller may not read; an incident above their clearance is answered 404."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from cdtoolbox.interfaces.api.observable_schemas import (
    LinkedIncidentOut,
    ObservableIn,
    ObservableRecordOut,
    SharedObservableOut,
    linked_out,
    record_out,
    shared_out,
)
from cdtoolbox.interfaces.api.parameters import errors
from cdtoolbox.interfaces.api.reference_schemas import EntryList
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep, SignedInDep
from cdtoolbox.interfaces.http.request_context import ToolboxDep

__all__ = ["router"]

router = APIRouter(tags=["correlation"], route_class=AuthenticateFirst)

KeyPath = Annotated[str, Path(description="Incident id or slug", examples=["wannacry-2017"])]


@router.get(
    "/observables",
    summary="Find the incidents carrying an observable",
    description=(
        "The incidents you may read that carry `value` (normalised first: `EXAMPLE.org.` "
        "finds `example.org`), by incident id; its kind is read from its form unless `kind` "
        "is given. A value that is no observable is refused with 422. The same as "
        "`cdt observables find VALUE --json`."
    ),
    response_model=EntryList[SharedObservableOut],
    responses=errors(401, 422),
)
def find_observable(
    toolbox: ToolboxDep,
    reader: ReaderDep,
    value: Annotated[str, Query(description="The value", examples=["198.51.100.7"])],
    kind: Annotated[
        str | None, Query(description="Read `value` as this kind", examples=["ipv4"])
    ] = None,
) -> EntryList[SharedObservableOut]:
    found = toolbox.observables.find(value, kind=kind, by=reader)
    return EntryList(items=[shared_out(item) for item in found], total=len(found))


@router.get(
    "/incidents/{key}/observables",
    summary="List an incident's observables",
    description=(
        "The observables recorded on the incident that you may read: kind, normalised value, "
        "source, TLP, first and last seen, STIX sightings."
    ),
    response_model=EntryList[ObservableRecordOut],
    responses=errors(401, 404, 422),
)
def list_observables(
    toolbox: ToolboxDep, reader: ReaderDep, key: KeyPath
) -> EntryList[ObservableRecordOut]:
    found = toolbox.observables.of_incident(key, by=reader)
    return EntryList(items=[record_out(item) for item in found], total=len(found))


@router.post(
    "/incidents/{key}/observables",
    summary="Record an observable on an incident",
    description=(
        "Record one observable, normalised; a value that is not of its kind is refused with "
        "422 naming the field and the reason, and nothing is written."
    ),
    status_code=201,
    response_model=ObservableRecordOut,
    responses=errors(401, 403, 404, 422),
)
def add_observable(
    toolbox: ToolboxDep, by: SignedInDep, key: KeyPath, body: ObservableIn
) -> ObservableRecordOut:
    return record_out(toolbox.observables.add(key, body.kind, body.value, by=by))


@router.get(
    "/incidents/{key}/linked",
    summary="List the incidents linked by a shared observable",
    description=(
        "The other incidents you may read that share at least one observable with this one, "
        "those sharing the most first, each with the observables shared. The same as "
        "`linked_incidents` in `cdt incidents show --json`."
    ),
    response_model=EntryList[LinkedIncidentOut],
    responses=errors(401, 404, 422),
)
def linked_incidents(
    toolbox: ToolboxDep, reader: ReaderDep, key: KeyPath
) -> EntryList[LinkedIncidentOut]:
    found = toolbox.observables.linked(key, by=reader)
    return EntryList(items=[linked_out(item) for item in found], total=len(found))
