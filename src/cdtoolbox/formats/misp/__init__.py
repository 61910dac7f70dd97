"""MISP events (as MISP and PyMISP write them), both ways.

Reading takes one event, a list of events, a REST search result or a directory of event files
(a MISP feed) into an import plan: threat-actor galaxy clusters and tags resolve to our
actors by id or any alias, taxonomy tags (tlp, estimative-language, admiralty-scale, nis2,
incident classifications) to our fields; ``toolbox.misp`` applies the plan in one
transaction. Writing turns incidents into MISP events and feeds, with the same tags
(``vocabulary``, ``tags``, ``tag_tables``). Observables read from MISP are kept as STIX
objects, so this package uses ``formats.stix``'s ids and markings, never the reverse. The
mapping both ways is documented in ``docs/misp-mapping.md``.

    plan = read_misp_path(Path("feed"), resolver=..., actors=..., stix_namespace=...)
    for event in plan.events:
        ...  # event.incident, event.kept (STIX observables to keep)
"""

from cdtoolbox.formats.misp.documents import RawEvent, events_in, misp_files
from cdtoolbox.formats.misp.event_reader import read_epoch
from cdtoolbox.formats.misp.event_writer import ATTRIBUTIONS_REPORT, MispEventContext, misp_event
from cdtoolbox.formats.misp.events_import import MispEventsImport, read_misp_path
from cdtoolbox.formats.misp.feed_writer import (
    MispExportReport,
    write_misp_events,
    write_misp_feed,
)
from cdtoolbox.formats.misp.import_plan import MispImportPlan, PlannedEvent
from cdtoolbox.formats.misp.merge import REPLACED_WHEN_STATED, apply_newer_event
from cdtoolbox.formats.misp.tag_tables import MispTables, load_misp_tables
from cdtoolbox.formats.misp.tags import MachineTag, machine_tag, parse_tag
from cdtoolbox.formats.misp.vocabulary import FEED_HASHES, FEED_MANIFEST

__all__ = [
    "ATTRIBUTIONS_REPORT",
    "FEED_HASHES",
    "FEED_MANIFEST",
    "REPLACED_WHEN_STATED",
    "MachineTag",
    "MispEventContext",
    "MispEventsImport",
    "MispExportReport",
    "MispImportPlan",
    "MispTables",
    "PlannedEvent",
    "RawEvent",
    "apply_newer_event",
    "events_in",
    "load_misp_tables",
    "machine_tag",
    "misp_event",
    "misp_files",
    "parse_tag",
    "read_epoch",
    "read_misp_path",
    "write_misp_events",
    "write_misp_feed",
]
