"""Cryptographic inventories for the post-quantum transition tracker: CycloneDX 1.6 CBOM
documents (JSON, read through cyclonedx-python-lib) and CSV spreadsheets, both read into
``DeclaredAsset`` objects, all or nothing, every refusal naming the file and the field."""

from cdtoolbox.formats.cbom.cbom_reader import (
    CBOM_SPEC_VERSION,
    CRITICALITY_PROPERTY,
    LIFETIME_PROPERTY,
    read_cbom,
)
from cdtoolbox.formats.cbom.inventory_csv import COLUMNS, read_inventory_csv

__all__ = [
    "CBOM_SPEC_VERSION",
    "COLUMNS",
    "CRITICALITY_PROPERTY",
    "LIFETIME_PROPERTY",
    "read_cbom",
    "read_inventory_csv",
]
