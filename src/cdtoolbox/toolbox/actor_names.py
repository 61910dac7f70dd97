"""Threat actors by name, at each clearance: the name indexes every service resolves actor
names with, kept until the stored actors change."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from cdtoolbox.model import Tlp
from cdtoolbox.store import Database, RecordKind, Repositories
from cdtoolbox.toolbox.derived import DerivedCache, DerivedView

if TYPE_CHECKING:
    from cdtoolbox.knowledge.actors import ActorCatalogue

__all__ = ["ActorCatalogues", "actor_names"]


class ActorCatalogues:
    """The stored actors marked at most a clearance, indexed by every name (the knowledge
    package's ``ActorCatalogue``, so stored and reference actors resolve by the same rules)."""

    def __init__(self, database: Database, cache: DerivedCache) -> None:
        self._database = database
        self._catalogues: DerivedView[Tlp, ActorCatalogue] = cache.view(
            derives_from=[RecordKind.ACTORS]
        )

    def at(self, clearance: Tlp) -> ActorCatalogue:
        return self._catalogues.value(clearance, self._build)

    def _build(self, clearance: Tlp) -> ActorCatalogue:
        # Imported here: only resolving actor names by their aliases needs the catalogue.
        from cdtoolbox.knowledge.actors import ActorCatalogue

        with self._database.read() as store:
            return ActorCatalogue(list(store.actors.every(max_tlp=clearance)))


def actor_names(store: Repositories, actor_ids: Iterable[str], clearance: Tlp) -> dict[str, str]:
    """Canonical names for actor ids; an id unknown to the store, or of an actor above
    ``clearance``, maps to itself."""
    wanted = set(actor_ids)
    if not wanted:
        return {}
    found = store.actors.get_many(wanted, max_tlp=clearance)
    return {
        actor_id: found[actor_id].name if actor_id in found else actor_id for actor_id in wanted
    }
