"""The slug an incident stored without one is given: its title (and start year), numbered
when taken. Every way incidents come in (files, the API, the web, MISP events) names them so."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence

from cdtoolbox.model import RESERVED_INCIDENT_SLUGS, Incident
from cdtoolbox.model.ports import slugify

__all__ = ["IncidentSlugs", "free_incident_slug"]


def free_incident_slug(
    incident: Incident, taken: Collection[str], exists: Callable[[str], bool]
) -> str:
    """``wannacry-2017``, or ``wannacry-2017-2`` when that is ``taken`` (earlier in the same
    batch), stored (``exists``) or reserved for a page (an incident titled "New" and undated
    is ``new-2``)."""
    base = _base_slug(incident)
    candidate, number = base, 1
    while candidate in taken or candidate in RESERVED_INCIDENT_SLUGS or exists(candidate):
        number += 1
        candidate = f"{base}-{number}"
    return candidate


class IncidentSlugs:
    """The slugs of a batch of new incidents taken in turn, each as ``free_incident_slug``
    gives it with the batch's earlier slugs taken, but with the store asked in a few queries
    instead of once per incident.

    ``stored`` answers which of the slugs it is given stored incidents carry. It is asked for
    every incident's unnumbered slug at once; a stored one usually heads a numbered run
    (``x``, ``x-2``, ``x-3``…), so the numbers after it are asked for together.
    """

    # How many numbered slugs one look-up asks for after a taken one.
    _RUN = 100

    def __init__(
        self, incidents: Iterable[Incident], stored: Callable[[Collection[str]], set[str]]
    ) -> None:
        self._stored_among = stored
        self._asked: set[str] = set()
        self._stored: set[str] = set()
        self._taken: set[str] = set()
        # The lowest number not yet found taken, per unnumbered slug: what is taken only grows
        # while a batch is named, so a later incident of the same title starts from there.
        self._next_number: dict[str, int] = {}
        self._look_up([_base_slug(incident) for incident in incidents if not incident.slug])

    def slug_of(self, incident: Incident) -> str:
        """``incident``'s own slug, or a free one; either is taken for the rest of the batch."""
        slug = incident.slug or self._free(_base_slug(incident))
        self._taken.add(slug)
        return slug

    def _free(self, base: str) -> str:
        number = self._next_number.get(base, 1)
        candidate = base if number == 1 else f"{base}-{number}"
        while (
            candidate in self._taken
            or candidate in RESERVED_INCIDENT_SLUGS
            or self._is_stored(candidate, base, number)
        ):
            number += 1
            candidate = f"{base}-{number}"
        self._next_number[base] = number
        return candidate

    def _is_stored(self, candidate: str, base: str, number: int) -> bool:
        if candidate not in self._asked:
            following = (f"{base}-{n}" for n in range(number + 1, number + self._RUN))
            self._look_up([candidate, *following])
        return candidate in self._stored

    def _look_up(self, slugs: Sequence[str]) -> None:
        wanted = [slug for slug in slugs if slug not in self._asked]
        if wanted:
            self._stored.update(self._stored_among(wanted))
            self._asked.update(wanted)


def _base_slug(incident: Incident) -> str:
    base = slugify(incident.title)
    if incident.start is not None and str(incident.start.value.year) not in base:
        base = f"{base}-{incident.start.value.year}"
    return base
