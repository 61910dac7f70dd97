"""Situation reports: what is known of an incident, how it is judged, what is being done and
what comes next, written for readers outside the handling team.

A sitrep is versioned: a revision is a new version and every earlier one is kept as it was,
so what was sent on a given day can always be read again. A version is drafted by one person
and approved by another holding the approver's right; only an approved version leaves the
system as a document, at its TLP, and never when it is EU classified (the same rule as every
report: EU classified information is drafted in an accredited registry, not exported).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from cdtoolbox.model.vocabulary import Classification, Tlp

__all__ = ["SITREP_SECTIONS", "Sitrep", "SitrepStatus", "sitrep_problem"]

#: The sections of a sitrep, in the order they are written and printed, with their headings.
SITREP_SECTIONS: tuple[tuple[str, str], ...] = (
    ("summary", "Summary"),
    ("assessment", "Assessment"),
    ("actions", "Actions taken"),
    ("next_steps", "Next steps"),
)


class SitrepStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True)
class Sitrep:
    """One version of a situation report on one incident.

    ``id`` names the report across its versions; ``version`` counts from 1. ``drafted_by`` is
    who wrote this version, ``approved_by`` who approved it (never the same person).
    """

    id: str
    version: int
    incident_id: str
    summary: str
    assessment: str
    actions: str
    next_steps: str
    drafted_at: datetime  # UTC
    drafted_by: str
    status: SitrepStatus = SitrepStatus.DRAFT
    approved_at: datetime | None = None  # UTC
    approved_by: str | None = None
    tlp: Tlp = Tlp.AMBER
    classification: Classification | None = None  # EU classification; None: unclassified

    def evolve(self, **changes: object) -> Sitrep:
        return replace(self, **changes)  # type: ignore[arg-type]


def sitrep_problem(sitrep: Sitrep) -> tuple[str, object, str] | None:
    """What is wrong with a sitrep version, as (field, value, reason), or None."""
    for field, _ in SITREP_SECTIONS:
        if not str(getattr(sitrep, field)).strip():
            return field, getattr(sitrep, field), "is required"
    approved = sitrep.status is SitrepStatus.APPROVED
    if approved != (sitrep.approved_by is not None and sitrep.approved_at is not None):
        return "approved_by", sitrep.approved_by, "is given exactly when the version is approved"
    if sitrep.approved_by is not None and sitrep.approved_by == sitrep.drafted_by:
        return "approved_by", sitrep.approved_by, "drafted this version; another must approve it"
    return None
