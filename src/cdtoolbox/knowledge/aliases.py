"""Name matching that ignores case, accents, spaces and punctuation.

"APT 28", "apt28" and "APT-28" are the same name to an analyst, so every lookup in the knowledge
base (and the store's alias search) compares ``normalise_alias`` keys, never raw strings.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["NameIndex", "normalise_alias"]


# Imports look up the same few thousand names (actors, countries, sectors) over and over.
@lru_cache(maxsize=65_536)
def normalise_alias(text: str) -> str:
    """The comparison key of a name: decomposed, case-folded, letters and digits only.

    ``normalise_alias("Fancy Bear") == normalise_alias("FANCY-BEAR") == "fancybear"``.
    """
    # Case folding can yield precomposed letters, so decompose again before dropping the
    # combining accents: otherwise a second pass would not give the same key.
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return "".join(filter(str.isalnum, folded))


class NameIndex:
    """Normalised name → the ids of every item carrying that name, in insertion order."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        ids: dict[str, list[str]] = {}
        display: dict[str, str] = {}
        for name, item_id in entries:
            key = normalise_alias(name)
            if not key:
                continue
            bucket = ids.setdefault(key, [])
            if item_id not in bucket:
                bucket.append(item_id)
            display.setdefault(key, name)
        self._ids = {key: tuple(bucket) for key, bucket in ids.items()}
        self._display = display

    def __len__(self) -> int:
        return len(self._ids)

    def lookup(self, text: str) -> tuple[str, ...]:
        """Ids whose name matches ``text``; empty when none does."""
        return self._ids.get(normalise_alias(text), ())

    def items(self) -> Iterable[tuple[str, tuple[str, ...]]]:
        return self._ids.items()

    def close_names(self, text: str, limit: int = 5) -> tuple[str, ...]:
        """Known names that look like ``text``, for "did you mean" hints."""
        key = normalise_alias(text)
        if not key:
            return ()
        matches = difflib.get_close_matches(key, self._display.keys(), n=limit, cutoff=0.75)
        return tuple(self._display[match] for match in matches)
