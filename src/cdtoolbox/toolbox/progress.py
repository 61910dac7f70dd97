"""How long operations report progress to an interface (a progress bar, a log)."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["ProgressCallback", "no_progress"]


ProgressCallback = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` while long operations run."""


def no_progress(stage: str, done: int, total: int) -> None:
    return None
