"""What a statement announces: persons and entities listed (read from the sanctions
register's names, in a listing), a renewal and its new end date, calls on a State, solidarity
and assistance (with the State each is addressed to)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cdtoolbox.ingest.statements.dates import DateReader
from cdtoolbox.ingest.statements.mentions import Mentions
from cdtoolbox.ingest.statements.patterns import Phrases
from cdtoolbox.ingest.statements.spans import ReadingView
from cdtoolbox.model.statement import Measure, MeasureKind

__all__ = ["read_measures"]


def read_measures(
    view: ReadingView,
    masked: str,
    mentions: Mentions,
    table: Sequence[tuple[str, Sequence[Phrases]]],
    renewing: Phrases | None,
    dates: DateReader,
    listing: bool,
) -> tuple[Measure, ...]:
    measures: list[Measure] = []
    seen: set[tuple[MeasureKind, object]] = set()
    if listing:
        for mention in mentions.listees:
            key = (MeasureKind.LISTING, mention.id)
            if key not in seen:
                seen.add(key)
                quoted = (view.quote(mention.start, mention.end),)
                measures.append(Measure(MeasureKind.LISTING, mention.id, None, quoted))
    for kind_name, patterns in table:
        kind = MeasureKind(kind_name)
        for pattern in patterns:
            if pattern.present(view.words.vocabulary):
                for match in pattern.finditer(masked):
                    found = _measure(view, mentions, kind, match, renewing, dates)
                    if found is not None and (kind, found.subject or found.until) not in seen:
                        seen.add((kind, found.subject or found.until))
                        measures.append(found)
    return tuple(measures)


def _measure(
    view: ReadingView,
    mentions: Mentions,
    kind: MeasureKind,
    match: re.Match[str],
    renewing: Phrases | None,
    dates: DateReader,
) -> Measure | None:
    """The measure one match announces: a renewal's end date, or the State addressed."""
    slots = [index for index, value in enumerate(match.groups(), 1) if value is not None]
    if not slots:
        return None
    slot_start, slot_end = match.span(slots[0])
    quoted = (view.quote(*match.span()),)
    if kind is MeasureKind.RENEWAL:
        if renewing is None or not _in_sentence(view, renewing, match.start()):
            return None
        until = dates.parse(view.text[slot_start:slot_end])
        return None if until is None else Measure(kind, None, until, quoted)
    addressed = mentions.state_at(slot_start)
    if addressed is None:
        return None
    return Measure(kind, addressed.id, None, quoted)


def _in_sentence(view: ReadingView, pattern: Phrases, offset: int) -> bool:
    """Whether ``pattern`` occurs in the sentence holding ``offset``."""
    start, end = view.sentence(offset)
    return pattern.search(view.view, start, end) is not None
