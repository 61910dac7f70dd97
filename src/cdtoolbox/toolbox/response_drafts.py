"""A stored statement's reading put into the shape of a public response, and of the incident
it describes where the store holds none: the drafts an analyst reviews (docs/statements.md,
"Drafts and confirmed responses"). Pure: the statement and the reference knowledge in, the
drafts out."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import PartialDate, PublicResponse, RespondingPartyKind, Verification
from cdtoolbox.model.ports import slugify
from cdtoolbox.model.response_record import IncidentDraft
from cdtoolbox.model.statement import (
    LISTING_INSTRUMENT,
    AttributionStrength,
    Evidence,
    IssuerKind,
    MeasureKind,
    ReadAttribution,
    Statement,
)
from cdtoolbox.model.vocabulary import Confidence, Likelihood

__all__ = [
    "ESTIMATES",
    "NATIONAL_ATTRIBUTION",
    "ResponseDraft",
    "draft_id",
    "draft_response",
]

#: The reading's instrument of a Member State's own attribution, which is no Toolbox instrument.
NATIONAL_ATTRIBUTION = "national-attribution"

#: How firmly a statement's attribution is held, on the estimative scales of an attribution
#: record (ICD 203 likelihood, confidence in the judgment): a State's own explicit words are a
#: high-confidence judgment that it is very likely responsible; a territorial or associating
#: wording a likely one held with moderate confidence; a partner's assessment relayed is the
#: partner's, held with low confidence by the one relaying it.
ESTIMATES: dict[AttributionStrength, tuple[Likelihood, Confidence]] = {
    AttributionStrength.EXPLICIT: (Likelihood.VERY_LIKELY, Confidence.HIGH),
    AttributionStrength.TERRITORIAL: (Likelihood.LIKELY, Confidence.MODERATE),
    AttributionStrength.ASSOCIATED: (Likelihood.LIKELY, Confidence.MODERATE),
    AttributionStrength.RELAYED: (Likelihood.ROUGHLY_EVEN_CHANCE, Confidence.LOW),
}

# The issuers whose statements are the EU's own responses, and the party each names.
_EU_PARTIES = {
    IssuerKind.COUNCIL: "Council of the European Union",
    IssuerKind.HR_ON_BEHALF_OF_EU: "High Representative on behalf of the EU",
    IssuerKind.HR: "High Representative of the Union for Foreign Affairs and Security Policy",
    IssuerKind.EEAS_SPOKESPERSON: "Spokesperson of the European External Action Service",
    IssuerKind.COMMISSION: "European Commission",
}
# A sentence ends at a full stop, a question or an exclamation mark before a space, or at a
# blank line; the words of one attribution are quoted with their whole sentence.
_STOP = re.compile(r"[.!?](?=\s|$)")
_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class ResponseDraft:
    """The response a statement amounts to, and the incident it describes where the reading
    matched no stored one. ``missing`` names what the reading could not give and the analyst
    must (the instrument of an EU text read as ``other``)."""

    response: PublicResponse
    incident: IncidentDraft | None
    missing: tuple[str, ...]


def draft_id(statement_id: str) -> str:
    """The id of the response drafted from a statement: one draft per statement."""
    return f"resp-{statement_id}"


def is_a_response(statement: Statement, knowledge: KnowledgeBase) -> bool:
    """Whether ``statement``'s issuer is one whose public responses are recorded: the EU
    (its Council, High Representative, spokesperson or Commission) or a Member State."""
    kind = statement.issuer_kind
    country = statement.reading.issuer.country
    return kind in _EU_PARTIES or (
        kind is IssuerKind.MEMBER_STATE and bool(country) and _member(knowledge, country or "")
    )


def draft_response(statement: Statement, knowledge: KnowledgeBase) -> ResponseDraft:
    """The drafts of ``statement``; InvalidInput when its issuer is neither the EU nor a
    Member State, whose public responses alone are recorded."""
    from cdtoolbox.errors import InvalidInput

    reading = statement.reading
    kind = statement.issuer_kind
    country = reading.issuer.country
    if kind in _EU_PARTIES:
        party_kind = RespondingPartyKind.EU
        party = statement.issuer_name or _EU_PARTIES[kind]
        country = None
    elif kind is IssuerKind.MEMBER_STATE and country and _member(knowledge, country):
        party_kind = RespondingPartyKind.MEMBER_STATE
        # The State itself, as the responses file names it: the reading's name is the office
        # or the heading that spoke ("Statement by the Federal Government …").
        party = knowledge.countries.get(country).name
    else:
        reason = (
            "is not the EU or a Member State: only their public responses are recorded; "
            "give the issuer with `cdt statements add --issuer` if the reading missed it"
        )
        raise InvalidInput("statement", "issuer", kind.value, reason, location=statement.id)
    instrument = reading.instrument.id if reading.instrument.id in knowledge.instruments else None
    missing = ("instrument",) if party_kind is RespondingPartyKind.EU and not instrument else ()
    listing = instrument == LISTING_INSTRUMENT
    held = _held_responsible(reading.attributions)
    wording = _sentences(statement.text, (e for a in held for e in a.evidence))
    issued = statement.date or statement.recorded_at.date()
    response = PublicResponse(
        id=draft_id(statement.id),
        date=PartialDate.parse(issued.isoformat()),
        party_kind=party_kind,
        party=party,
        country=country,
        instrument_id=instrument,
        measure=_measure(knowledge, instrument, party_kind),
        incidents=tuple(item.id for item in reading.incidents),
        attribution_wording=wording,
        # A listing never names a State (Decision (CFSP) 2019/797).
        state_named=None if listing else next((a.state for a in held if a.state), None),
        listed=tuple(
            m.subject for m in reading.measures if m.kind is MeasureKind.LISTING and m.subject
        ),
        sources=(statement.source_url or f"statement {statement.id}",),
        status=Verification.UNVERIFIED,
    )
    incident = None
    if not reading.incidents and (reading.attributions or reading.targets.countries):
        incident = _incident_draft(statement, knowledge, issued, wording)
    return ResponseDraft(response, incident, missing)


def _member(knowledge: KnowledgeBase, code: str) -> bool:
    found = knowledge.countries.find(code)
    return found is not None and found.eu_member


def _held_responsible(attributions: Iterable[ReadAttribution]) -> list[ReadAttribution]:
    """The attributions the issuer makes its own, strongest first: a relayed one is the
    partner's."""
    own = [a for a in attributions if a.strength.rank < AttributionStrength.RELAYED.rank]
    return sorted(own, key=lambda a: a.strength.rank)


