"""The names a statement mentions: States (by name, adjective or organ), threat actors and
listed persons and entities, found in one pass of the name automaton."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from cdtoolbox.ingest.statements.names import Found, NameEntry
from cdtoolbox.ingest.statements.phrases import MASK
from cdtoolbox.ingest.statements.spans import ReadingView
from cdtoolbox.knowledge.aliases import normalise_alias
from cdtoolbox.model.actor import ThreatActor

__all__ = ["MINIMUM_ALIAS_LETTERS", "Mention", "Mentions", "name_entries"]

_APT_NUMBER = re.compile(r"apt(\d+)")
_APT_SPELLED = ("Advanced Persistent Threat ", "Advanced Persistent Threat Actor ")
#: Aliases shorter than this are never read as actors ("SEA", "UPS", "GOP" are words too).
MINIMUM_ALIAS_LETTERS = 4


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    id: str
    organ: bool = False  # a State named by one of its organs (the GRU names Russia)


@dataclass(slots=True)
class Mentions:
    states: list[Mention] = field(default_factory=list)
    actors: list[Mention] = field(default_factory=list)
    listees: list[Mention] = field(default_factory=list)
    _state_at: dict[int, Mention] = field(default_factory=dict)

    def state_at(self, start: int) -> Mention | None:
        return self._state_at.get(start)

    def states_between(self, start: int, end: int) -> list[Mention]:
        return [mention for mention in self.states if start <= mention.start < end]

    def actors_between(self, start: int, end: int) -> list[Mention]:
        return [mention for mention in self.actors if start <= mention.start < end]

    def masked(self, view: ReadingView) -> str:
        """The view with each State's name replaced by as many ``MASK`` letters."""
        if not self.states:
            return view.view
        parts: list[str] = []
        position = 0
        for mention in self.states:
            parts.append(view.view[position : mention.start])
            parts.append(MASK * (mention.end - mention.start))
            position = mention.end
        parts.append(view.view[position:])
        return "".join(parts)

    @classmethod
    def of(cls, found: Iterable[Found]) -> Mentions:
        mentions = cls()
        ambiguous: list[Found] = []
        for item in found:
            if item.kind in ("state", "organ"):
                mention = Mention(item.start, item.end, item.ids[0], organ=item.kind == "organ")
                if item.start not in mentions._state_at:
                    mentions.states.append(mention)
                    mentions._state_at[item.start] = mention
            elif item.kind == "actor":
                if len(item.ids) == 1:
                    mentions.actors.append(Mention(item.start, item.end, item.ids[0]))
                else:
                    ambiguous.append(item)
            elif item.kind == "listee":
                mentions.listees.append(Mention(item.start, item.end, item.ids[0]))
        # An alias several actors share counts for the one of them the text also names by an
        # unshared name; otherwise it is left out, as the reader cannot tell which is meant.
        named = {mention.id for mention in mentions.actors}
        for item in ambiguous:
            chosen = [actor_id for actor_id in item.ids if actor_id in named]
            if len(chosen) == 1:
                mentions.actors.append(Mention(item.start, item.end, chosen[0]))
        mentions.actors.sort(key=lambda mention: mention.start)
        return mentions


def name_entries(
    actors: Iterable[ThreatActor],
    guard: frozenset[str],
    states: Iterable[NameEntry],
    listees: Mapping[str, str],
) -> list[NameEntry]:
    """The automaton's entries: every actor's name and aliases (less the guarded and the
    short), the States' names and the listed persons' and entities' names (name → id)."""
    entries = list(states)
    for actor in actors:
        for name in (actor.name, *actor.aliases):
            key = normalise_alias(name)
            if len(key) < MINIMUM_ALIAS_LETTERS or key in guard:
                continue
            entries.append(NameEntry(name, "actor", actor.name))
            # Official texts spell the APT numbers out: "Advanced Persistent Threat 40",
            # "Advanced Persistent Threat Actor 28".
            number = _APT_NUMBER.fullmatch(key)
            if number is not None:
                for spelled in _APT_SPELLED:
                    entries.append(NameEntry(spelled + number.group(1), "actor", actor.name))
    entries.extend(NameEntry(name, "listee", listee) for name, listee in listees.items())
    return entries
