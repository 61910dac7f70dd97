"""Threat actors as stored: the reference galaxies plus those added by imports."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model import (
    Incident,
    IncidentFilter,
    Page,
    ThreatActor,
    Tlp,
)
from cdtoolbox.model.access import Permission, User
from cdtoolbox.store import Database
from cdtoolbox.toolbox.access import require
from cdtoolbox.toolbox.actor_names import ActorCatalogues, actor_names
from cdtoolbox.toolbox.incidents import IncidentService
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource

if TYPE_CHECKING:
    # Built by ActorCatalogues when a name is looked up; naming stored actors needs none.
    from cdtoolbox.knowledge.actors import ActorCatalogue

__all__ = ["ActorService"]


class ActorService:
    """Threat actors as stored: the reference galaxies plus any added by imports.

    Lookup by name goes through the knowledge package's ``ActorCatalogue`` built over the
    stored actors, so stored and reference actors resolve by exactly the same rules.

    Every read is limited to the reader's clearance: an actor a partner shared under a TLP
    marking above it is not listed, counted, found by any of its names nor named, exactly as
    if it were not stored, so a reader cannot tell the two apart.
    """

    def __init__(
        self,
        database: Database,
        knowledge: KnowledgeSource,
        catalogues: ActorCatalogues,
        incidents: IncidentService,
    ) -> None:
        self._database = database
        self._knowledge = knowledge
        self._catalogues = catalogues
        self._incidents = incidents

    def catalogue(self, clearance: Tlp) -> ActorCatalogue:
        """The actors marked at most ``clearance``, indexed by every name.

        For the library's own work on behalf of someone (an import, a case): pass that
        person's clearance; what is shown to readers goes through the methods below."""
        return self._catalogues.at(clearance)

    def all(self, *, by: User, sponsor: str | None = None) -> tuple[ThreatActor, ...]:
        """Every actor ``by`` may see by name, or those a state is suspected of
        sponsoring."""
        actors = self._visible(by).all()
        if sponsor is None:
            return actors
        code = self._sponsor_code(sponsor)
        return tuple(actor for actor in actors if actor.sponsor == code)

    def search(
        self, text: str | None, *, by: User, sponsor: str | None = None
    ) -> list[ThreatActor]:
        """Actors whose names contain ``text`` (as a user types it), optionally only those a
        state is suspected of sponsoring; canonical-name matches first."""
        found = self._visible(by).search(text)
        if sponsor is None:
            return found
        code = self._sponsor_code(sponsor)
        return [actor for actor in found if actor.sponsor == code]

    def list(
        self,
        *,
        by: User,
        sponsor: str | None = None,
        limit: int = 100,
        cursor: str | None = None,
    ) -> Page[ThreatActor]:
        require(by, Permission.READ)
        code = self._sponsor_code(sponsor) if sponsor else None
        with self._database.read() as store:
            return store.actors.list(max_tlp=by.clearance, sponsor=code, limit=limit, cursor=cursor)

    def find(self, name: str, field: str = "name", *, by: User) -> ThreatActor | None:
        """The actor with this id, slug, name, alias or MITRE id (case-, space- and
        punctuation-blind); ``InvalidInput`` when the name is shared and nothing singles one out."""
        return self._visible(by).find(name, field)

    def get(self, name: str, *, by: User) -> ThreatActor:
        """Like ``find``; an unknown name raises ``NotFound`` naming the closest known names."""
        return self._visible(by).resolve(name)

    def names(self, actor_ids: Iterable[str], *, by: User) -> dict[str, str]:
        """Canonical names for actor ids; an id unknown to the store, or of an actor above
        ``by``'s clearance, maps to itself."""
        require(by, Permission.READ)
        with self._database.read() as store:
            return actor_names(store, actor_ids, by.clearance)

    def incidents(self, actor: ThreatActor, *, by: User, limit: int = 100) -> Page[Incident]:
        """The incidents naming ``actor`` that ``by`` may read."""
        return self._incidents.list(IncidentFilter(actor_ids=(actor.id,)), limit=limit, by=by)

    def _visible(self, by: User) -> ActorCatalogue:
        require(by, Permission.READ)
        return self.catalogue(by.clearance)

    def _sponsor_code(self, text: str) -> str:
        country = self._knowledge.get().countries.find(text)
        if country is None:
            raise InvalidInput("filter", "sponsor", text, "is not an ISO 3166 country code or name")
        return country.code
