"""The one document form of each assistance record: stored, printed by ``--json``, validated
by the API's wire schemas and written into the audit trail."""

from __future__ import annotations

from typing import Any

from cdtoolbox.model.assistance import (
    Answer,
    AssistanceRequest,
    Deployment,
    Offer,
    Team,
    Window,
)
from cdtoolbox.model.dataclass_codec import Codec, Document

__all__ = [
    "DEPLOYMENTS",
    "OFFERS",
    "REQUESTS",
    "TEAMS",
    "deployment_from_dict",
    "deployment_to_dict",
    "offer_from_dict",
    "offer_to_dict",
    "request_from_dict",
    "request_to_dict",
    "team_from_dict",
    "team_to_dict",
]

REQUESTS = Codec(AssistanceRequest, codecs=[Codec(Answer)])
OFFERS = Codec(Offer)
TEAMS = Codec(Team, codecs=[Codec(Window)])
DEPLOYMENTS = Codec(Deployment)


def request_to_dict(request: AssistanceRequest) -> Document:
    return REQUESTS.encode(request)


def request_from_dict(document: dict[str, Any]) -> AssistanceRequest:
    return REQUESTS.decode(document)


def offer_to_dict(offer: Offer) -> Document:
    return OFFERS.encode(offer)


def offer_from_dict(document: dict[str, Any]) -> Offer:
    return OFFERS.decode(document)


def team_to_dict(team: Team) -> Document:
    return TEAMS.encode(team)


def team_from_dict(document: dict[str, Any]) -> Team:
    return TEAMS.decode(document)


def deployment_to_dict(deployment: Deployment) -> Document:
    return DEPLOYMENTS.encode(deployment)


def deployment_from_dict(document: dict[str, Any]) -> Deployment:
    return DEPLOYMENTS.decode(document)
