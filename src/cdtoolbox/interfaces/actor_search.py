"""Finding actors by part of a name, for the search boxes of the API and the Actors page.

An exact alias lookup is the library's (``toolbox.actors.get``); this narrows a list as a
user types, ignoring case, spaces and punctuation like every other name comparison.
"""

from __future__ import annotations

from collections.abc import Iterable

from cdtoolbox.knowledge.aliases import normalise_alias
from cdtoolbox.model import ThreatActor

__all__ = ["matching_actors"]


def matching_actors(actors: Iterable[ThreatActor], text: str | None) -> list[ThreatActor]:
    """Actors one of whose names (or MITRE ids) contains ``text``; all of them for blank text.

    Actors whose canonical name matches come before those matched only by an alias.
    """
    wanted = normalise_alias(text or "")
    if not wanted:
        return list(actors)
    by_name: list[ThreatActor] = []
    by_alias: list[ThreatActor] = []
    for actor in actors:
        if wanted in normalise_alias(actor.name):
            by_name.append(actor)
        elif any(wanted in normalise_alias(name) for name in (*actor.aliases, *actor.mitre_ids)):
            by_alias.append(actor)
    return by_name + by_alias
