"""The UN norms and the principles of international law a statement invokes.

Norms are read with the phrases of knowledge/data/norms.yaml (its ``keywords``, in English,
French and German): the phrases that name a norm's content ("not to allow their territory to
be used", "integrity of … their supply chain"). The generic reference to "the norms of
responsible State behaviour" names no norm and gives none. Principles of law are read with the
`law` phrases of statement_phrases.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence

from cdtoolbox.ingest.statements.patterns import Phrases
from cdtoolbox.ingest.statements.spans import ReadingView
from cdtoolbox.model.statement import Named

__all__ = ["read_invoked"]


def read_invoked(view: ReadingView, table: Sequence[tuple[str, Phrases]]) -> tuple[Named, ...]:
    """Each id of ``table`` whose phrases occur, with every occurrence."""
    found = []
    for item_id, pattern in table:
        if not pattern.present(view.words.vocabulary):
            continue
        spans = tuple(view.quote(*match.span()) for match in pattern.finditer(view.view))
        if spans:
            found.append(Named(item_id, spans))
    return tuple(found)
