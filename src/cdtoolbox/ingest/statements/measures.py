"""What a statement announces: persons and entities listed (read from the sanctions
register's names, in a listing), a renewal and its new end date, calls on a State, solidarity
and assistance (with the State each is addressed to)."""

from __future__ import annotations

from collections.abc import Sequence

from cdtoolbox.ingest.statements.dates import DateReader
from cdtoolbox.ingest.statements.mentions import Mentions
from cdtoolbox.ingest.statements.patterns import Phrases
from cdtoolbox.ingest.statements.phrases import MASK
from cdtoolbox.ingest.statements.spans import ReadingView
from cdtoolbox.model.statement import Measure, MeasureKind

__all__ = ["read_measures"]


def read_measures(
    view: ReadingView,
    masked: str,
    mentions: Mentions,
    table: Sequence[tuple[str, Phrases]],
    renewing: Phrases | None,
    dates: DateReader,
    listing: bool,
) -> tuple[Measure, ...]:
    measures: list[Measure] = []
    seen: set[tuple[MeasureKind, str | None]] = set()
    if listing:
        for mention in mentions.listees:
            key = (MeasureKind.LISTING, mention.id)
            if key not in seen:
                seen.add(key)
                quoted = (view.quote(mention.start, mention.end),)
                measures.append(Measure(MeasureKind.LISTING, mention.id, None, quoted))
    for kind_name, pattern in table:
        kind = MeasureKind(kind_name)
        if not pattern.present(view.words.vocabulary):
            continue
        for match in pattern.finditer(masked):
            slots = [index for index, value in enumerate(match.groups(), 1) if value is not None]
            if not slots:
                continue
            slot_start, slot_end = match.span(slots[0])
            quoted = (view.quote(*match.span()),)
            if kind is MeasureKind.RENEWAL:
                if renewing is None or not _in_sentence(view, renewing, match.start()):
                    continue
                until = dates.parse(view.text[slot_start:slot_end])
                if until is not None and (kind, until.isoformat()) not in seen:
                    seen.add((kind, until.isoformat()))
                    measures.append(Measure(kind, None, until, quoted))
                continue
            if not masked.startswith(MASK, slot_start):
                continue
            addressed = mentions.state_at(slot_start)
            if addressed is None or (kind, addressed.id) in seen:
                continue
            seen.add((kind, addressed.id))
            measures.append(Measure(kind, addressed.id, None, quoted))
    return tuple(measures)


def _in_sentence(view: ReadingView, pattern: Phrases, offset: int) -> bool:
    """Whether ``pattern`` occurs in the sentence holding ``offset``."""
    start, end = view.sentence(offset)
    return pattern.search(view.view, start, end) is not None
