"""The TLP level a STIX object is held at, read from its data markings.

One rule for every way an object reaches us (an imported bundle, a TAXII envelope, our own
export published to a collection), so an object is never shown more widely on one path than
on another:

- the strictest TLP marking among ``object_marking_refs`` and the ``marking_ref`` of each
  granular marking applies: we never redact single properties, so a property marked RED makes
  the whole object RED;
- a marking we cannot interpret (a statement, a custom marking, an unknown TLP id) may restrict
  sharing in ways we cannot honour, so it counts as TLP:RED;
- a TLP marking definition is held at its own level: readers below it see no object marked
  with it, and the definition alone would tell them such objects exist; any other marking
  definition is a marking we cannot interpret.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from cdtoolbox.formats.stix.foreign import UNMARKED_TLP
from cdtoolbox.formats.stix.vocabulary import TLP_BY_MARKING_ID
from cdtoolbox.model import Tlp

__all__ = ["UNINTERPRETED_TLP", "held_tlp", "marked_tlp"]

#: The level of anything marked with a marking we cannot interpret.
UNINTERPRETED_TLP: Final = Tlp.RED

# Definitions, not intelligence: an unmarked one is TLP:CLEAR (docs/stix-mapping.md).
_DEFINITION_TYPES: Final = frozenset({"extension-definition", "language-content"})
_RANKS: Final = {level: level.rank for level in Tlp}


def marked_tlp(obj: Mapping[str, Any]) -> Tlp | None:
    """The strictest level among an object's markings; None when it carries none."""
    strictest: Tlp | None = None
    for ref in _marking_refs(obj):
        level = TLP_BY_MARKING_ID.get(ref) if isinstance(ref, str) else None
        if level is None:
            level = UNINTERPRETED_TLP
        if strictest is None or _RANKS[level] > _RANKS[strictest]:
            strictest = level
    return strictest


def held_tlp(obj: Mapping[str, Any]) -> Tlp:
    """The level an object is held and shared at (see the module docstring)."""
    if obj.get("type") == "marking-definition":
        own = TLP_BY_MARKING_ID.get(str(obj.get("id")), UNINTERPRETED_TLP)
        marked = marked_tlp(obj)
        return own if marked is None or _RANKS[own] >= _RANKS[marked] else marked
    marked = marked_tlp(obj)
    if marked is not None:
        return marked
    return Tlp.CLEAR if obj.get("type") in _DEFINITION_TYPES else UNMARKED_TLP


def _marking_refs(obj: Mapping[str, Any]) -> Iterator[object]:
    refs = obj.get("object_marking_refs")
    if isinstance(refs, list):
        yield from refs
    granular = obj.get("granular_markings")
    if isinstance(granular, list):
        for marking in granular:
            if isinstance(marking, Mapping) and "marking_ref" in marking:
                yield marking["marking_ref"]
