"""The phrase syntax of statement_phrases.yaml, compiled to regular expressions.

Phrases are written as analysts quote them ("conducted by the Russian Federation"), not as
regular expressions: words match across any run of spaces or punctuation, ``(a|b)`` offers
alternatives, ``[a|b]`` an optional word, ``stem*`` any word so starting, ``…`` up to five
words of anything. Case is ignored: the expressions are compiled in lower case and run over
the lower-cased text, with typographic apostrophes read as straight ones (``ReadingView`` in
spans.py), so one spelling serves both.

A match must start at the start of a word. That is checked on each match rather than written
into the expression: an expression opening with a look-behind cannot skip ahead to the
characters its phrases start with, and runs several times slower.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from cdtoolbox.knowledge.aliases import normalise_alias

__all__ = [
    "SLOT",
    "Phrases",
    "anchor_words",
    "anchors_of",
    "compile_phrases",
    "phrase_regex",
]

SLOT = "{state}"
_GAP = "…"
_SEPARATOR = r"[\W_]+"
# Up to five words and what separates them, as few as will do.
_GAP_REGEX = r"(?:[^\W_]+[\W_]+){0,5}?"


# A group in parentheses or brackets is one token, whatever spaces it holds.
_TOKEN = re.compile(r"\([^)]*\)|\[[^\]]*\]|[^\s(\[]+")


def _word(token: str) -> str:
    if token.startswith("(") and token.endswith(")"):
        return "(?:" + "|".join(_words(part) for part in token[1:-1].split("|")) + ")"
    if token.endswith("*"):
        return re.escape(token[:-1]) + r"\w*"
    return re.escape(token)


def _words(text: str) -> str:
    return _SEPARATOR.join(_word(word) for word in text.split())


def phrase_regex(phrase: str) -> str:
    """The regular expression (without flags) matching ``phrase``."""
    parts: list[str] = []
    tokens = _TOKEN.findall(phrase.lower())
    for index, token in enumerate(tokens):
        last = index == len(tokens) - 1
        if token == _GAP:
            parts.append(_GAP_REGEX)
        elif token.startswith("[") and token.endswith("]"):
            choices = "|".join(_words(part) for part in token[1:-1].split("|") if part)
            # An elided article ("l'") is followed by no space, so any separator may be empty.
            parts.append(f"(?:(?:{choices})[\\W_]*)?")
        else:
            parts.append(_word(token) + ("" if last else _SEPARATOR))
    body = "".join(parts)
    tail = "" if not tokens or tokens[-1].endswith("*") else r"(?!\w)"
    return body + tail


@dataclass(frozen=True, slots=True)
class Phrases:
    """A compiled set of phrases and the words one of which any match must contain.

    Most phrases of a table are absent from most texts; checking a text's words (a set the
    reader has already) for the anchors skips the expression without scanning the text.
    """

    pattern: re.Pattern[str]
    anchors: frozenset[str] | None  # None: no word is required of every match

    def present(self, words: frozenset[str]) -> bool:
        """Whether the text with these normalised words may hold a match."""
        return self.anchors is None or not self.anchors.isdisjoint(words)

    def search(self, text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
        return next(self.finditer(text, start, end), None)

    def finditer(
        self, text: str, start: int = 0, end: int | None = None
    ) -> Iterator[re.Match[str]]:
        """The matches in ``text`` (lower case) that start at the start of a word."""
        for match in self.pattern.finditer(text, start, len(text) if end is None else end):
            begin = match.start()
            if begin == 0 or not text[begin - 1].isalnum():
                yield match


def _key(word: str) -> str:
    # The reader's words are runs of letters and digits: "d'approvisionnement" is two.
    pieces = [normalise_alias(piece) for piece in re.split(r"[\W_]+", word)]
    return max(pieces, key=len, default="")


def anchor_words(phrase: str) -> frozenset[str] | None:
    """The normalised words one of which every match of ``phrase`` contains: those of its
    longest required word or choice of words; ``None`` when it requires none."""
    best: frozenset[str] | None = None
    for token in _TOKEN.findall(phrase):
        if token == _GAP or token.startswith(("[", "{")) or "*" in token:
            continue
        if token.startswith("(") and token.endswith(")"):
            words = frozenset(_key(part.split()[0]) for part in token[1:-1].split("|") if part)
        else:
            words = frozenset({_key(token)})
        if "" in words:
            continue
        if best is None or min(map(len, words)) > min(map(len, best)):
            best = words
    return best


def anchors_of(phrases: Iterable[str]) -> frozenset[str] | None:
    """The anchors of a set of phrases: any phrase without one makes the set have none."""
    found: set[str] = set()
    for phrase in phrases:
        words = anchor_words(phrase)
        if words is None:
            return None
        found |= words
    return frozenset(found)


def compile_phrases(phrases: Iterable[str]) -> Phrases | None:
    """One expression matching any of ``phrases``, longest alternatives first; ``None`` when
    there are none (a pattern matching nothing is clearer as no pattern)."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    if not ordered:
        return None
    pattern = re.compile("|".join(f"(?:{phrase_regex(phrase)})" for phrase in ordered))
    return Phrases(pattern, anchors_of(ordered))
