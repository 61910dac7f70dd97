"""Wire schemas of the post-quantum transition tracker (Pydantic v2).

Each object travels as the document ``cdt pqc … --json`` prints (``model.pqc_codec``), so
the API and the command line agree field for field.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cdtoolbox.model.pqc import ClassifiedAsset, InventoryImport, PqcProgress
from cdtoolbox.model.pqc_codec import asset_document, progress_document

__all__ = [
    "AssetListOut",
    "AssetOut",
    "InventoryImportOut",
    "ProgressOut",
    "asset_list_out",
    "inventory_import_out",
    "progress_out",
]


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


_ASSET_EXAMPLE: dict[str, Any] = {
    "id": "6b7b7e89-0d8e-4211-b99c-404b9e6633aa",
    "organisation": "Federal Foreign Office",
    "member_state": "DE",
    "sector": "government",
    "system": "Consular visa system",
    "algorithm": "RSA-2048",
    "parameter": "2048",
    "primitive": "pke",
    "protocol": None,
    "library": "OpenSSL",
    "data_lifetime_years": 25,
    "criticality": "high",
    "tlp": "amber",
    "eu_classification": None,
    "status": "vulnerable",
    "family": "RSA",
    "key_bits": 2048,
    "role": "confidentiality",
    "replacement": "ML-KEM-768 or ML-KEM-1024 (FIPS 203) where it encrypts or establishes "
    "keys; ML-DSA-65 or ML-DSA-87 (FIPS 204), or SLH-DSA (FIPS 205), where it signs",
    "reason": "integer factorisation is solved in polynomial time by Shor's algorithm, "
    "whatever the key size",
    "hndl": True,
    "source": "inventory.cdx.json",
    "reference": "rsa",
    "recorded_at": "2026-12-07T11:44:34+00:00",
}
_ROW_EXAMPLE: dict[str, Any] = {
    "key": "DE",
    "label": "Germany",
    "organisations": 1,
    "total": 5,
    "vulnerable": 2,
    "weakened": 1,
    "resistant": 2,
    "unclassified": 0,
    "hndl": 1,
    "share_resistant": 0.4,
    "milestones": [
        {"milestone": "M1", "in_scope": 5, "resistant": 5, "share": 1.0},
        {"milestone": "M2", "in_scope": 2, "resistant": 0, "share": 0.0},
        {"milestone": "M3", "in_scope": 5, "resistant": 2, "share": 0.4},
    ],
}
_PROGRESS_EXAMPLE: dict[str, Any] = {
    "quantum_horizon": {
        "year": 2030,
        "basis": "planning assumption, not a forecast: the year by which the EU roadmap "
        "requires the transition of high-risk use cases to be complete (Milestone 2, 2030-12-31)",
    },
    "milestones": [
        {
            "id": "M2",
            "due": "2030-12-31",
            "title": "Transition completed for high-risk use cases, including critical "
            "infrastructure; quantum-safe software and firmware upgrades enabled by default",
            "criticalities": ["high"],
            "sources": [
                "https://pqshield.com/eu-pqc-workstream-publishes-a-coordinated-implementation"
                "-roadmap-for-the-transition-to-post-quantum-cryptography"
            ],
            "evidence": "secondary",
        }
    ],
    "overall": {**_ROW_EXAMPLE, "key": "all", "label": "All inventories"},
    "by_member_state": [_ROW_EXAMPLE],
    "by_sector": [
        {**_ROW_EXAMPLE, "key": "government", "label": "Government and state institutions"}
    ],
}


class AssetOut(BaseModel):
    """A cryptographic asset of an organisation's inventory, with its classification."""

    model_config = _examples(_ASSET_EXAMPLE)

    id: str
    organisation: str
    member_state: str = Field(description="ISO 3166-1 alpha-2 of the EU Member State")
    sector: str | None = Field(description="Sector id (see /api/v1/sectors)")
    system: str | None
    algorithm: str = Field(description="As the inventory names it: RSA-2048, ML-KEM-768")
    parameter: str | None = Field(description="Key size, curve or parameter set given apart")
    primitive: str | None = Field(description="CycloneDX primitive: pke, kem, signature, ae…")
    protocol: str | None
    library: str | None
    data_lifetime_years: int | None = Field(
        description="How many years the protected data must stay secret"
    )
    criticality: str = Field(description="low, medium or high: the risk class of the use case")
    tlp: str
    eu_classification: str | None = Field(
        description="The inventory's EU classification (restreint-ue, confidentiel-ue, "
        "secret-ue); null: unclassified (docs/markings.md)"
    )
    status: str = Field(description="vulnerable, weakened, resistant or unclassified")
    family: str | None = Field(description="The algorithm family of the classification table")
    key_bits: int | None = Field(description="Key size or parameter set number read")
    role: str = Field(description="confidentiality, authenticity or unknown")
    replacement: str | None = Field(description="The recommended replacement")
    reason: str = Field(description="Why the status (and whether the reference confirms it)")
    hndl: bool = Field(
        description="Harvest now, decrypt later: quantum-vulnerable confidentiality protecting "
        "data that must stay secret beyond the quantum horizon"
    )
    source: str = Field(description="The file the asset was imported from")
    reference: str | None = Field(description="The CBOM bom-ref or the CSV line")
    recorded_at: str


