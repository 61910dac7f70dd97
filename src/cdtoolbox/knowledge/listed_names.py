"""Comparing the names of listed people and entities the way a sanctions screener does.

Annex I writes "GAO Qiang" and "Alexey Valeryevich MININ"; analysts type "Qiang Gao",
"gao qiang" or "Alexey Minin". Case, accents, punctuation and word order do not matter:
``name_key`` sorts the words, so all of "GAO Qiang", "Qiang GAO" and "gao-qiang" give the
same key. ``compact_key`` also catches names typed without spaces ("GaoQiang", "iSoon").
``words_within`` finds a name given with words left out (a patronymic, a company suffix),
which is a *possible* match only: it needs a human look at the identifying information.
"""

from __future__ import annotations

import re
import unicodedata

from cdtoolbox.knowledge.aliases import normalise_alias

__all__ = ["compact_key", "name_key", "name_keys", "name_words", "words_within"]

_SEPARATORS = re.compile(r"[\W_]+")
# One- and two-letter words ("co", "of", initials) are too common to make a partial match.
_SHORTEST_TELLING_WORD = 3


def name_words(text: str) -> tuple[str, ...]:
    """The words of a name, case-folded and without accents, in their original order."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    plain = "".join(char for char in folded if not unicodedata.combining(char))
    return tuple(word for word in _SEPARATORS.split(plain) if word)


def name_key(text: str) -> str:
    """The word-order-blind key of a name: its words, sorted, joined by single spaces."""
    return " ".join(sorted(name_words(text)))


def compact_key(text: str) -> str:
    """The spacing-blind key of a name (letters and digits only, as for actor aliases)."""
    return normalise_alias(text)


def name_keys(text: str) -> tuple[str, ...]:
    """Every key a name is found by, without repeats; empty for a name with no letters."""
    keys = (name_key(text), compact_key(text))
    return tuple(dict.fromkeys(key for key in keys if key))


def words_within(query: str, name: str) -> bool:
    """True when ``query`` has at least two telling words and all of them are in ``name``."""
    wanted = {word for word in name_words(query) if len(word) >= _SHORTEST_TELLING_WORD}
    return len(wanted) >= 2 and wanted <= set(name_words(name))
