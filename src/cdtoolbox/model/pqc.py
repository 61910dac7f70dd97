"""The post-quantum transition tracker as plain data: the inventory of cryptographic assets an
organisation of a Member State declared, how each asset stands against a quantum computer, and
the progress towards the EU roadmap's milestones.

An asset is stored as declared; its classification is derived when it is read (by
``cdtoolbox.assess.pqc``), so that a corrected algorithm table or another quantum horizon
applies to every inventory at once, with nothing stored to migrate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import NamedTuple

from cdtoolbox.model.vocabulary import Classification as EuClassification
from cdtoolbox.model.vocabulary import Tlp

__all__ = [
    "AlgorithmRule",
    "AssetFilter",
    "AssetRole",
    "Classification",
    "ClassifiedAsset",
    "Criticality",
    "CryptoAsset",
    "DeclaredAsset",
    "InventoryImport",
    "InventoryReplaced",
    "Milestone",
    "MilestoneProgress",
    "PqcProgress",
    "ProgressRow",
    "QuantumHorizon",
    "QuantumStatus",
]


class QuantumStatus(StrEnum):
    """How an algorithm stands once a cryptographically relevant quantum computer exists."""

    VULNERABLE = "vulnerable"  # broken outright (Shor): RSA, DH, ECDH, ECDSA, DSA
    WEAKENED = "weakened"  # strength reduced (Grover) but not broken: AES-128
    RESISTANT = "resistant"  # ML-KEM, ML-DSA, SLH-DSA, AES-256
    UNCLASSIFIED = "unclassified"  # not in the algorithm table: someone must look at it


class Criticality(StrEnum):
    """The risk class of the use case, which the roadmap's milestones are set by."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class AssetRole(StrEnum):
    """What an algorithm does for the data. Only confidentiality is exposed to "harvest now,
    decrypt later": a signature forged after the fact does not reveal what it signed."""

    CONFIDENTIALITY = "confidentiality"  # encryption, key establishment
    AUTHENTICITY = "authenticity"  # signatures
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class DeclaredAsset:
    """One cryptographic asset as an inventory file declares it, before it is stored.

    ``organisation``, ``member_state`` and ``sector`` may be left to the import's defaults.
    """

    algorithm: str  # as written: "RSA-2048", "ECDSA P-256", "ML-KEM-768"
    parameter: str | None = None  # key size, curve or parameter set, when given apart
    primitive: str | None = None  # CycloneDX primitive: "pke", "signature", "kem", "ae"…
    system: str | None = None
    protocol: str | None = None
    library: str | None = None
    data_lifetime_years: int | None = None  # how long the protected data must stay secret
    criticality: Criticality | None = None
    organisation: str | None = None
    member_state: str | None = None  # ISO 3166 alpha-2
    sector: str | None = None  # sector id of the knowledge base
    reference: str | None = None  # the CBOM bom-ref or the CSV line, to find it again


@dataclass(frozen=True)
class CryptoAsset:
    """A stored asset of an organisation's inventory."""

    id: str
    organisation: str
    member_state: str
    sector: str | None
    algorithm: str
    parameter: str | None
    primitive: str | None
    system: str | None
    protocol: str | None
    library: str | None
    data_lifetime_years: int | None
    criticality: Criticality
    tlp: Tlp
    source: str  # the file it was imported from
    reference: str | None
    recorded_at: datetime
    # The EU classification of the inventory (not the quantum ``Classification`` below).
    eu_classification: EuClassification | None = None


@dataclass(frozen=True)
class AlgorithmRule:
    """One row of the algorithm table: a family, the names it goes by, and how it stands.

    ``thresholds`` refine the status by key size in bits (largest first): a size at or above
    a threshold gets its status, a smaller one the rule's ``status``.
    """

    family: str
    aliases: tuple[str, ...]
    status: QuantumStatus
    role: AssetRole
    replacement: str
    reason: str
    sources: tuple[str, ...]
    thresholds: tuple[tuple[int, QuantumStatus, str], ...] = ()
    confirmed: bool = True


@dataclass(frozen=True)
class Classification:
    status: QuantumStatus
    family: str | None
    key_bits: int | None
    role: AssetRole
    replacement: str | None
    reason: str


@dataclass(frozen=True)
class QuantumHorizon:
    """The year from which data protected by quantum-vulnerable cryptography is assumed
    readable. A planning assumption, never a prediction: settable, and always shown."""

    year: int
    basis: str


@dataclass(frozen=True)
class ClassifiedAsset:
    asset: CryptoAsset
    classification: Classification
    #: "Harvest now, decrypt later": the data must stay secret beyond the quantum horizon and
    #: is protected by quantum-vulnerable confidentiality.
    hndl: bool


@dataclass(frozen=True)
class Milestone:
    """A milestone of the EU coordinated implementation roadmap, with what counts as meeting
    it: the assets of these criticalities all resistant (none: an inventory exists)."""

    id: str
    due: date
    title: str
    criticalities: tuple[Criticality, ...]
    sources: tuple[str, ...]
    evidence: str  # "verified", "secondary", or "not confirmed"


@dataclass(frozen=True)
class AssetFilter:
    """Which assets to list; every field narrows, None means any."""

    organisation: str | None = None
    member_state: str | None = None
    sector: str | None = None
    status: QuantumStatus | None = None
    hndl: bool | None = None


@dataclass(frozen=True)
class MilestoneProgress:
    milestone: Milestone
    in_scope: int  # assets the milestone covers
    resistant: int  # of those, resistant

    @property
    def share(self) -> float | None:
        """The share of covered assets already resistant; None when nothing is covered."""
        return self.resistant / self.in_scope if self.in_scope else None


@dataclass(frozen=True)
class ProgressRow:
    """The assets of one Member State or one sector, counted by status."""

    key: str
    label: str
    organisations: int
    total: int
    vulnerable: int
    weakened: int
    resistant: int
    unclassified: int
    hndl: int
    milestones: tuple[MilestoneProgress, ...]

    @property
    def share_resistant(self) -> float:
        return self.resistant / self.total if self.total else 0.0


@dataclass(frozen=True)
class PqcProgress:
    horizon: QuantumHorizon
    milestones: tuple[Milestone, ...]
    overall: ProgressRow
    by_member_state: tuple[ProgressRow, ...]
    by_sector: tuple[ProgressRow, ...]


class InventoryReplaced(NamedTuple):
    """One organisation's inventory an import replaced."""

    member_state: str
    organisation: str
    assets: int  # the assets it holds now
    replaced: int  # the assets it held before, as far as the importer could see


@dataclass(frozen=True)
class InventoryImport:
    """What an import did: the inventories it replaced, in Member State and name order."""

    source: str
    inventories: tuple[InventoryReplaced, ...]

    @property
    def assets(self) -> int:
        return sum(inventory.assets for inventory in self.inventories)
