"""Threat actors as stored: the reference galaxies plus those added by imports."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from cdtoolbox.errors import InvalidInput
from cdtoolbox.knowledge.actors import ActorCatalogue
from cdtoolbox.model import (
    Incident,
    IncidentFilter,
    Page,
    ThreatActor,
)
from cdtoolbox.store import MAX_PAGE_SIZE

if TYPE_CHECKING:
    from cdtoolbox.toolbox.library import Toolbox

__all__ = ["ActorService"]


class ActorService:
    """Threat actors as stored: the reference galaxies plus any added by imports.

    Lookup by name goes through the knowledge package's ``ActorCatalogue`` built over the
    stored actors, so stored and reference actors resolve by exactly the same rules.
    """

    def __init__(self, toolbox: Toolbox) -> None:
        self._toolbox = toolbox
        self._catalogue: ActorCatalogue | None = None

    def catalogue(self) -> ActorCatalogue:
        if self._catalogue is None:
            actors: list[ThreatActor] = []
            cursor: str | None = None
            with self._toolbox.database.read() as store:
                while True:
                    page = store.actors.list(limit=MAX_PAGE_SIZE, cursor=cursor)
                    actors.extend(page.items)
                    if page.next_cursor is None:
                        break
                    cursor = page.next_cursor
            self._catalogue = ActorCatalogue(actors)
        return self._catalogue

    def forget_cached(self) -> None:
        """Drop the name index after actors were written."""
        self._catalogue = None

    def all(self, *, sponsor: str | None = None) -> tuple[ThreatActor, ...]:
        """Every stored actor by name, or those a state is suspected of sponsoring."""
        actors = self.catalogue().all()
        if sponsor is None:
            return actors
        code = self._sponsor_code(sponsor)
        return tuple(actor for actor in actors if actor.sponsor == code)

    def search(self, text: str | None, *, sponsor: str | None = None) -> list[ThreatActor]:
        """Actors whose names contain ``text`` (as a user types it), optionally only those a
        state is suspected of sponsoring; canonical-name matches first."""
        found = self.catalogue().search(text)
        if sponsor is None:
            return found
        code = self._sponsor_code(sponsor)
        return [actor for actor in found if actor.sponsor == code]

    def list(
        self, *, sponsor: str | None = None, limit: int = 100, cursor: str | None = None
    ) -> Page[ThreatActor]:
        code = self._sponsor_code(sponsor) if sponsor else None
        with self._toolbox.database.read() as store:
            return store.actors.list(sponsor=code, limit=limit, cursor=cursor)

    def find(self, name: str, field: str = "name") -> ThreatActor | None:
        """The actor with this id, slug, name, alias or MITRE id (case-, space- and
        punctuation-blind); ``InvalidInput`` when the name is shared and nothing singles one out."""
        return self.catalogue().find(name, field)

    def get(self, name: str) -> ThreatActor:
        """Like ``find``; an unknown name raises ``NotFound`` naming the closest known names."""
        return self.catalogue().resolve(name)

    def names(self, actor_ids: Iterable[str]) -> dict[str, str]:
        """Canonical names for actor ids (ids unknown to the store map to themselves)."""
        wanted = set(actor_ids)
        if not wanted:
            return {}
        with self._toolbox.database.read() as store:
            found = store.actors.get_many(wanted)
        return {
            actor_id: found[actor_id].name if actor_id in found else actor_id for actor_id in wanted
        }

    def incidents(self, actor: ThreatActor, *, limit: int = 100) -> Page[Incident]:
        return self._toolbox.incidents.list(IncidentFilter(actor_ids=(actor.id,)), limit=limit)

    def _sponsor_code(self, text: str) -> str:
        country = self._toolbox.knowledge.countries.find(text)
        if country is None:
            raise InvalidInput("filter", "sponsor", text, "is not an ISO 3166 country code or name")
        return country.code
