"""Counts in the words a reader expects: "1 actor", "885 actors", "50 of 885 actors shown"."""

from __future__ import annotations

__all__ = ["counted", "shown_line"]


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` and ``noun``, plural unless exactly one ("entity" → "entities" if given)."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


def shown_line(shown: int, total: int | None, noun: str) -> str:
    """The line under a listing: the count alone when every item is shown."""
    if total is None or total == shown:
        return f"{counted(shown, noun)}."
    return f"{shown:,} of {counted(total, noun)} shown."
