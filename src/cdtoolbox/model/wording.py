"""Counts and articles in the words a reader expects: "1 person", "2 entities", "an analyst".

Every sentence the library, the command line and the pages build around a number or a role goes
through these two functions, so "1 persons" or "a analyst" cannot come back in one place while
fixed in another.
"""

from __future__ import annotations

__all__ = ["counted", "with_article"]

# Nouns the project counts whose plural is not the noun plus "s".
_IRREGULAR_PLURALS = {
    "entity": "entities",
    "country": "countries",
    "entry": "entries",
    "match": "matches",
}


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` and ``noun``, plural unless exactly one: "1 listing", "1,885 actors".

    ``plural`` overrides the plural for nouns the built-in table does not know."""
    if number == 1:
        return f"{number:,} {noun}"
    return f"{number:,} {plural or _IRREGULAR_PLURALS.get(noun) or noun + 's'}"


def with_article(noun: str) -> str:
    """``noun`` after "a" or "an", by its first letter: "an analyst", "a viewer",
    "an incident file". (No noun the project words starts with a silent or a "yoo" sound.)"""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"
