"""Turning what users type (country and sector names, actor aliases) into canonical ids."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdtoolbox.model import Tlp
from cdtoolbox.toolbox.actor_names import ActorCatalogues
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource

if TYPE_CHECKING:
    from cdtoolbox.knowledge.actors import ActorCatalogue

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
        # An import names the same few hundred countries, sectors and actors thousands of
        # times: each text is resolved once per resolver (one import, one filter), against
        # reference data that does not change meanwhile.
        self._countries: dict[str, str | None] = {}
        self._sectors: dict[str, str | None] = {}
        self._actor_ids: dict[str, str | None] = {}

    def country_code(self, text: str) -> str | None:
        try:
            return self._countries[text]
        except KeyError:
            country = self._knowledge.get().countries.find(text)
            code = self._countries[text] = country.code if country else None
            return code

    def sector_id(self, text: str) -> str | None:
        try:
            return self._sectors[text]
        except KeyError:
            sector = self._knowledge.get().sectors.find(text)
            found = self._sectors[text] = sector.id if sector else None
            return found

    def actor_id(self, text: str) -> str | None:
        try:
            return self._actor_ids[text]
        except KeyError:
            pass
        # Taken on the first actor name and kept: one import resolves against one catalogue,
        # and resolving needs no store read per name.
        if self._catalogue is None:
            self._catalogue = self._actors.at(self._clearance)
        # A name several actors carry raises (the error names them) and is not kept.
        actor = self._catalogue.find(text, "actor")
        found = self._actor_ids[text] = actor.id if actor else None
        return found
