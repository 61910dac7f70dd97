"""The threat-actor catalogue: every known actor, found by id, slug, name, alias or MITRE id."""

from __future__ import annotations

from collections.abc import Iterable

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.knowledge.actor_merge import MergeReport
from cdtoolbox.knowledge.aliases import NameIndex, normalise_alias
from cdtoolbox.model import ThreatActor

__all__ = ["ActorCatalogue"]

_CANDIDATES_SHOWN = 6
_GENERIC_SUFFIXES = ("group", "team")


class ActorCatalogue:
    """Threat actors from the reference galaxies, with forgiving but never-guessing lookup.

    Names are compared with ``normalise_alias``. A name carried by several actors resolves
    to the actor whose canonical name it is, else to the one spelling it exactly; otherwise
    it is ambiguous and the caller must choose (we never pick one silently).
    """

    def __init__(self, actors: Iterable[ThreatActor], report: MergeReport | None = None) -> None:
        self._actors = tuple(actors)
        self._by_id = {actor.id: actor for actor in self._actors}
        self._by_slug = {actor.slug: actor for actor in self._actors}
        if len(self._by_id) != len(self._actors) or len(self._by_slug) != len(self._actors):
            raise ValueError("threat actor ids and slugs must be unique")
        self._names = NameIndex(
            (name, actor.id) for actor in self._actors for name in (*actor.names, *actor.mitre_ids)
        )
        self.merge_report = report

    def __len__(self) -> int:
        return len(self._actors)

    def all(self) -> tuple[ThreatActor, ...]:
        """Every actor, ordered by name."""
        return self._actors

    def get(self, id_or_slug: str) -> ThreatActor:
        """The actor with this id (galaxy UUID) or slug."""
        actor = self._by_id.get(id_or_slug) or self._by_slug.get(id_or_slug)
        if actor is None:
            raise NotFound("threat actor", id_or_slug, "look it up by name with `resolve`")
        return actor

    def find(self, name: str, field: str = "name") -> ThreatActor | None:
        """The actor ``name`` designates, or ``None`` if it designates none.

        Accepts ids, slugs, canonical names, aliases and MITRE group ids; "Gamaredon" also
        finds "Gamaredon Group" when nothing else matches. Raises ``InvalidInput`` when
        ``name`` is carried by several actors and nothing singles one out.
        """
        text = name.strip()
        exact = self._by_id.get(text) or self._by_slug.get(text)
        if exact is not None:
            return exact
        candidates = self._names.lookup(text) or self._with_generic_suffix(text)
        if not candidates:
            return None
        if len(candidates) == 1:
            return self._by_id[candidates[0]]
        chosen = self._single_out(text, candidates)
        if chosen is None:
            raise InvalidInput("actor", field, name, self._ambiguity(candidates))
        return chosen

    def resolve(self, name: str, field: str = "name") -> ThreatActor:
        """Like ``find``, but an unknown name raises ``NotFound`` with the closest known names."""
        actor = self.find(name, field)
        if actor is None:
            close = self._names.close_names(name)
            hint = f"did you mean {', '.join(close)}?" if close else None
            raise NotFound("threat actor", name, hint)
        return actor

    def search(self, text: str | None) -> list[ThreatActor]:
        """Actors one of whose names (or MITRE ids) contains ``text``, as a user types it;
        all of them for blank text. Canonical-name matches come before alias-only ones."""
        wanted = normalise_alias(text or "")
        if not wanted:
            return list(self._actors)
        by_name: list[ThreatActor] = []
        by_alias: list[ThreatActor] = []
        for actor in self._actors:
            if wanted in normalise_alias(actor.name):
                by_name.append(actor)
            elif any(wanted in normalise_alias(n) for n in (*actor.aliases, *actor.mitre_ids)):
                by_alias.append(actor)
        return by_name + by_alias

    def sharing(self, name: str) -> tuple[ThreatActor, ...]:
        """Every actor carrying ``name`` as its name, an alias or a MITRE id."""
        return tuple(self._by_id[actor_id] for actor_id in self._names.lookup(name))

    def shared_aliases(self) -> dict[str, tuple[ThreatActor, ...]]:
        """Normalised names carried by more than one actor (the galaxies disagree on them)."""
        return {
            key: tuple(self._by_id[actor_id] for actor_id in ids)
            for key, ids in self._names.items()
            if len(ids) > 1
        }

    def _with_generic_suffix(self, text: str) -> tuple[str, ...]:
        """Actors named ``text`` give or take a trailing "group"/"team" ("Sandworm Team")."""
        key = normalise_alias(text)
        for suffix in _GENERIC_SUFFIXES:
            variant = key.removesuffix(suffix) if key.endswith(suffix) else key + suffix
            if variant and variant != key and (found := self._names.lookup(variant)):
                return found
        return ()

    def _single_out(self, text: str, candidates: tuple[str, ...]) -> ThreatActor | None:
        """Among actors sharing a name, the one it is the canonical name of, or else the one
        spelling it exactly (case aside): "COLDRIVER" is Callisto's alias, while "Cold River"
        is the name of a different actor in the galaxy."""
        actors = [self._by_id[actor_id] for actor_id in candidates]
        spelled = _spelling(text)
        key = normalise_alias(text)
        tiers = (
            [actor for actor in actors if _spelling(actor.name) == spelled],
            [actor for actor in actors if spelled in map(_spelling, actor.names)],
            [actor for actor in actors if normalise_alias(actor.name) == key],
        )
        return next((tier[0] for tier in tiers if len(tier) == 1), None)

    def _ambiguity(self, candidates: tuple[str, ...]) -> str:
        actors = sorted((self._by_id[actor_id] for actor_id in candidates), key=_by_name)
        shown = ", ".join(f"{actor.name} ({actor.slug})" for actor in actors[:_CANDIDATES_SHOWN])
        more = len(actors) - _CANDIDATES_SHOWN
        if more > 0:
            shown += f" and {more} more"
        return f"is ambiguous: it names several threat actors ({shown}); give one of these instead"


def _spelling(text: str) -> str:
    return " ".join(text.casefold().split())


def _by_name(actor: ThreatActor) -> tuple[str, str]:
    return (actor.sort_key, actor.id)
