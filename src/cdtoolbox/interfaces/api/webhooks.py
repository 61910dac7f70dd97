"""`/api/v1/webhooks`: the targets new alerts are sent to, for administrators. A target outside
the CDT_WEBHOOK_ALLOW allow-list is refused with 422 naming the field."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from cdtoolbox.interfaces.api.parameters import errors
from cdtoolbox.interfaces.api.reference_schemas import EntryList
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, SignedInDep
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.model.webhook_codec import target_to_dict
from cdtoolbox.model.webhooks import WebhookTarget

__all__ = ["router"]

router = APIRouter(tags=["webhooks"], route_class=AuthenticateFirst)

_EXAMPLE: dict[str, Any] = {
    "id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
    "url": "https://soc.example.eu/hooks/cdt",
    "max_tlp": "green",
    "added_at": "2026-11-25T09:00:00+00:00",
    "added_by": "admin",
}


class TargetOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})

    id: str
    url: str
    max_tlp: str = Field(description="The most restricted alert marking sent to it")
    added_at: str
    added_by: str


class TargetIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "url": "https://soc.example.eu/hooks/cdt",
                    "secret": "a shared secret of at least thirty-two characters",
                    "max_tlp": "green",
                }
            ]
        },
    )

    url: str = Field(description="Must start with a prefix of CDT_WEBHOOK_ALLOW")
    secret: str = Field(description="The shared secret of the signature, 32 characters or more")
    max_tlp: str = Field("green", description="The most restricted alert marking sent to it")


def _out(target: WebhookTarget) -> TargetOut:
    return TargetOut.model_validate(target_to_dict(target))


@router.get(
    "/webhooks",
    summary="Webhook targets",
    description="The targets new alerts are sent to (administrators only; secrets are never "
    "shown).",
    response_model=EntryList[TargetOut],
    responses=errors(401, 403),
)
def list_targets(toolbox: ToolboxDep, by: SignedInDep) -> EntryList[TargetOut]:
    items = [_out(t) for t in toolbox.webhooks.list(by=by)]
    return EntryList(items=items, total=len(items))


@router.post(
    "/webhooks",
    summary="Add a webhook target",
    description="Add a target (administrators only). A URL outside the CDT_WEBHOOK_ALLOW "
    "allow-list, a secret shorter than 32 characters or an unknown marking is refused with 422 "
    "naming the field; nothing is written.",
    status_code=201,
    response_model=TargetOut,
    responses=errors(401, 403, 422),
)
def add_target(toolbox: ToolboxDep, by: SignedInDep, body: TargetIn) -> TargetOut:
    return _out(toolbox.webhooks.add(body.url, secret=body.secret, max_tlp=body.max_tlp, by=by))
