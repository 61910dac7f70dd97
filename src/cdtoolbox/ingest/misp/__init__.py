"""MISP events (as MISP and PyMISP write them) → import plans: incidents, new actors, observables.

Reads one event, a list of events, a REST search result or a directory of event files (a
MISP feed); threat-actor galaxy clusters and tags resolve to our actors by id or any alias,
taxonomy tags (tlp, estimative-language, admiralty-scale, nis2, incident classifications)
to our fields. The mapping both ways is documented in ``docs/misp-mapping.md``;
``share.misp`` writes the other direction and ``toolbox.misp`` applies a plan in one
transaction.

    plan = read_misp_path(Path("feed"), resolver=..., actors=..., stix_namespace=...)
    for event in plan.events:
        ...  # event.incident, event.kept (STIX observables to keep)
"""

from cdtoolbox.ingest.misp.documents import FEED_MANIFEST, RawEvent, events_in, misp_files
from cdtoolbox.ingest.misp.event import read_epoch
from cdtoolbox.ingest.misp.merge import REPLACED_WHEN_STATED, apply_newer_event
from cdtoolbox.ingest.misp.plan import MispEventsImport, read_misp_path
from cdtoolbox.ingest.misp.planned import MispImportPlan, PlannedEvent
from cdtoolbox.ingest.misp.tag_tables import MispTables, load_misp_tables
from cdtoolbox.ingest.misp.tags import MachineTag, machine_tag, parse_tag

__all__ = [
    "FEED_MANIFEST",
    "REPLACED_WHEN_STATED",
    "MachineTag",
    "MispEventsImport",
    "MispImportPlan",
    "MispTables",
    "PlannedEvent",
    "RawEvent",
    "apply_newer_event",
    "events_in",
    "load_misp_tables",
    "machine_tag",
    "misp_files",
    "parse_tag",
    "read_epoch",
    "read_misp_path",
]
