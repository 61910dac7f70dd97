"""Turning what users type (country and sector names, actor aliases) into canonical ids."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdtoolbox.model import Tlp

if TYPE_CHECKING:
    from cdtoolbox.toolbox.library import Toolbox

__all__ = ["StoreBackedResolver"]


class StoreBackedResolver:
    """Countries and sectors from the knowledge base; actors from the store, so actors added by
    imports resolve as well as those of the reference galaxies.

    Only actors marked at most ``clearance`` resolve: a name of an actor above it is unknown,
    so neither a filter nor an error message reveals that the actor exists."""

    def __init__(self, toolbox: Toolbox, clearance: Tlp) -> None:
        self._toolbox = toolbox
        self._clearance = clearance

    def country_code(self, text: str) -> str | None:
        country = self._toolbox.knowledge.countries.find(text)
        return country.code if country else None

    def sector_id(self, text: str) -> str | None:
        sector = self._toolbox.knowledge.sectors.find(text)
        return sector.id if sector else None

    def actor_id(self, text: str) -> str | None:
        actor = self._toolbox.actors.catalogue(self._clearance).find(text, "actor")
        return actor.id if actor else None