def _sentences(text: str, evidence: Iterable[Evidence]) -> str | None:
    """The sentences holding each piece of ``evidence``, in the text's order, each once."""
    spans: set[tuple[int, int]] = set()
    for place in evidence:
        start = max(
            (
                m.end()
                for pattern in (_STOP, _BREAK)
                for m in pattern.finditer(text, 0, place.start)
            ),
            default=0,
        )
        ends = (pattern.search(text, place.end) for pattern in (_STOP, _BREAK))
        end = min(
            (m.end() if m.re is _STOP else m.start() for m in ends if m is not None),
            default=len(text),
        )
        spans.add((start, end))
    quoted = [" ".join(text[start:end].split()) for start, end in sorted(spans)]
    return " ".join(quoted) or None


def _measure(
    knowledge: KnowledgeBase, instrument: str | None, party_kind: RespondingPartyKind
) -> str:
    if instrument is not None:
        return knowledge.instruments.get(instrument).name
    if party_kind is RespondingPartyKind.MEMBER_STATE:
        return "National attribution statement"
    return "Public statement"


def _incident_draft(
    statement: Statement, knowledge: KnowledgeBase, issued: date, wording: str | None
) -> IncidentDraft:
    reading = statement.reading
    countries = tuple(item.id for item in reading.targets.countries)
    held = _held_responsible(reading.attributions) or list(reading.attributions)
    first = held[0] if held else None
    names = ", ".join(knowledge.countries.get(code).name for code in countries)
    actor = first.actor if first else None
    title = f"Malicious cyber activity against {names}" if names else "Malicious cyber activity"
    if actor:
        title = f"{actor}: {title[0].lower()}{title[1:]}"
    estimate = ESTIMATES.get(first.strength) if first else None
    return IncidentDraft(
        slug=f"{slugify(title, 50)}-{issued.year}",
        title=title,
        date=issued.isoformat(),
        countries=countries,
        sectors=tuple(item.id for item in reading.targets.sectors),
        state=first.state if first else None,
        actor=actor,
        strength=first.strength.value if first else None,
        likelihood=estimate[0] if estimate else None,
        confidence=estimate[1] if estimate else None,
        wording=wording,
        source=statement.source_url,
    )
