"""Threat actors named by MISP events: resolved to the actors we know, by id or any alias.

A galaxy cluster carries a uuid (the galaxy's, which is our id for every actor of the
reference galaxies), a value and synonyms; a bare tag carries only a name. A name that
several actors share is passed over when a cluster has other names to try, and is an error
when it is all a tag says. An actor nothing resolves becomes a new actor (origin ``misp``),
shared by every event of the same import that names it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from cdtoolbox.errors import InvalidInput
from cdtoolbox.formats.misp.vocabulary import MISP_ACTOR_NAMESPACE
from cdtoolbox.ingest.fields import FieldError
from cdtoolbox.ingest.references import ReferenceResolver
from cdtoolbox.knowledge.aliases import normalise_alias
from cdtoolbox.model import ThreatActor
from cdtoolbox.model.ports import ActorFinder, slugify
from cdtoolbox.model.sources import is_web_url

__all__ = ["ActorMatcher", "ClusterFacts"]

# MITRE galaxies write "APT28 - G0007".
_MITRE_VALUE: Final = re.compile(r"^(.*?)\s+-\s+(G[0-9]{4})$", re.ASCII)
_GROUP_ID: Final = re.compile(r"^G[0-9]{4}$", re.ASCII)


@dataclass(frozen=True, slots=True)
class ClusterFacts:
    """What an actor galaxy cluster of an event says about the actor."""

    uuid: str | None
    value: str
    synonyms: tuple[str, ...]
    description: str
    meta: Mapping[str, Any]


class ActorMatcher:
    """Resolves the actors of one import; new actors are held until their event is accepted."""

    def __init__(self, finder: ActorFinder, resolver: ReferenceResolver) -> None:
        self._finder = finder
        self._resolver = resolver
        self._new: dict[str, ThreatActor] = {}
        self._names: dict[str, str] = {}

    @property
    def new_actors(self) -> tuple[ThreatActor, ...]:
        return tuple(self._new.values())

    def accept(self, actors: Sequence[ThreatActor]) -> None:
        """Make the new actors of an accepted event known to the events read after it."""
        for actor in actors:
            if actor.id in self._new:
                continue
            self._new[actor.id] = actor
            for name in actor.names:
                self._names.setdefault(normalise_alias(name), actor.id)

    def from_cluster(self, cluster: ClusterFacts, pending: dict[str, ThreatActor]) -> ThreatActor:
        name, group_id = _split_mitre(cluster.value)
        candidates = [group_id] if group_id else []
        candidates += [name, *cluster.synonyms]
        if cluster.uuid is not None:
            found = self._known(cluster.uuid)
            if found is not None:
                return found
        for candidate in candidates:
            found = self._known(candidate)
            if found is not None:
                return found
        new = self._new_named([name, *cluster.synonyms], pending)
        if new is not None:
            return new
        actor = self._actor_of(cluster, name, group_id)
        pending[actor.id] = actor
        return actor

    def from_tag(self, value: str, pending: dict[str, ThreatActor]) -> ThreatActor:
        """The actor a bare tag names; :class:`FieldError` when the name is ambiguous."""
        name, group_id = _split_mitre(value)
        if group_id is not None and (found := self._known(group_id)) is not None:
            return found
        try:
            found = self._finder.find(name, "tag")
        except InvalidInput as ambiguous:
            raise FieldError(ambiguous.reason) from None
        if found is not None:
            return found
        new = self._new_named([name], pending)
        if new is not None:
            return new
        key = normalise_alias(name) or name
        actor = ThreatActor(
            id=str(uuid.uuid5(MISP_ACTOR_NAMESPACE, key)),
            slug=slugify(name),
            name=name,
            mitre_ids=(group_id,) if group_id else (),
            origin="misp",
        )
        pending[actor.id] = actor
        return actor

    def _known(self, name: str) -> ThreatActor | None:
        try:
            return self._finder.find(name, "tag")
        except InvalidInput:
            return None  # shared by several actors: another name may single one out

    def _new_named(
        self, names: Sequence[str], pending: Mapping[str, ThreatActor]
    ) -> ThreatActor | None:
        for name in names:
            key = normalise_alias(name)
            actor_id = self._names.get(key)
            if actor_id is not None:
                return self._new[actor_id]
            for actor in pending.values():
                if key in map(normalise_alias, actor.names):
                    return actor
        return None

    def _actor_of(self, cluster: ClusterFacts, name: str, group_id: str | None) -> ThreatActor:
        meta = cluster.meta
        aliases = tuple(dict.fromkeys(s for s in cluster.synonyms if s not in (name, group_id)))
        mitre = [group_id] if group_id else []
        mitre += [s for s in cluster.synonyms if _GROUP_ID.match(s)]
        return ThreatActor(
            id=cluster.uuid or str(uuid.uuid5(MISP_ACTOR_NAMESPACE, normalise_alias(name))),
            slug=slugify(name),
            name=name,
            aliases=tuple(alias for alias in aliases if not _GROUP_ID.match(alias)),
            sponsor=self._country(meta.get("cfr-suspected-state-sponsor")),
            country=self._country(meta.get("country")),
            description=cluster.description,
            references=_web_urls(meta.get("refs")),
            mitre_ids=tuple(dict.fromkeys(mitre)),
            origin="misp",
        )

    def _country(self, value: object) -> str | None:
        if not isinstance(value, str) or not value.strip():
            return None
        try:
            return self._resolver.country_code(value)
        except InvalidInput:
            return None


def _split_mitre(value: str) -> tuple[str, str | None]:
    match = _MITRE_VALUE.match(value.strip())
    if match is None:
        return value.strip(), None
    return match.group(1).strip(), match.group(2)


def _web_urls(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    found: dict[str, None] = {}
    for item in value:
        if isinstance(item, str) and is_web_url(item.strip()):
            found.setdefault(item.strip(), None)
    return tuple(found)
