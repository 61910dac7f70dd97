"""The ``<option>`` lines of a name datalist (the country and actor suggestions of the filter
forms), rendered once per list rather than once per page.

The actor list holds some 900 names: escaping them on every incident-list page cost about a
fifth of the page's time. The catalogues hand out the same tuple until their data changes, so
remembering the markup of the last list seen (by identity, then by equality) stays exact.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Protocol

from markupsafe import Markup, escape

__all__ = ["NameOptions"]


class _Named(Protocol):
    @property
    def name(self) -> str: ...


class NameOptions:
    """A Jinja filter: ``{{ actors | name_options }}`` gives ``<option value="…">`` per item."""

    def __init__(self, remembered: int = 8) -> None:
        self._remembered = remembered
        self._rendered: list[tuple[Sequence[_Named], Markup]] = []
        self._lock = threading.Lock()

    def __call__(self, items: Sequence[_Named]) -> Markup:
        with self._lock:
            for seen, markup in self._rendered:
                if seen is items or seen == items:
                    return markup
        markup = Markup("".join(f'<option value="{escape(item.name)}">' for item in items))
        with self._lock:
            self._rendered = [(items, markup), *self._rendered[: self._remembered - 1]]
        return markup
