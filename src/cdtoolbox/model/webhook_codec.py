"""The document forms of webhook targets and deliveries."""

from __future__ import annotations

from typing import Any

from cdtoolbox.model.dataclass_codec import Codec, Document
from cdtoolbox.model.webhooks import WebhookDelivery, WebhookTarget

__all__ = ["delivery_from_dict", "delivery_to_dict", "target_from_dict", "target_to_dict"]

_TARGETS = Codec(WebhookTarget)
_DELIVERIES = Codec(WebhookDelivery)


def target_to_dict(target: WebhookTarget) -> Document:
    return _TARGETS.encode(target)


def target_from_dict(document: dict[str, Any]) -> WebhookTarget:
    return _TARGETS.decode(document)


def delivery_to_dict(delivery: WebhookDelivery) -> Document:
    return _DELIVERIES.encode(delivery)


def delivery_from_dict(document: dict[str, Any]) -> WebhookDelivery:
    return _DELIVERIES.decode(document)