class AssetListOut(BaseModel):
    """The assets that match, each classified (the example is one item's)."""

    items: list[AssetOut]
    total: int


class HorizonOut(BaseModel):
    year: int
    basis: str = Field(description="Why this year: a planning assumption, never a forecast")


class MilestoneOut(BaseModel):
    id: str
    due: str
    title: str
    criticalities: list[str] = Field(
        description="The criticalities the milestone covers; empty: having an inventory"
    )
    sources: list[str]
    evidence: str = Field(description="verified, secondary or not confirmed")


class MilestoneProgressOut(BaseModel):
    milestone: str
    in_scope: int
    resistant: int
    share: float | None = Field(description="Share of covered assets resistant; null: none")


class ProgressRowOut(BaseModel):
    key: str
    label: str
    organisations: int
    total: int
    vulnerable: int
    weakened: int
    resistant: int
    unclassified: int
    hndl: int
    share_resistant: float
    milestones: list[MilestoneProgressOut]


class ProgressOut(BaseModel):
    """The roadmap's milestones with the progress of each Member State and sector."""

    model_config = _examples(_PROGRESS_EXAMPLE)

    quantum_horizon: HorizonOut
    milestones: list[MilestoneOut]
    overall: ProgressRowOut
    by_member_state: list[ProgressRowOut]
    by_sector: list[ProgressRowOut]


def asset_list_out(items: Sequence[ClassifiedAsset]) -> AssetListOut:
    return AssetListOut(
        items=[AssetOut.model_validate(asset_document(item)) for item in items],
        total=len(items),
    )


def progress_out(progress: PqcProgress) -> ProgressOut:
    return ProgressOut.model_validate(progress_document(progress))


class InventoryOut(BaseModel):
    member_state: str
    organisation: str
    assets: int = Field(description="The assets the inventory holds now")
    replaced: int = Field(description="The assets it held before (those the caller could see)")


class InventoryImportOut(BaseModel):
    """What an import did: the inventories it replaced."""

    model_config = _examples(
        {
            "source": "request body (CBOM).json",
            "inventories": [
                {
                    "member_state": "DE",
                    "organisation": "Federal Foreign Office",
                    "assets": 5,
                    "replaced": 4,
                }
            ],
        }
    )

    source: str
    inventories: list[InventoryOut]


def inventory_import_out(report: InventoryImport) -> InventoryImportOut:
    return InventoryImportOut(
        source=report.source,
        inventories=[InventoryOut(**item._asdict()) for item in report.inventories],
    )
