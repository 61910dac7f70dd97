"""The phrase syntax of statement_phrases.yaml, compiled to regular expressions.

Phrases are written as analysts quote them ("conducted by the Russian Federation"), not as
regular expressions: words match across any run of spaces or punctuation, ``(a|b)`` offers
alternatives, ``[a|b]`` an optional word, ``stem*`` any word so starting, ``…`` up to five
words of anything. Case is ignored; the text is read with typographic apostrophes as straight
ones (``reading_view`` in spans.py), so one spelling serves both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["SLOT", "compile_phrase", "compile_phrases", "phrase_regex"]

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
    tokens = _TOKEN.findall(phrase)
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
    head = "" if tokens and tokens[0].startswith("[") else r"(?<!\w)"
    tail = "" if not tokens or tokens[-1].endswith("*") else r"(?!\w)"
    return head + body + tail


def compile_phrase(phrase: str) -> re.Pattern[str]:
    return re.compile(phrase_regex(phrase), re.IGNORECASE)


def compile_phrases(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One expression matching any of ``phrases``, longest alternatives first; ``None`` when
    there are none (a pattern matching nothing is clearer as no pattern)."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    if not ordered:
        return None
    return re.compile("|".join(f"(?:{phrase_regex(phrase)})" for phrase in ordered), re.I)
