"""Which stored incidents a statement refers to.

An incident is referred to by its title, or by the words of its slug (less the year) named
together in one sentence: "viasat-ka-sat-2022" is referred to by "the satellite KA-SAT
network, owned by Viasat", "microsoft-exchange-2021" by "the compromise of the Microsoft
Exchange server". A one-word slug that is a country's name ("albania-2022") is not read: the
country is named for many other reasons.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

from cdtoolbox.ingest.statements.names import NameEntry, NameFinder
from cdtoolbox.ingest.statements.spans import ReadingView
from cdtoolbox.knowledge.aliases import normalise_alias

__all__ = ["IncidentName", "IncidentNames"]

_YEAR = re.compile(r"-\d{4}$")


@dataclass(frozen=True, slots=True)
class IncidentName:
    slug: str
    title: str


class IncidentNames:
    """The names of the incidents a reader may refer to, indexed for reading many texts."""

    def __init__(self, incidents: Iterable[IncidentName], country_names: frozenset[str]) -> None:
        self._titles = NameFinder(
            NameEntry(incident.title, "incident", incident.slug) for incident in incidents
        )
        # slug → its words; word → the slugs whose first word it is, to try only those.
        self._words: dict[str, frozenset[str]] = {}
        self._by_first: dict[str, list[str]] = {}
        for incident in incidents:
            words = [normalise_alias(word) for word in _YEAR.sub("", incident.slug).split("-")]
            words = [word for word in words if word]
            if not words or (len(words) == 1 and words[0] in country_names):
                continue
            self._words[incident.slug] = frozenset(words)
            self._by_first.setdefault(words[0], []).append(incident.slug)

    def find(self, view: ReadingView) -> dict[str, list[tuple[int, int]]]:
        """Slug → the spans naming it."""
        found: dict[str, list[tuple[int, int]]] = {}
        for name in self._titles.find(view.text, view.words):
            for slug in name.ids:
                found.setdefault(slug, []).append((name.start, name.end))
        if not self._by_first:
            return found
        words = view.words
        for first, last in _sentence_words(view):
            spans: dict[str, tuple[int, int]] = {}
            for index in range(first, last):
                spans.setdefault(
                    words.keys[index], (words.word_starts[index], words.word_ends[index])
                )
            for word in spans:
                for slug in self._by_first.get(word, ()):
                    if self._words[slug] <= spans.keys():
                        found.setdefault(slug, []).extend(spans[item] for item in self._words[slug])
        return found


def _sentence_words(view: ReadingView) -> Iterable[tuple[int, int]]:
    """For each sentence, the range of the indexes of its words."""
    starts = view.words.word_starts
    first = 0
    for boundary in [*view.sentence_starts[1:], len(view.text)]:
        last = bisect_left(starts, boundary, first)
        if last > first:
            yield first, last
        first = last
