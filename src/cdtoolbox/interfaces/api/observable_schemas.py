"""Wire schemas of observables and their correlations (Pydantic v2); the documents are
``model.observable_codec``'s."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cdtoolbox.interfaces.api.schemas import IncidentOut
from cdtoolbox.model.observable_codec import linked_to_dict, record_to_dict, shared_to_dict
from cdtoolbox.model.observables import LinkedIncident, ObservableRecord, SharedObservable

__all__ = [
    "LinkedIncidentOut",
    "ObservableIn",
    "ObservableOut",
    "ObservableRecordOut",
    "SharedObservableOut",
    "linked_out",
    "record_out",
    "shared_out",
]

_INCIDENT = "5c1f3e2a-9b7d-4e6f-8a1c-2d3b4e5f6a70"
_OBSERVABLE: dict[str, Any] = {"kind": "ipv4", "value": "198.51.100.7"}
_RECORD: dict[str, Any] = {
    **_OBSERVABLE,
    "incident_id": _INCIDENT,
    "source": "cloud-hopper.json",
    "tlp": "amber",
    "first_seen": "2024-02-01T00:00:00+00:00",
    "last_seen": "2024-02-03T00:00:00+00:00",
    "sightings": 3,
}
_SHARED: dict[str, Any] = {
    **_OBSERVABLE,
    "incident_id": _INCIDENT,
    "incident_title": "Operation Cloud Hopper",
    "source": "cloud-hopper.json",
    "sightings": 3,
}
_LINKED: dict[str, Any] = {
    "incident_id": _INCIDENT,
    "title": "Operation Cloud Hopper",
    "shared": [_OBSERVABLE],
}
_KINDS = "ipv4, ipv6, domain, url, md5, sha1, sha256, sha512, certificate or email"


class ObservableOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_OBSERVABLE]})

    kind: str = Field(description=f"One of {_KINDS}", examples=["ipv4"])
    value: str = Field(description="The normalised value", examples=["198.51.100.7"])


class ObservableIn(ObservableOut):
    value: str = Field(description="The value, in any usual form", examples=["198.51.100.7"])


class ObservableRecordOut(ObservableOut):
    model_config = ConfigDict(json_schema_extra={"examples": [_RECORD]})

    incident_id: str
    source: str = Field(description="The imported file, or `manual`", examples=["manual"])
    tlp: str = Field(examples=["amber"])
    first_seen: str | None = None
    last_seen: str | None = None
    sightings: int = Field(description="STIX sightings counted by the imports", examples=[0])


class SharedObservableOut(ObservableOut):
    model_config = ConfigDict(json_schema_extra={"examples": [_SHARED]})

    incident_id: str
    incident_title: str
    source: str
    sightings: int


class LinkedIncidentOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_LINKED]})

    incident_id: str
    title: str
    shared: list[ObservableOut] = Field(description="The observables both incidents carry")


def record_out(record: ObservableRecord) -> ObservableRecordOut:
    return ObservableRecordOut.model_validate(record_to_dict(record))


def shared_out(shared: SharedObservable) -> SharedObservableOut:
    return SharedObservableOut.model_validate(shared_to_dict(shared))


def linked_out(linked: LinkedIncident) -> LinkedIncidentOut:
    return LinkedIncidentOut.model_validate(linked_to_dict(linked))


class IncidentWithLinksOut(IncidentOut):
    """One incident as `cdt incidents show --json` prints it: the stored incident and the
    incidents the reader may read that share an observable with it."""

    linked_incidents: list[LinkedIncidentOut] = Field(
        description="Incidents sharing at least one observable, those sharing the most first"
    )


def incident_with_links_out(
    incident: IncidentOut, linked: list[LinkedIncident]
) -> IncidentWithLinksOut:
    return IncidentWithLinksOut.model_validate(
        {**incident.model_dump(), "linked_incidents": [linked_to_dict(item) for item in linked]}
    )
