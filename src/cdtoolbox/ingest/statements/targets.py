"""The countries and sectors a statement names as victims: those named in a sentence that
speaks of a target ("against", "targeted", "solidarity with", "contre", "visant" …), less the
States it holds responsible and any State whose organ the same sentence names ("members of
the Russian military intelligence unit 29155 of the GRU … targeting the Estonian government":
Russia acts there, Estonia is the victim)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from cdtoolbox.ingest.statements.mentions import Mentions
from cdtoolbox.ingest.statements.patterns import Phrases
from cdtoolbox.ingest.statements.spans import ReadingView
from cdtoolbox.model.statement import Evidence, Named, ReadTargets

__all__ = ["read_targets"]


def read_targets(
    view: ReadingView,
    mentions: Mentions,
    cues: Phrases | None,
    sectors: Sequence[tuple[str, Phrases]],
    responsible: Collection[str],
) -> ReadTargets:
    if cues is None:
        return ReadTargets()
    sentences = sorted({view.sentence(match.start()) for match in cues.finditer(view.view)})
    countries: dict[str, list[Evidence]] = {}
    named_sectors: dict[str, list[Evidence]] = {}
    for start, end in sentences:
        named = mentions.states_between(start, end)
        acting = {mention.id for mention in named if mention.organ}
        for mention in named:
            if mention.organ or mention.id in responsible or mention.id in acting:
                continue
            countries.setdefault(mention.id, []).append(view.quote(mention.start, mention.end))
    # Each sector's phrases run once over the text, not once per sentence.
    speaking = {start for start, _ in sentences}
    for sector, pattern in sectors:
        if not pattern.present(view.words.vocabulary):
            continue
        for match in pattern.finditer(view.view):
            if view.sentence(match.start())[0] in speaking:
                named_sectors.setdefault(sector, []).append(view.quote(*match.span()))
    return ReadTargets(
        countries=tuple(Named(code, tuple(spans)) for code, spans in countries.items()),
        sectors=tuple(Named(sector, tuple(spans)) for sector, spans in named_sectors.items()),
    )
