"""One text as the statement reader sees it: the words, the sentences, the heading and the
evidence of what was found in it."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from cdtoolbox.ingest.statements.names import WordIndex
from cdtoolbox.model.statement import Evidence

__all__ = ["ReadingView", "evidence", "merge_evidence"]

# Typographic apostrophes and quotes read as straight ones, one character for one, so that
# offsets into the view are offsets into the text.
_STRAIGHT = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00a0": " "})
# A sentence ends at . ! ? followed by a space, or at a line break; an abbreviation such as
# "Ltd." or "art." ends one too early, which only narrows what is read together.
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n\s*")
# How much of the beginning is read as the heading.
_HEADING_CHARACTERS = 600


@dataclass(slots=True)
class ReadingView:
    """``text`` as given (evidence quotes it) and ``view``, the same text in lower case with
    straight apostrophes (the phrases are matched in it), offset for offset."""

    text: str
    view: str = field(init=False)
    words: WordIndex = field(init=False)
    sentence_starts: list[int] = field(init=False)
    heading_end: int = field(init=False)

    def __post_init__(self) -> None:
        self.view = _lowered(self.text.translate(_STRAIGHT))
        self.words = WordIndex(self.text, self.view)
        starts = [0]
        starts.extend(match.end() for match in _SENTENCE_END.finditer(self.view))
        self.sentence_starts = starts
        self.heading_end = _heading_end(self.view)

    def sentence(self, offset: int) -> tuple[int, int]:
        """The start and end of the sentence holding ``offset``."""
        index = bisect_right(self.sentence_starts, offset) - 1
        start = self.sentence_starts[max(index, 0)]
        end = (
            self.sentence_starts[index + 1]
            if index + 1 < len(self.sentence_starts)
            else len(self.text)
        )
        return start, end

    def quote(self, start: int, end: int) -> Evidence:
        return Evidence(start, end, self.text[start:end])


def _lowered(text: str) -> str:
    """``text`` in lower case, one character for one (a few letters, such as the dotted
    capital I, lower to two characters: those are left as they are)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _heading_end(view: str) -> int:
    """The end of the line that reaches the heading's length: a title, the issuer, a place
    and a date, and at most the first paragraph, where press releases say what was done."""
    if len(view) <= _HEADING_CHARACTERS:
        return len(view)
    line_end = view.find("\n", _HEADING_CHARACTERS)
    return len(view) if line_end < 0 else line_end


def evidence(view: ReadingView, spans: Iterable[tuple[int, int]]) -> tuple[Evidence, ...]:
    return tuple(view.quote(start, end) for start, end in sorted(set(spans)))


def merge_evidence(*groups: Iterable[Evidence]) -> tuple[Evidence, ...]:
    seen: dict[tuple[int, int], Evidence] = {}
    for group in groups:
        for item in group:
            seen.setdefault((item.start, item.end), item)
    return tuple(seen[key] for key in sorted(seen))
