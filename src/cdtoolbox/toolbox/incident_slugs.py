"""The slug an incident stored without one is given: its title (and start year), numbered
when taken. Every way incidents come in (files, the API, the web, MISP events) names them so."""

from __future__ import annotations

from collections.abc import Callable, Collection

from cdtoolbox.model import RESERVED_INCIDENT_SLUGS, Incident
from cdtoolbox.model.ports import slugify

__all__ = ["free_incident_slug"]


def free_incident_slug(
    incident: Incident, taken: Collection[str], exists: Callable[[str], bool]
) -> str:
    """``wannacry-2017``, or ``wannacry-2017-2`` when that is ``taken`` (earlier in the same
    batch), stored (``exists``) or reserved for a page (an incident titled "New" and undated
    is ``new-2``)."""
    base = slugify(incident.title)
    if incident.start is not None and str(incident.start.value.year) not in base:
        base = f"{base}-{incident.start.value.year}"
    candidate, number = base, 1
    while candidate in taken or candidate in RESERVED_INCIDENT_SLUGS or exists(candidate):
        number += 1
        candidate = f"{base}-{number}"
    return candidate
