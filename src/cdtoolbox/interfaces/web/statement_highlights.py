"""A statement's text with every item of its reading highlighted in place.

The reading says where each item was read (``Evidence``: character offsets into the text).
The items are put into words and linked to their pages (``read_items``), then the text is cut
at every start and end of a highlight and each piece escaped and wrapped in the marks that
cover it (``marked_text``): highlights may overlap (an issuer and an instrument read from the
same title, an actor inside an attribution's phrase) without any markup crossing another.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from urllib.parse import quote, urlencode

from markupsafe import Markup, escape

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.statement import (
    READING_INSTRUMENTS,
    Evidence,
    Measure,
    MeasureKind,
    StatementReading,
)

__all__ = ["ReadItem", "instrument_name", "marked_text", "read_items"]

_MEASURES = {
    MeasureKind.LISTING: "listing",
    MeasureKind.RENEWAL: "renewal",
    MeasureKind.CALL: "call",
    MeasureKind.SOLIDARITY: "solidarity",
    MeasureKind.ASSISTANCE: "assistance offered",
}


@dataclass(frozen=True, slots=True)
class ReadItem:
    """One item of a reading as the page shows it: ``kind`` (its highlight's class),
    ``tag`` (the label beside the highlighted words), ``name`` (the item in words),
    where it links (its page, if it has one) and where in the text it was read."""

    kind: str
    tag: str
    name: str
    href: str | None
    evidence: tuple[Evidence, ...]


def instrument_name(knowledge: KnowledgeBase, instrument_id: str) -> str:
    """The instrument in words: a Toolbox instrument's name, or what the reading means."""
    if instrument_id in knowledge.instruments:
        return knowledge.instruments.get(instrument_id).name
    return READING_INSTRUMENTS.get(instrument_id, instrument_id)


def read_items(
    reading: StatementReading, knowledge: KnowledgeBase, incident_title: Callable[[str], str | None]
) -> tuple[ReadItem, ...]:
    """Every item of ``reading``, in the order of the JSON document. ``incident_title`` gives
    the title of an incident the viewer may read, ``None`` for one they may not: such an
    incident is left out, neither named nor highlighted."""
    country = _CountryWords(knowledge)
    items: list[ReadItem] = []
    if reading.date is not None:
        items.append(
            ReadItem("date", "date", reading.date.value.isoformat(), None, reading.date.evidence)
        )
    issuer = reading.issuer
    items.append(
        ReadItem(
            "issuer",
            "issuer",
            issuer.name or issuer.kind.value,
            country.href(issuer.country) if issuer.country else None,
            issuer.evidence,
        )
    )
    instrument = reading.instrument.id
    items.append(
        ReadItem(
            "instrument",
            "instrument",
            instrument_name(knowledge, instrument),
            f"/instruments#{quote(instrument)}" if instrument in knowledge.instruments else None,
            reading.instrument.evidence,
        )
    )
    for named in reading.incidents:
        title = incident_title(named.id)
        if title is not None:
            page = f"/incidents/{quote(named.id)}"
            items.append(ReadItem("incident", "incident", title, page, named.evidence))
    for named in reading.actors:
        actor = knowledge.actors.find(named.id)
        href = f"/actors/{quote(actor.slug)}" if actor else None
        items.append(ReadItem("actor", "actor", named.id, href, named.evidence))
    for attribution in reading.attributions:
        held = [country.name(attribution.state)] if attribution.state else []
        held += [attribution.actor] if attribution.actor else []
        items.append(
            ReadItem(
                "attribution",
                f"state held responsible: {attribution.strength.value}",
                " and ".join(held) or "no one named",
                country.href(attribution.state) if attribution.state else None,
                attribution.evidence,
            )
        )
    for named in reading.targets.countries:
        href = country.href(named.id)
        items.append(ReadItem("target", "target", country.name(named.id), href, named.evidence))
    for named in reading.targets.sectors:
        sector = knowledge.sectors.find(named.id)
        name = f"{sector.name if sector else named.id} (sector)"
        incidents = "/incidents?" + urlencode({"sector": named.id})
        items.append(ReadItem("target", "target sector", name, incidents, named.evidence))
    for named in reading.aligned:
        href = country.href(named.id)
        items.append(ReadItem("aligned", "aligned", country.name(named.id), href, named.evidence))
    for named in reading.norms:
        title = knowledge.norms.get(named.id).title if named.id in knowledge.norms else named.id
        items.append(
            ReadItem(
                "norm",
                f"norm {named.id}",
                f"{named.id} {title}",
                f"/norms#norm-{quote(named.id)}",
                named.evidence,
            )
        )
    for named in reading.law:
        known = named.id in knowledge.law
        items.append(
            ReadItem(
                "law",
                "law",
                knowledge.law.get(named.id).concept if known else named.id,
                f"/law#{quote(named.id)}" if known else None,
                named.evidence,
            )
        )
    items.extend(_measure(measure, country) for measure in reading.measures)
    return tuple(items)


def _measure(measure: Measure, country: _CountryWords) -> ReadItem:
    what = _MEASURES[measure.kind]
    href: str | None = None
    subject = measure.subject
    if measure.kind is MeasureKind.LISTING and subject:
        href = "/sanctions/check?" + urlencode({"name": subject})
    elif subject and country.known(subject):
        href = country.href(subject)
        subject = country.name(subject)
    name = what + (f": {subject}" if subject else "")
    if measure.until is not None:
        name += f" until {measure.until.isoformat()}"
    return ReadItem("measure", f"measure: {what}", name, href, measure.evidence)


class _CountryWords:
    """Countries by name, linked to their profile page."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self._countries = knowledge.countries

    def known(self, code: str) -> bool:
        return len(code) == 2 and self._countries.find(code) is not None

    def name(self, code: str) -> str:
        country = self._countries.find(code)
        return country.name if country else code

    def href(self, code: str) -> str | None:
        country = self._countries.find(code)
        return f"/capacity/partners/{quote(country.code)}" if country else None


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    item: ReadItem
    anchor: str


def anchor(item_index: int, evidence_index: int) -> str:
    """The id of the place where the item's ``evidence_index``-th highlight starts."""
    return f"hl-{item_index}-{evidence_index}"


def marked_text(text: str, items: Sequence[ReadItem]) -> Markup:
    """``text`` escaped, with each item's evidence wrapped in ``<mark>`` (its link inside,
    its tag after it). Where highlights overlap, the piece they share is marked by both
    (``data-kinds``) and links where the innermost of them links."""
    spans = [
        _Span(place.start, place.end, item, anchor(i, j))
        for i, item in enumerate(items)
        for j, place in enumerate(item.evidence)
        # A place outside the text would come from a reading of another text: never shown.
        if 0 <= place.start < place.end <= len(text)
    ]
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    starting: dict[int, list[_Span]] = {}
    ending: dict[int, list[_Span]] = {}
    for span in spans:
        starting.setdefault(span.start, []).append(span)
        ending.setdefault(span.end, []).append(span)
    parts: list[str] = []
    active: list[_Span] = []
    for left, right in pairwise(cuts):
        for span in starting.get(left, ()):
            active.append(span)
            parts.append(f'<span class="hl__anchor" id="{span.anchor}"></span>')
        piece = str(escape(text[left:right]))
        if active:
            parts.append(_mark(piece, active))
        else:
            parts.append(piece)
        for span in ending.get(right, ()):
            active.remove(span)
            parts.append(
                f'<small class="hl__tag hl__tag--{span.item.kind}">{escape(span.item.tag)}</small>'
            )
    return Markup("".join(parts))


def _mark(piece: str, covering: list[_Span]) -> str:
    # The innermost (shortest) highlight decides the colour and the link: it is the most
    # precise thing said of these words.
    ordered = sorted(covering, key=lambda span: span.end - span.start)
    inner = ordered[0].item
    linked = next((span.item for span in ordered if span.item.href), None)
    kinds = " ".join(dict.fromkeys(span.item.kind for span in ordered))
    title = "; ".join(dict.fromkeys(f"{span.item.tag}: {span.item.name}" for span in ordered))
    body = f'<a href="{escape(linked.href)}">{piece}</a>' if linked and linked.href else piece
    return (
        f'<mark class="hl hl--{inner.kind}" data-kinds="{kinds}" title="{escape(title)}">'
        f"{body}</mark>"
    )
