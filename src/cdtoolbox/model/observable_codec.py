"""Observables and their correlations as JSON-ready dicts (CLI ``--json``, API, pages)."""

from __future__ import annotations

from datetime import datetime

from cdtoolbox.model.observables import (
    LinkedIncident,
    Observable,
    ObservableRecord,
    SharedObservable,
)

__all__ = ["linked_to_dict", "observable_to_dict", "record_to_dict", "shared_to_dict"]


def observable_to_dict(observable: Observable) -> dict[str, object]:
    return {"kind": observable.kind.value, "value": observable.value}


def record_to_dict(record: ObservableRecord) -> dict[str, object]:
    return {
        **observable_to_dict(record.observable),
        "incident_id": record.incident_id,
        "source": record.source,
        "tlp": record.tlp.value,
        "first_seen": _time(record.first_seen),
        "last_seen": _time(record.last_seen),
        "sightings": record.sightings,
    }


def shared_to_dict(shared: SharedObservable) -> dict[str, object]:
    return {
        "incident_id": shared.incident_id,
        "incident_title": shared.incident_title,
        **observable_to_dict(shared.observable),
        "source": shared.source,
        "sightings": shared.sightings,
    }


def linked_to_dict(linked: LinkedIncident) -> dict[str, object]:
    return {
        "incident_id": linked.incident_id,
        "title": linked.title,
        "shared": [observable_to_dict(item) for item in linked.shared],
    }


def _time(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()
