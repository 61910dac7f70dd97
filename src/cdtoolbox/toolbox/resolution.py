"""Turning what users type (country and sector names, actor aliases) into canonical ids."""

from __future__ import annotations

from cdtoolbox.knowledge.actors import ActorCatalogue
from cdtoolbox.model import Tlp
from cdtoolbox.toolbox.actor_names import ActorCatalogues
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource

__all__ = ["StoreBackedResolver"]


class StoreBackedResolver:
    """Countries and sectors from the knowledge base; actors from the store, so actors added by
    imports resolve as well as those of the reference galaxies.

    Only actors marked at most ``clearance`` resolve: a name of an actor above it is unknown,
    so neither a filter nor an error message reveals that the actor exists."""

    def __init__(self, knowledge: KnowledgeSource, actors: ActorCatalogues, clearance: Tlp) -> None:
        self._knowledge = knowledge
        self._actors = actors
        self._clearance = clearance
        self._catalogue: ActorCatalogue | None = None

    def country_code(self, text: str) -> str | None:
        country = self._knowledge.get().countries.find(text)
        return country.code if country else None

    def sector_id(self, text: str) -> str | None:
        sector = self._knowledge.get().sectors.find(text)
        return sector.id if sector else None

    def actor_id(self, text: str) -> str | None:
        # Taken on the first actor name and kept: one import resolves against one catalogue,
        # and resolving needs no store read per name.
        if self._catalogue is None:
            self._catalogue = self._actors.at(self._clearance)
        actor = self._catalogue.find(text, "actor")
        return actor.id if actor else None
