"""Attribution synthesis: who said what, on which basis, how sure, and what it allows.

Technical attribution (which actor), political attribution (who says so publicly) and legal
acts (indictments, warrants, listings) are reported apart (domain reference §2). Readiness
says, per kind of measure, whether the record supports it: preventive and cooperative
measures need none; a statement naming a state needs a public state attribution with high
confidence by several states or by the EU; a listing needs identified persons or entities, and
never an attribution to a state.
"""

from __future__ import annotations

from cdtoolbox.assess.assessment import (
    AttributionClaim,
    AttributionSynthesis,
    Consensus,
    Readiness,
    StateNamed,
    Truth,
    WordingLevel,
)
from cdtoolbox.assess.facts import (
    OFFICIAL_PARTIES,
    WORDING_LEVELS,
    IncidentFacts,
    high_confidence,
    wording_level,
)
from cdtoolbox.assess.labels import NAMING_STATE
from cdtoolbox.assess.reference_tables import ReferenceTables
from cdtoolbox.model import Attribution, AttributionBasis, PartyKind

__all__ = ["NAMING_STATE", "WORDING_LEVELS", "synthesise_attribution", "wording_level"]


_NAMING_STATES_NEEDED = 2

# Readiness that does not depend on the incident, built once.
_PREVENTIVE_READY = Readiness("preventive", Truth.HOLDS, "preventive measures need no attribution")
_COOPERATIVE_READY = Readiness(
    "cooperative",
    Truth.HOLDS,
    "cooperative measures need no attribution; a démarche needs only a state to address",
)
_STABILITY_READY = Readiness(
    "stability", Truth.HOLDS, "a statement or declaration need not name anyone"
)
_SUPPORT_MS_CASE_SPECIFIC = Readiness(
    "support_ms",
    Truth.UNKNOWN,
    "case-specific: self-defence or art. 42(7) TEU need attribution of an armed attack "
    "to a state, for the Member State to establish",
)
_NAMED_BY_OTHERS_ONLY = Readiness(
    NAMING_STATE,
    Truth.FAILS,
    "a state is named only by companies, media or researchers; no state or the EU has named one",
)
_NO_STATE_NAMED = Readiness(NAMING_STATE, Truth.FAILS, "no state has been named by anyone")
_NAMED_WITHOUT_CONFIDENCE = Readiness(
    "restrictive",
    Truth.FAILS,
    "persons or entities are named, but not in a high-confidence official act",
)
_NO_ONE_IDENTIFIED = Readiness(
    "restrictive",
    Truth.FAILS,
    "no person or entity has been identified by a state, the EU or an international organisation",
)


def _questions(attribution: Attribution) -> tuple[str, ...]:
    kind = attribution.party.kind
    if kind is PartyKind.SELF_CLAIMED:
        return ("claim",)
    found: list[str] = []
    if AttributionBasis.TECHNICAL in attribution.basis or kind in (
        PartyKind.COMPANY,
        PartyKind.RESEARCHER,
    ):
        found.append("technical")
    if AttributionBasis.LEGAL in attribution.basis:
        found.append("legal")
    if (
        kind in OFFICIAL_PARTIES
        and attribution.public
        and (
            not attribution.basis
            or {AttributionBasis.POLITICAL, AttributionBasis.INTELLIGENCE} & set(attribution.basis)
        )
    ):
        found.append("political")
    if kind is PartyKind.MEDIA:
        found.append("reported")
    return tuple(found) or ("reported",)


def _claim(
    attribution: Attribution, level: WordingLevel | None, tables: ReferenceTables
) -> AttributionClaim:
    confident, why = high_confidence(attribution)
    return AttributionClaim(
        party=attribution.party.name,
        party_kind=attribution.party.kind.value,
        party_country=attribution.party.country,
        questions=_questions(attribution),
        actor=tables.actor_name(attribution.actor_id) if attribution.actor_id else None,
        state=attribution.state,
        date=str(attribution.date) if attribution.date else None,
        basis=tuple(basis.value for basis in attribution.basis),
        likelihood=attribution.likelihood.value if attribution.likelihood else None,
        confidence=attribution.confidence.value if attribution.confidence else None,
        high_confidence=confident,
        confidence_reason=why,
        wording=attribution.wording,
        wording_level=level,
        perpetrators=attribution.perpetrators,
        source=(attribution.source.url or attribution.source.title) if attribution.source else None,
    )


def _describe(claims: list[AttributionClaim], question: str) -> str:
    chosen = [claim for claim in claims if question in claim.questions]
    if not chosen:
        return "none recorded"
    parts = []
    for claim in chosen:
        target = (
            " / ".join(part for part in (claim.actor, claim.state) if part) or "no actor or state"
        )
        detail = [claim.date or "undated"]
        if question == "legal" and claim.perpetrators:
            detail.append(f"names {len(claim.perpetrators)} persons or entities")
        if claim.wording_level:
            detail.append(f"wording: {claim.wording_level.value}")
        if claim.high_confidence:
            detail.append("high confidence")
        parts.append(f"{claim.party} → {target} ({', '.join(detail)})")
    return "; ".join(parts)


