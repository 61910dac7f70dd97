"""STIX 2.1 bundles → import plans (domain objects, objects kept as received, errors).

Streams the bundle (memory stays bounded on a million objects), checks every object against
the common STIX 2.1 rules and our extension, and folds incidents, intrusion sets, threat
actors and the relationships between them into our model. The mapping both ways is
documented in ``docs/stix-mapping.md``; ``share.stix`` writes the other direction and the
store applies a plan in one transaction.

    with path.open("rb") as stream:
        bundle = StixBundleImport(stream, source=path.name, resolver=..., actors=...)
        for batch in bundle.kept():
            ...  # store the objects we keep as received
        plan = bundle.plan
"""

from cdtoolbox.ingest.stix.identifiers import is_stix_id, stix_id
from cdtoolbox.ingest.stix.plan import StixBundleImport
from cdtoolbox.ingest.stix.planned import (
    ActorFinder,
    KeptObject,
    PlannedActor,
    PlannedIncident,
    StixImportPlan,
)
from cdtoolbox.ingest.stix.timestamps import format_timestamp, parse_timestamp

__all__ = [
    "ActorFinder",
    "KeptObject",
    "PlannedActor",
    "PlannedIncident",
    "StixBundleImport",
    "StixImportPlan",
    "format_timestamp",
    "is_stix_id",
    "parse_timestamp",
    "stix_id",
]
