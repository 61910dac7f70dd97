"""Requests and offers of assistance, the recorded teams and their deployments, as seen by one
transaction.

Reads fail closed: a read that does not name the reader's classification sees unclassified
records only. Requests and deployments carry versions as optimistic locks: answering,
withdrawing or closing names the version it was based on and raises ``Conflict`` when someone
else wrote in between.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, insert, or_, select, update

from cdtoolbox.errors import Conflict, InvalidInput, NotFound
from cdtoolbox.model.assistance import (
    AssistanceRequest,
    Deployment,
    Offer,
    RequestStatus,
    Team,
)
from cdtoolbox.model.assistance_codec import (
    deployment_from_dict,
    deployment_to_dict,
    offer_from_dict,
    offer_to_dict,
    request_from_dict,
    request_to_dict,
    team_from_dict,
    team_to_dict,
)
from cdtoolbox.model.vocabulary import Classification, Tlp
from cdtoolbox.store.assistance_schema import (
    assistance_offers,
    assistance_requests,
    team_deployments,
    teams,
)
from cdtoolbox.store.documents import read_document, write_document
from cdtoolbox.store.integers import check_version
from cdtoolbox.store.markings import within_clearance
from cdtoolbox.store.situation_repository import stored_time

__all__ = ["AssistanceRepository", "RequestQuery"]

_REQUEST = "assistance request"
_DEPLOYMENT = "deployment"


def _marked(record: AssistanceRequest | Offer | Team | Deployment) -> dict[str, object]:
    return {
        "tlp": record.tlp.value,
        "classification_rank": Classification.rank_of(record.classification),
    }


def _request_columns(request: AssistanceRequest) -> dict[str, object]:
    return {
        "id": request.id,
        "channel": request.channel.value,
        "requester": request.requester,
        "addressee": request.addressee,
        "incident_id": request.incident_id,
        "status": request.status.value,
        "sent_at": stored_time(request.sent_at),
        "deadline": stored_time(request.deadline) if request.deadline else None,
        **_marked(request),
        "version": request.version,
        "document": write_document(request_to_dict(request)),
    }


def _deployment_columns(deployment: Deployment) -> dict[str, object]:
    return {
        "id": deployment.id,
        "team_id": deployment.team_id,
        "location": deployment.location,
        "incident_id": deployment.incident_id,
        "starts": deployment.starts.isoformat(),
        "ends": deployment.ends.isoformat() if deployment.ends else None,
        **_marked(deployment),
        "version": deployment.version,
        "document": write_document(deployment_to_dict(deployment)),
    }


class RequestQuery:
    """Which requests to read: each criterion left None is not applied."""

    def __init__(
        self,
        *,
        status: RequestStatus | None = None,
        overdue_at: datetime | None = None,
        channel: str | None = None,
        addressee: str | None = None,
        incident_ids: Sequence[str] | None = None,
        state: str | None = None,
    ) -> None:
        self.status = status
        self.overdue_at = overdue_at
        self.channel = channel
        self.addressee = addressee
        self.incident_ids = incident_ids
        self.state = state

    def conditions(self) -> list[Any]:
        table = assistance_requests
        found: list[Any] = []
        if self.status is not None:
            found.append(table.c.status == self.status.value)
        if self.overdue_at is not None:
            found += [
                table.c.status == RequestStatus.OPEN.value,
                table.c.deadline.is_not(None),
                table.c.deadline < stored_time(self.overdue_at),
            ]
        if self.channel is not None:
            found.append(table.c.channel == self.channel)
        if self.addressee is not None:
            found.append(table.c.addressee == self.addressee)
        if self.incident_ids is not None:
            found.append(table.c.incident_id.in_(sorted(set(self.incident_ids))))
        if self.state is not None:
            found.append(or_(table.c.requester == self.state, table.c.addressee == self.state))
        return found


class AssistanceRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    # --- Requests --------------------------------------------------------------------------

    def add_request(self, request: AssistanceRequest) -> AssistanceRequest:
        stored = request.evolve(version=1)
        self._connection.execute(insert(assistance_requests).values(**_request_columns(stored)))
        return stored

    def update_request(
        self, request: AssistanceRequest, expected_version: int
    ) -> AssistanceRequest:
        check_version(_REQUEST, expected_version)
        stored = request.evolve(version=expected_version + 1)
        table = assistance_requests
        result = self._connection.execute(
            update(table)
            .where(table.c.id == request.id, table.c.version == expected_version)
            .values(**_request_columns(stored))
        )
        if result.rowcount != 1:
            actual = self.get_request(request.id).version
            raise Conflict(_REQUEST, request.id, expected_version, actual)
        return stored

    def get_request(self, request_id: str) -> AssistanceRequest:
        return request_from_dict(self._document(assistance_requests, request_id, _REQUEST))

    def requests(
        self,
        clearance: Tlp,
        classification: Classification | None = None,
        query: RequestQuery | None = None,
    ) -> builtins.list[AssistanceRequest]:
        """The requests marked at most ``clearance`` and classified at most
        ``classification`` that ``query`` selects, the latest sent first."""
        table = assistance_requests
        statement = (
            select(table.c.document)
            .where(
                *within_clearance(table, clearance, classification),
                *(query or RequestQuery()).conditions(),
            )
            .order_by(table.c.sent_at.desc(), table.c.id)
        )
        return [request_from_dict(read_document(row.document)) for row in self._run(statement)]

    # --- Offers ----------------------------------------------------------------------------

    def add_offer(self, offer: Offer) -> Offer:
        self._connection.execute(
            insert(assistance_offers).values(
                id=offer.id,
                request_id=offer.request_id,
                offered_by=offer.offered_by,
                to_state=offer.to_state,
                offered_at=stored_time(offer.offered_at),
                **_marked(offer),
                document=write_document(offer_to_dict(offer)),
            )
        )
        return offer

    def offers(
        self,
        clearance: Tlp,
        classification: Classification | None = None,
        *,
        request_ids: Sequence[str] | None = None,
    ) -> builtins.list[Offer]:
        table = assistance_offers
        statement = select(table.c.document).where(
            *within_clearance(table, clearance, classification)
        )
        if request_ids is not None:
            statement = statement.where(table.c.request_id.in_(sorted(set(request_ids))))
        statement = statement.order_by(table.c.offered_at, table.c.id)
        return [offer_from_dict(read_document(row.document)) for row in self._run(statement)]

    # --- Teams -----------------------------------------------------------------------------

    def team_exists(self, team_id: str) -> bool:
        return self._run(select(teams.c.id).where(teams.c.id == team_id)).first() is not None

    def add_team(self, team: Team) -> Team:
        if self.team_exists(team.id):
            raise InvalidInput("team", "name", team.name, "is already a recorded team")
        self._connection.execute(
            insert(teams).values(
                id=team.id,
                kind=team.kind.value,
                **_marked(team),
                document=write_document(team_to_dict(team)),
            )
        )
        return team

    def get_team(self, team_id: str) -> Team:
        return team_from_dict(self._document(teams, team_id, "team"))

    def teams(
        self, clearance: Tlp, classification: Classification | None = None
    ) -> builtins.list[Team]:
        statement = (
            select(teams.c.document)
            .where(*within_clearance(teams, clearance, classification))
            .order_by(teams.c.id)
        )
        return [team_from_dict(read_document(row.document)) for row in self._run(statement)]

    # --- Deployments -----------------------------------------------------------------------

    def add_deployment(self, deployment: Deployment) -> Deployment:
        stored = deployment.evolve(version=1)
        self._connection.execute(insert(team_deployments).values(**_deployment_columns(stored)))
        return stored

    def update_deployment(self, deployment: Deployment, expected_version: int) -> Deployment:
        check_version(_DEPLOYMENT, expected_version)
        stored = deployment.evolve(version=expected_version + 1)
        table = team_deployments
        result = self._connection.execute(
            update(table)
            .where(table.c.id == deployment.id, table.c.version == expected_version)
            .values(**_deployment_columns(stored))
        )
        if result.rowcount != 1:
            actual = self.get_deployment(deployment.id).version
            raise Conflict(_DEPLOYMENT, deployment.id, expected_version, actual)
        return stored

    def get_deployment(self, deployment_id: str) -> Deployment:
        document = self._document(team_deployments, deployment_id, _DEPLOYMENT)
        return deployment_from_dict(document)

    def deployments(
        self,
        clearance: Tlp,
        classification: Classification | None = None,
        *,
        team_id: str | None = None,
        incident_ids: Sequence[str] | None = None,
        location: str | None = None,
    ) -> builtins.list[Deployment]:
        """The readable deployments, the latest started first."""
        table = team_deployments
        statement = select(table.c.document).where(
            *within_clearance(table, clearance, classification)
        )
        if team_id is not None:
            statement = statement.where(table.c.team_id == team_id)
        if incident_ids is not None:
            statement = statement.where(table.c.incident_id.in_(sorted(set(incident_ids))))
        if location is not None:
            statement = statement.where(table.c.location == location)
        statement = statement.order_by(table.c.starts.desc(), table.c.id)
        return [deployment_from_dict(read_document(row.document)) for row in self._run(statement)]

    # ---------------------------------------------------------------------------------------

    def _document(self, table: Table, key: str, entity: str) -> dict[str, Any]:
        row = self._run(select(table.c.document).where(table.c.id == key)).first()
        if row is None:
            raise NotFound(entity, key)
        return read_document(row.document)

    def _run(self, statement: Any) -> Any:
        return self._connection.execute(statement)
