"""The line under a CLI listing: "885 actors.", "50 of 885 actors shown."."""

from __future__ import annotations

from cdtoolbox.model.wording import counted

__all__ = ["counted", "shown_line"]


def shown_line(shown: int, total: int | None, noun: str) -> str:
    """The line under a listing: the count alone when every item is shown."""
    if total is None or total == shown:
        return f"{counted(shown, noun)}."
    return f"{shown:,} of {counted(total, noun)} shown."
