"""Who issued a statement, which instrument it is and which countries aligned with it.

The instrument is read from the heading first (the title names a declaration, a press release
says in its first paragraph what the Council did), then from the body, with the `instruments`
phrases in their order. A text no EU phrase claims is a national statement when a national
office issues it: a ``national-attribution`` when it holds a State responsible.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdtoolbox.ingest.statements.mentions import Mentions
from cdtoolbox.ingest.statements.phrases import PhraseBook
from cdtoolbox.ingest.statements.spans import ReadingView
from cdtoolbox.model.statement import (
    FORUM_STATEMENT,
    NATIONAL_ATTRIBUTION,
    OTHER_INSTRUMENT,
    AttributionStrength,
    Evidence,
    IssuerKind,
    Named,
    ReadAttribution,
    ReadInstrument,
    ReadIssuer,
)

__all__ = [
    "FORUM_STATEMENT",
    "NATIONAL_ATTRIBUTION",
    "OTHER",
    "Heading",
    "read_aligned",
    "read_heading",
    "read_instrument",
]

OTHER = OTHER_INSTRUMENT

# The EU's issuers are named by their kind; any other is named by what the text says.
_EU_ISSUER_NAMES = {
    kind: kind.label
    for kind in (
        IssuerKind.COUNCIL,
        IssuerKind.HR_ON_BEHALF_OF_EU,
        IssuerKind.HR,
        IssuerKind.EEAS_SPOKESPERSON,
    )
}


@dataclass(frozen=True, slots=True)
class Heading:
    """What the heading and the first EU phrase say, before attributions are read."""

    instrument: str | None  # an EU instrument id, when an EU phrase claims the text
    instrument_evidence: tuple[Evidence, ...]
    issuer: ReadIssuer


def read_heading(view: ReadingView, mentions: Mentions, book: PhraseBook, eu: set[str]) -> Heading:
    """``eu``: the alpha-2 codes of the EU's Member States."""
    for stretch in ((0, view.heading_end), (view.heading_end, len(view.view))):
        for rule in book.instruments:
            found = rule.pattern.search(view.view, *stretch)
            if found is not None:
                quoted = (view.quote(*found.span()),)
                issuer = ReadIssuer(rule.issuer, _EU_ISSUER_NAMES.get(rule.issuer), None, quoted)
                return Heading(rule.id, quoted, _joint(view, book) or issuer)
    joint = _joint(view, book)
    if joint is not None:
        return Heading(None, (), joint)
    national = _national(view, mentions, book, eu)
    if national is not None:
        return Heading(None, (), national)
    council = book.council.search(view.view, 0, view.heading_end) if book.council else None
    if council is not None:
        quoted = (view.quote(*council.span()),)
        return Heading(None, (), ReadIssuer(IssuerKind.COUNCIL, "Council of the EU", None, quoted))
    return Heading(None, (), ReadIssuer(IssuerKind.OTHER, None, None, ()))


def _joint(view: ReadingView, book: PhraseBook) -> ReadIssuer | None:
    found = book.joint.search(view.view, 0, view.heading_end) if book.joint else None
    if found is None:
        return None
    line = _line(view, found.start())
    return ReadIssuer(
        IssuerKind.JOINT, view.text[line[0] : line[1]].strip(), None, (view.quote(*found.span()),)
    )


def _national(
    view: ReadingView, mentions: Mentions, book: PhraseBook, eu: set[str]
) -> ReadIssuer | None:
    for office in book.national_issuers:
        found = office.pattern.search(view.view, 0, view.heading_end)
        if found is None:
            continue
        start, end = _line(view, found.start())
        country = office.country
        if country is None:
            named = [
                mention.id for mention in mentions.states_between(start, end) if not mention.organ
            ]
            country = named[0] if named else _speaking_state(view, mentions)
            if country is None:
                continue
        kind = IssuerKind.MEMBER_STATE if country in eu else IssuerKind.THIRD_STATE
        name = view.text[start:end].strip()
        return ReadIssuer(kind, name, country, (view.quote(*found.span()),))
    return None


def _speaking_state(view: ReadingView, mentions: Mentions) -> str | None:
    """The State a national text speaks for, when its office ("National Cyber Security Centre")
    does not name it: the one most often the subject of a sentence ("New Zealand attributes …",
    "The Netherlands condemns …"), where a text names itself; none on a tie, as a text
    speaking of two States as often gives no ground to prefer one."""
    counts: dict[str, int] = {}
    for mention in mentions.states:
        if mention.organ:
            continue
        start, _ = view.sentence(mention.start)
        lead = view.view[start : mention.start].strip(_SENTENCE_LEAD)
        if lead in ("", "the"):
            counts[mention.id] = counts.get(mention.id, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


# What may stand before a sentence's subject: spaces, quotation marks, list marks.
_SENTENCE_LEAD = " \n\t\"'\u201c\u201d\u00ab\u00bb-\u2013\u2022*"


def _line(view: ReadingView, offset: int) -> tuple[int, int]:
    start = view.view.rfind("\n", 0, offset) + 1
    end = view.view.find("\n", offset)
    return start, len(view.view) if end < 0 else end


def read_instrument(
    view: ReadingView,
    heading: Heading,
    book: PhraseBook,
    attributions: tuple[ReadAttribution, ...],
) -> ReadInstrument:
    if heading.instrument is not None:
        return ReadInstrument(heading.instrument, heading.instrument_evidence)
    forum = book.forum.search(view.view) if book.forum else None
    if forum is not None:
        return ReadInstrument(FORUM_STATEMENT, (view.quote(*forum.span()),))
    national = heading.issuer.kind in (IssuerKind.MEMBER_STATE, IssuerKind.THIRD_STATE)
    held = [
        item
        for item in attributions
        if item.state is not None and item.strength is not AttributionStrength.RELAYED
    ]
    if national and held:
        return ReadInstrument(NATIONAL_ATTRIBUTION, held[0].evidence)
    return ReadInstrument(OTHER, ())


def read_aligned(view: ReadingView, mentions: Mentions, book: PhraseBook) -> tuple[Named, ...]:
    if book.aligned is None:
        return ()
    found: dict[str, list[Evidence]] = {}
    for match in book.aligned.finditer(view.view):
        start, end = view.sentence(match.start())
        for mention in mentions.states_between(start, end):
            if not mention.organ:
                found.setdefault(mention.id, []).append(view.quote(mention.start, mention.end))
    return tuple(Named(code, tuple(spans)) for code, spans in found.items())
