"""Alerts as seen by one transaction: raised once per rule and subject, read within the
reader's clearances (failing closed on the classification), acknowledged."""

from __future__ import annotations

import builtins
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from cdtoolbox.model.alert_codec import alert_from_dict, alert_to_dict
from cdtoolbox.model.alerts import Alert, AlertFinding
from cdtoolbox.model.vocabulary import Classification, Tlp
from cdtoolbox.store.alert_schema import alerts
from cdtoolbox.store.documents import read_document, write_document
from cdtoolbox.store.markings import within_clearance
from cdtoolbox.store.situation_repository import stored_time

__all__ = ["AlertRepository"]


def _columns(alert: Alert) -> dict[str, object]:
    return {
        "id": alert.id,
        "rule": alert.rule.value,
        "subject_id": alert.subject_id,
        "last_seen": stored_time(alert.last_seen),
        "acknowledged": int(alert.acknowledged_at is not None),
        "tlp": alert.tlp.value,
        "classification_rank": Classification.rank_of(alert.classification),
        "document": write_document(alert_to_dict(alert)),
    }


class AlertRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def find(self, finding: AlertFinding) -> Alert | None:
        """The alert already raised by ``finding``'s rule on its subject, if any."""
        row = self._connection.execute(
            select(alerts.c.document).where(
                alerts.c.rule == finding.rule.value, alerts.c.subject_id == finding.subject_id
            )
        ).first()
        return alert_from_dict(read_document(row.document)) if row else None

    def add(self, alert: Alert) -> Alert:
        self._connection.execute(insert(alerts).values(**_columns(alert)))
        return alert

    def replace(self, alert: Alert) -> Alert:
        self._connection.execute(
            update(alerts).where(alerts.c.id == alert.id).values(**_columns(alert))
        )
        return alert

    def get(self, alert_id: str) -> Alert | None:
        row = self._connection.execute(
            select(alerts.c.document).where(alerts.c.id == alert_id)
        ).first()
        return alert_from_dict(read_document(row.document)) if row else None

    def list(
        self,
        clearance: Tlp,
        classification: Classification | None = None,
        *,
        acknowledged: bool | None = False,
        seen_since: datetime | None = None,
    ) -> builtins.list[Alert]:
        """The alerts within the clearances, the latest seen first: only those not yet
        acknowledged unless ``acknowledged`` is True (only those) or None (all)."""
        query = select(alerts.c.document).where(
            *within_clearance(alerts, clearance, classification)
        )
        if acknowledged is not None:
            query = query.where(alerts.c.acknowledged == int(acknowledged))
        if seen_since is not None:
            query = query.where(alerts.c.last_seen >= stored_time(seen_since))
        rows = self._connection.execute(query.order_by(alerts.c.last_seen.desc(), alerts.c.id))
        return [alert_from_dict(read_document(row.document)) for row in rows]
