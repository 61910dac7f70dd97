"""Finding known names in a text: one Aho-Corasick automaton over every name, built once.

Names are compared as ``normalise_alias`` keys (case, accents, spaces and punctuation
ignored), so "APT 28", "APT-28" and "apt28" are one name. The text is cut into words, each
word normalised, and the automaton runs over the words' keys laid end to end; a match counts
only where it starts at the start of a word and ends at the end of one, so "Turla" is found in
"Turla's" but "APT2" is not found in "APT28".

A name written with a capital (a proper name) counts only where the text writes it with a
capital too: "Play" or "Silence" in running prose are words, not threat actors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

import ahocorasick

from cdtoolbox.knowledge.aliases import normalise_alias

__all__ = ["Found", "NameEntry", "NameFinder", "WordIndex"]

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class NameEntry:
    name: str
    kind: str  # what the name designates: actor, state, listee, incident…
    id: str
    cased: bool = True  # counts only written with a leading capital (or a digit)


@dataclass(frozen=True, slots=True)
class Found:
    start: int
    end: int
    kind: str
    ids: tuple[str, ...]  # several when one name designates several entries


class WordIndex:
    """A text's words as normalised keys laid end to end, with the way back to the text."""

    __slots__ = ("_first", "_last", "joined", "keys", "vocabulary", "word_ends", "word_starts")

    def __init__(self, text: str, lowered: str | None = None) -> None:
        """``lowered``: ``text`` in lower case, offset for offset, if the caller has it."""
        if lowered is None or len(lowered) != len(text):
            lowered = text
        # One pass of the expression finds the words; only the words outside ASCII need the
        # Unicode folding of ``normalise_alias`` (ASCII letters and digits are their own key).
        words = _WORD.findall(lowered)
        self.word_starts: list[int] = [match.start() for match in _WORD.finditer(lowered)]
        self.word_ends: list[int] = [
            start + len(word) for start, word in zip(self.word_starts, words, strict=True)
        ]
        keys = [word.lower() if word.isascii() else normalise_alias(word) for word in words]
        if not all(keys):  # a word of marks alone folds to nothing: it is no word
            kept = [index for index, key in enumerate(keys) if key]
            keys = [keys[index] for index in kept]
            self.word_starts = [self.word_starts[index] for index in kept]
            self.word_ends = [self.word_ends[index] for index in kept]
        ends = list(accumulate(map(len, keys)))
        starts = [end - len(key) for end, key in zip(ends, keys, strict=True)]
        self._first: dict[int, int] = dict(zip(starts, range(len(keys)), strict=True))
        self._last: dict[int, int] = dict(zip(ends, range(len(keys)), strict=True))
        self.joined = "".join(keys)
        self.keys = keys
        self.vocabulary = frozenset(keys)

    def span(self, first: int, last_end: int) -> tuple[int, int] | None:
        """The text offsets of the words whose keys cover ``joined[first:last_end]``, if the
        stretch starts and ends on word boundaries."""
        start = self._first.get(first)
        if start is None:
            return None
        end = self._last.get(last_end)
        if end is None:
            return None
        return self.word_starts[start], self.word_ends[end]


class NameFinder:
    """Every occurrence of any of ``entries`` in a text, longest names first."""

    def __init__(self, entries: Iterable[NameEntry]) -> None:
        grouped: dict[tuple[str, str], dict[str, bool]] = {}
        for entry in entries:
            key = normalise_alias(entry.name)
            if not key:
                continue
            ids = grouped.setdefault((key, entry.kind), {})
            # Cased only if every name with this key is: one lower-case form frees them all.
            ids[entry.id] = ids.get(entry.id, True) and entry.cased
        automaton = ahocorasick.Automaton()
        by_key: dict[str, list[tuple[str, tuple[str, ...], bool]]] = {}
        for (key, kind), ids in grouped.items():
            by_key.setdefault(key, []).append((kind, tuple(ids), all(ids.values())))
        for key, payload in by_key.items():
            automaton.add_word(key, (len(key), tuple(payload)))
        self._empty = not by_key
        if not self._empty:
            automaton.make_automaton()
        self._automaton = automaton

    def find(self, text: str, words: WordIndex) -> list[Found]:
        """Occurrences in ``text`` (whose ``WordIndex`` is ``words``), in text order; where
        two overlap, the longer one."""
        if self._empty or not words.joined:
            return []
        candidates: list[tuple[int, int, str, tuple[str, ...]]] = []
        for end_index, (length, payload) in self._automaton.iter(words.joined):
            span = words.span(end_index - length + 1, end_index + 1)
            if span is None:
                continue
            start, end = span
            capital = text[start].isupper() or text[start].isdigit()
            for kind, ids, cased in payload:
                if cased and not capital:
                    continue
                candidates.append((start, end, kind, ids))
        return _longest(candidates)


def _longest(candidates: Sequence[tuple[int, int, str, tuple[str, ...]]]) -> list[Found]:
    chosen: list[Found] = []
    for start, end, kind, ids in sorted(candidates, key=lambda c: (c[0], c[0] - c[1])):
        if chosen and start < chosen[-1].end:
            previous = chosen[-1]
            # Same span, another kind (a name that is both a State and an actor): keep both.
            if (start, end) == (previous.start, previous.end):
                chosen.append(Found(start, end, kind, ids))
            continue
        chosen.append(Found(start, end, kind, ids))
    return chosen
