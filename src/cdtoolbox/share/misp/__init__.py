"""Domain objects → MISP events and MISP feeds (see docs/misp-mapping.md for the mapping)."""

from cdtoolbox.share.misp.event_writer import (
    ATTRIBUTIONS_REPORT,
    MispEventContext,
    misp_event,
)
from cdtoolbox.share.misp.feed_writer import (
    FEED_HASHES,
    MispExportReport,
    write_misp_events,
    write_misp_feed,
)

__all__ = [
    "ATTRIBUTIONS_REPORT",
    "FEED_HASHES",
    "MispEventContext",
    "MispExportReport",
    "misp_event",
    "write_misp_events",
    "write_misp_feed",
]
