"""Webhook targets: outside receivers that alerts are sent to, signed, at most at the TLP the
target is cleared for; and the log of each delivery."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cdtoolbox.model.vocabulary import Tlp

__all__ = ["WebhookDelivery", "WebhookTarget"]


@dataclass(frozen=True)
class WebhookTarget:
    """A receiver of alerts. Its shared secret is kept by the store beside it, never in this
    object, so it is neither printed nor audited."""

    id: str
    url: str
    max_tlp: Tlp  # the most restricted alert marking sent to it
    added_at: datetime  # UTC
    added_by: str


@dataclass(frozen=True)
class WebhookDelivery:
    """One alert sent (or withheld) to one target: how it ended, after how many attempts."""

    id: str
    target_id: str
    alert_id: str
    at: datetime  # UTC, when the first attempt was made
    outcome: str  # "delivered", "failed", "withheld"
    attempts: int
    status: int | None = None  # the last HTTP status received, if any
    detail: str = ""
