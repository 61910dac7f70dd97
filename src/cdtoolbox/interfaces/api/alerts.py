"""`/api/v1/alerts…`: the alerts the rules raised, within the reader's clearance, and their
acknowledgement by analysts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from cdtoolbox.interfaces.api.parameters import errors
from cdtoolbox.interfaces.api.reference_schemas import EntryList
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep, SignedInDep
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.model.alert_codec import alert_to_dict
from cdtoolbox.model.alerts import Alert, AlertRule

__all__ = ["AlertOut", "router"]

router = APIRouter(tags=["alerts"], route_class=AuthenticateFirst)

_RULES = ", ".join(rule.value for rule in AlertRule)
_EXAMPLE: dict[str, Any] = {
    "id": "0b1e8f52-63c4-4a0e-9d4c-1f2a3b4c5d6e",
    "rule": "sanctioned-actor-active-again",
    "subject_kind": "incident",
    "subject_id": "912951bb-b82f-572a-80f6-189a6af4ab34",
    "summary": "Ministries breached: attributed to APT28, listed by the EU on 2020-10-22, "
    "active again from 2026-11",
    "first_seen": "2026-11-24T08:00:00+00:00",
    "last_seen": "2026-11-25T08:00:00+00:00",
    "tlp": "amber",
    "classification": None,
    "acknowledged_at": None,
    "acknowledged_by": None,
}


class AlertOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})

    id: str
    rule: str = Field(description=f"One of: {_RULES}")
    subject_kind: str = Field(description="incident or request")
    subject_id: str
    summary: str
    first_seen: str = Field(description="When a rule first found it (UTC)")
    last_seen: str = Field(description="When a rule last found it (UTC)")
    tlp: str = Field(description="The subject's TLP marking")
    classification: str | None = Field(description="The subject's EU classification")
    acknowledged_at: str | None = Field(description="null: not acknowledged")
    acknowledged_by: str | None


def _out(alert: Alert) -> AlertOut:
    return AlertOut.model_validate(alert_to_dict(alert))


@router.get(
    "/alerts",
    summary="Alerts",
    description="The alerts you may read (each at its subject's markings), the latest seen "
    "first: those not acknowledged, or with `acknowledged=true` the acknowledged ones.",
    response_model=EntryList[AlertOut],
    responses=errors(422),
)
def list_alerts(
    toolbox: ToolboxDep,
    by: ReaderDep,
    acknowledged: Annotated[
        bool, Query(description="List the acknowledged alerts instead", examples=[False])
    ] = False,
) -> EntryList[AlertOut]:
    items = [_out(a) for a in toolbox.alerts.list(acknowledged=acknowledged, by=by)]
    return EntryList(items=items, total=len(items))


@router.post(
    "/alerts/{alert_id}/acknowledge",
    summary="Acknowledge an alert",
    description="Mark the alert seen (analysts and administrators): it leaves the open alerts "
    "and is not re-opened when a rule finds its subject again. An alert you may not read "
    "answers 404; one already acknowledged 422.",
    response_model=AlertOut,
    responses=errors(401, 403, 404, 422),
)
def acknowledge_alert(
    toolbox: ToolboxDep,
    by: SignedInDep,
    alert_id: Annotated[str, Path(description="The alert's id", examples=[_EXAMPLE["id"]])],
) -> AlertOut:
    return _out(toolbox.alerts.acknowledge(alert_id, by=by))
