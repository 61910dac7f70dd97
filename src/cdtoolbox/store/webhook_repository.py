"""Webhook targets with their secrets, and the delivery log, as seen by one transaction."""

from __future__ import annotations

import builtins

from sqlalchemy import Connection, delete, insert, select

from cdtoolbox.model.webhook_codec import (
    delivery_from_dict,
    delivery_to_dict,
    target_from_dict,
    target_to_dict,
)
from cdtoolbox.model.webhooks import WebhookDelivery, WebhookTarget
from cdtoolbox.store.documents import read_document, write_document
from cdtoolbox.store.situation_repository import stored_time
from cdtoolbox.store.webhook_schema import webhook_deliveries, webhook_targets

__all__ = ["WebhookRepository"]


class WebhookRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add(self, target: WebhookTarget, secret: str) -> WebhookTarget:
        self._connection.execute(
            insert(webhook_targets).values(
                id=target.id,
                url=target.url,
                secret=secret,
                document=write_document(target_to_dict(target)),
            )
        )
        return target

    def url_taken(self, url: str) -> bool:
        found = self._connection.execute(
            select(webhook_targets.c.id).where(webhook_targets.c.url == url)
        ).first()
        return found is not None

    def remove(self, target_id: str) -> bool:
        result = self._connection.execute(
            delete(webhook_targets).where(webhook_targets.c.id == target_id)
        )
        return result.rowcount == 1

    def targets(self) -> builtins.list[tuple[WebhookTarget, str]]:
        """Every target with its secret, in the order they were added."""
        rows = self._connection.execute(
            select(webhook_targets.c.document, webhook_targets.c.secret).order_by(
                webhook_targets.c.id
            )
        )
        return [(target_from_dict(read_document(row.document)), row.secret) for row in rows]

    def log(self, delivery: WebhookDelivery) -> WebhookDelivery:
        self._connection.execute(
            insert(webhook_deliveries).values(
                id=delivery.id,
                target_id=delivery.target_id,
                at=stored_time(delivery.at),
                document=write_document(delivery_to_dict(delivery)),
            )
        )
        return delivery

    def deliveries(self, limit: int = 100) -> builtins.list[WebhookDelivery]:
        """The latest deliveries first."""
        table = webhook_deliveries
        rows = self._connection.execute(
            select(table.c.document).order_by(table.c.at.desc(), table.c.seq.desc()).limit(limit)
        )
        return [delivery_from_dict(read_document(row.document)) for row in rows]
