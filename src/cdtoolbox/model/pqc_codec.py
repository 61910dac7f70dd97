"""The PQC tracker's objects as JSON documents: one codec, used by `cdt pqc … --json` and by
the API's responses, so that both say the same thing in the same words."""

from __future__ import annotations

from cdtoolbox.model.pqc import (
    ClassifiedAsset,
    Milestone,
    MilestoneProgress,
    PqcProgress,
    ProgressRow,
)

__all__ = ["asset_document", "milestone_document", "progress_document", "row_document"]


def asset_document(item: ClassifiedAsset) -> dict[str, object]:
    asset, classification = item.asset, item.classification
    return {
        "id": asset.id,
        "organisation": asset.organisation,
        "member_state": asset.member_state,
        "sector": asset.sector,
        "system": asset.system,
        "algorithm": asset.algorithm,
        "parameter": asset.parameter,
        "primitive": asset.primitive,
        "protocol": asset.protocol,
        "library": asset.library,
        "data_lifetime_years": asset.data_lifetime_years,
        "criticality": asset.criticality.value,
        "tlp": asset.tlp.value,
        "eu_classification": (asset.eu_classification.value if asset.eu_classification else None),
        "status": classification.status.value,
        "family": classification.family,
        "key_bits": classification.key_bits,
        "role": classification.role.value,
        "replacement": classification.replacement,
        "reason": classification.reason,
        "hndl": item.hndl,
        "source": asset.source,
        "reference": asset.reference,
        "recorded_at": asset.recorded_at.isoformat(),
    }


def milestone_document(milestone: Milestone) -> dict[str, object]:
    return {
        "id": milestone.id,
        "due": milestone.due.isoformat(),
        "title": milestone.title,
        "criticalities": [criticality.value for criticality in milestone.criticalities],
        "sources": list(milestone.sources),
        "evidence": milestone.evidence,
    }


def _milestone_progress(item: MilestoneProgress) -> dict[str, object]:
    return {
        "milestone": item.milestone.id,
        "in_scope": item.in_scope,
        "resistant": item.resistant,
        "share": item.share,
    }


def row_document(row: ProgressRow) -> dict[str, object]:
    return {
        "key": row.key,
        "label": row.label,
        "organisations": row.organisations,
        "total": row.total,
        "vulnerable": row.vulnerable,
        "weakened": row.weakened,
        "resistant": row.resistant,
        "unclassified": row.unclassified,
        "hndl": row.hndl,
        "share_resistant": row.share_resistant,
        "milestones": [_milestone_progress(item) for item in row.milestones],
    }


def progress_document(progress: PqcProgress) -> dict[str, object]:
    return {
        "quantum_horizon": {"year": progress.horizon.year, "basis": progress.horizon.basis},
        "milestones": [milestone_document(milestone) for milestone in progress.milestones],
        "overall": row_document(progress.overall),
        "by_member_state": [row_document(row) for row in progress.by_member_state],
        "by_sector": [row_document(row) for row in progress.by_sector],
    }