def _states(incident_attributions: tuple[Attribution, ...]) -> tuple[StateNamed, ...]:
    parties: dict[str, list[str]] = {}
    official: dict[str, list[str]] = {}
    confident: dict[str, bool] = {}
    for attribution in incident_attributions:
        if not attribution.state:
            continue
        name = attribution.party.name
        parties.setdefault(attribution.state, [])
        if name not in parties[attribution.state]:
            parties[attribution.state].append(name)
        if attribution.party.kind in OFFICIAL_PARTIES:
            names = official.setdefault(attribution.state, [])
            if name not in names:
                names.append(name)
            if high_confidence(attribution)[0]:
                confident[attribution.state] = True
    return tuple(
        StateNamed(state, tuple(names), tuple(official.get(state, ())), confident.get(state, False))
        for state, names in parties.items()
    )


def _naming_state_readiness(
    facts: IncidentFacts, states: tuple[StateNamed, ...], tables: ReferenceTables
) -> Readiness:
    attributions = facts.incident.attributions
    for named in states:
        by_eu = [
            a.party.name
            for a in attributions
            if a.state == named.state and a.party.kind is PartyKind.EU
        ]
        by_states = {
            a.party.name
            for a in attributions
            if a.state == named.state and a.party.kind is PartyKind.STATE
        }
        country = tables.country(named.state)
        if by_eu:
            return Readiness(
                NAMING_STATE, Truth.HOLDS, f"the EU itself has named {country} ({by_eu[0]})"
            )
        if len(by_states) >= _NAMING_STATES_NEEDED and named.high_confidence:
            listed = ", ".join(sorted(by_states))
            return Readiness(
                NAMING_STATE,
                Truth.HOLDS,
                f"{len(by_states)} states ({listed}) publicly named {country}, at least one with "
                "high confidence",
            )
    official = [named for named in states if named.official_parties]
    if official:
        first = official[0]
        reason = (
            f"only {', '.join(first.official_parties)} publicly named {tables.country(first.state)}"
            f"{' with high confidence' if first.high_confidence else ', without high confidence'}; "
            "naming a state needs several states or the EU to have done so with high confidence"
        )
        return Readiness(NAMING_STATE, Truth.FAILS, reason)
    return _NAMED_BY_OTHERS_ONLY if states else _NO_STATE_NAMED


def _listing_readiness(facts: IncidentFacts) -> Readiness:
    if facts.perpetrators_high_confidence:
        names = ", ".join(facts.perpetrators_high_confidence[:4])
        more = len(facts.perpetrators_high_confidence) - 4
        reason = f"persons or entities identified in high-confidence official acts: {names}"
        reason += f" and {more} more" if more > 0 else ""
        return Readiness(
            "restrictive", Truth.HOLDS, reason + "; a listing needs no attribution to a state"
        )
    return _NAMED_WITHOUT_CONFIDENCE if facts.perpetrators else _NO_ONE_IDENTIFIED


def synthesise_attribution(facts: IncidentFacts, tables: ReferenceTables) -> AttributionSynthesis:
    attributions = facts.incident.attributions
    claims = [
        _claim(attribution, level, tables)
        for attribution, level in zip(attributions, facts.wording_levels, strict=True)
    ]
    states = _states(attributions)
    distinct = {named.state for named in states}
    consensus = (
        Consensus.NO_STATE
        if not distinct
        else Consensus.SINGLE_STATE
        if len(distinct) == 1
        else Consensus.SEVERAL_STATES
    )
    naming = _naming_state_readiness(facts, states, tables)
    readiness = (
        _PREVENTIVE_READY,
        _COOPERATIVE_READY,
        _STABILITY_READY,
        naming,
        _listing_readiness(facts),
        _SUPPORT_MS_CASE_SPECIFIC,
    )
    actors = tuple(dict.fromkeys(actor.name for actor in facts.actors))
    if not attributions:
        summary = "No attribution is recorded: no actor, state, person or entity has been named."
    else:
        parties = len({claim.party for claim in claims})
        named = ", ".join(
            f"{tables.country(s.state)} by {_count(len(s.parties), 'party', 'parties')}"
            for s in states
        )
        summary = (
            f"{_count(len(claims), 'attribution record', 'attribution records')} from "
            f"{_count(parties, 'party', 'parties')}. "
        )
        summary += f"States named: {named}. " if states else "No state named. "
        if consensus is Consensus.SEVERAL_STATES:
            summary += (
                "Different states are named: a joint operation or a disagreement (see parties). "
            )
        summary += f"Naming a state in an EU statement: {naming.status.value} ({naming.reason})."
    return AttributionSynthesis(
        claims=tuple(claims),
        technical=_describe(claims, "technical"),
        political=_describe(claims, "political"),
        legal=_describe(claims, "legal"),
        states=states,
        consensus=consensus,
        actors=actors,
        perpetrators=facts.perpetrators,
        readiness=readiness,
        summary=summary,
    )


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"
