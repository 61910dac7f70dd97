"""STIX 2.1, both ways: bundles read into import plans, domain objects written as bundles.

Reading streams the bundle (memory stays bounded on a million objects), checks every object
against the common STIX 2.1 rules and our extension, and folds incidents, intrusion sets,
threat actors and the relationships between them into our model; the store applies the plan
in one transaction. Writing turns incidents, the actors and states they name and the objects
kept as received into one bundle, filtered by TLP on the way out. Both sides share one
vocabulary (``vocabulary``), one id scheme (``identifiers``), one timestamp form
(``timestamps``) and one extension payload (``extension``); the mapping is documented in
``docs/stix-mapping.md``.

    with path.open("rb") as stream:
        bundle = StixBundleImport(stream, source=path.name, resolver=..., actors=...)
        for batch in bundle.kept():
            ...  # store the objects we keep as received
        plan = bundle.plan
"""

from cdtoolbox.formats.stix.bundle_import import StixBundleImport
from cdtoolbox.formats.stix.bundle_writer import StixExportReport, export_bundle, write_bundle
from cdtoolbox.formats.stix.identifiers import is_stix_id, stix_id
from cdtoolbox.formats.stix.timestamps import format_timestamp, parse_timestamp

__all__ = [
    "StixBundleImport",
    "StixExportReport",
    "export_bundle",
    "format_timestamp",
    "is_stix_id",
    "parse_timestamp",
    "stix_id",
    "write_bundle",
]
