"""Incidents, threat actors and sources ↔ plain JSON-ready dicts (the document form used by the
store, ``--json`` output, the API and incident exports), declared once with ``Codec``.

``*_to_dict`` omits nothing: unknown values are ``None`` so a reader sees they are unknown.
``*_from_dict`` reads documents these codecs wrote; checking what a *user* wrote, with errors
that name the field, is the ingest package's job.
"""

from __future__ import annotations

from typing import Any

from cdtoolbox.model.actor import ThreatActor
from cdtoolbox.model.dataclass_codec import Codec, Document
from cdtoolbox.model.incident import MAX_IMPACT_FIGURE, Impact, Incident
from cdtoolbox.model.sources import Source

__all__ = [
    "ACTORS",
    "INCIDENTS",
    "SOURCES",
    "actor_from_dict",
    "actor_to_dict",
    "incident_from_dict",
    "incident_to_dict",
    "source_from_dict",
    "source_to_dict",
]


def _within_bounds(value: Any) -> Any:
    """A stored impact figure, read as unknown when outside 0..MAX_IMPACT_FIGURE.

    Only versions before the readers checked that bound could store such a figure (10**30
    records); kept, it would break every output that writes JSON integers, and no reading of
    it is better than "unknown".
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return value if 0 <= value <= MAX_IMPACT_FIGURE else None


SOURCES = Codec(Source)
INCIDENTS = Codec(
    Incident,
    codecs=[Codec(Impact, decoders=dict.fromkeys(Impact.__dataclass_fields__, _within_bounds))],
)
# ``tlp`` is written only when marked, so the documents of reference actors stay as they were.
ACTORS = Codec(ThreatActor, skip_default=["tlp"])


def source_to_dict(source: Source) -> Document:
    return SOURCES.encode(source)


def source_from_dict(data: Document) -> Source:
    return SOURCES.decode(data)


def incident_to_dict(incident: Incident) -> Document:
    return INCIDENTS.encode(incident)


def incident_from_dict(data: Document) -> Incident:
    return INCIDENTS.decode(data)


def actor_to_dict(actor: ThreatActor) -> Document:
    return ACTORS.encode(actor)


def actor_from_dict(data: Document) -> ThreatActor:
    return ACTORS.decode(data)
