"""Domain objects → STIX 2.1 bundles (see docs/stix-mapping.md for the mapping)."""

from cdtoolbox.share.stix.bundle_writer import StixExportReport, export_bundle, write_bundle

__all__ = ["StixExportReport", "export_bundle", "write_bundle"]
