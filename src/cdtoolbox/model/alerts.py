"""Alerts: what the rules of ``assess.alert_rules`` found worth telling analysts now, kept
once per rule and subject.

An alert is de-duplicated: the same rule finding the same subject again updates when it was
last seen and never adds a second alert. It carries the markings of its subject, so it is
shown to the readers of that subject only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from cdtoolbox.model.vocabulary import Classification, Tlp

__all__ = ["Alert", "AlertFinding", "AlertRule"]


class AlertRule(StrEnum):
    SEVERE_IN_SEVERAL_STATES = "severe-in-several-member-states"
    SANCTIONED_ACTOR_ACTIVE = "sanctioned-actor-active-again"
    REQUEST_OVERDUE = "request-overdue"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    AlertRule.SEVERE_IN_SEVERAL_STATES: "Severity high or above in two or more Member States",
    AlertRule.SANCTIONED_ACTOR_ACTIVE: "An actor under EU sanctions active again",
    AlertRule.REQUEST_OVERDUE: "A request for assistance unanswered after its deadline",
}


@dataclass(frozen=True)
class AlertFinding:
    """One rule's finding about one subject (an incident, a request), before it is stored."""

    rule: AlertRule
    subject_kind: str  # "incident", "request"
    subject_id: str
    summary: str
    tlp: Tlp
    classification: Classification | None = None


@dataclass(frozen=True)
class Alert:
    id: str
    rule: AlertRule
    subject_kind: str
    subject_id: str
    summary: str
    first_seen: datetime  # UTC
    last_seen: datetime  # UTC
    tlp: Tlp
    classification: Classification | None = None
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None

    def evolve(self, **changes: object) -> Alert:
        return replace(self, **changes)  # type: ignore[arg-type]
