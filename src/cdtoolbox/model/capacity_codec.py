"""The one document form of a capacity-building project: stored, printed by ``--json``,
validated by the API's wire schemas and written into the audit trail."""

from __future__ import annotations

from typing import Any

from cdtoolbox.model.capacity import CapacityGap, CapacityProject
from cdtoolbox.model.dataclass_codec import Codec, Document

__all__ = ["GAPS", "PROJECTS", "gap_to_dict", "project_from_dict", "project_to_dict"]

PROJECTS = Codec(CapacityProject)
GAPS = Codec(
    CapacityGap,
    keys=["state", "theme", "incidents", "worst", "weak_cbm", "reasons", "reason"],
)


def project_to_dict(project: CapacityProject) -> Document:
    return PROJECTS.encode(project)


def project_from_dict(document: dict[str, Any]) -> CapacityProject:
    return PROJECTS.decode(document)


def gap_to_dict(gap: CapacityGap) -> Document:
    return GAPS.encode(gap)
