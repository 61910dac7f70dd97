"""Outward: what leaves cdtoolbox for partners — STIX 2.1 bundles today (TAXII resources,
MISP events and reports later) — always filtered by TLP on the way out.

This package reads domain objects only; the Toolbox fetches them from the store and hands
them over, together with the STIX objects kept as received.
"""

from cdtoolbox.share.stix import StixExportReport, export_bundle, write_bundle

__all__ = ["StixExportReport", "export_bundle", "write_bundle"]
