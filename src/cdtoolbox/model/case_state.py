"""Where a response case stands: its own module because the audit trail's labels name every
state, and the audit trail is read by commands that have no use for the rest of a case."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["CaseState"]


class CaseState(StrEnum):
    """Where a response case stands in its workflow (see ``respond.workflow``)."""

    DRAFTING = "drafting"
    CONSULTATION = "consultation"
    ADOPTED = "adopted"  # decided: at least one measure adopted
    NOT_ADOPTED = "not-adopted"  # decided: no measure adopted
    IMPLEMENTING = "implementing"
    UNDER_REVIEW = "under-review"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    CaseState.DRAFTING: "Drafting",
    CaseState.CONSULTATION: "Consultation of Member States",
    CaseState.ADOPTED: "Decided: measures adopted",
    CaseState.NOT_ADOPTED: "Decided: no measure adopted",
    CaseState.IMPLEMENTING: "Implementing",
    CaseState.UNDER_REVIEW: "Under review",
    CaseState.CLOSED: "Closed",
}
