"""The one document form of an alert: stored, printed by ``--json``, validated by the API's
wire schemas and written into the audit trail."""

from __future__ import annotations

from typing import Any

from cdtoolbox.model.alerts import Alert
from cdtoolbox.model.dataclass_codec import Codec, Document

__all__ = ["ALERTS", "alert_from_dict", "alert_to_dict"]

ALERTS = Codec(Alert)


def alert_to_dict(alert: Alert) -> Document:
    return ALERTS.encode(alert)


def alert_from_dict(document: dict[str, Any]) -> Alert:
    return ALERTS.decode(document)
