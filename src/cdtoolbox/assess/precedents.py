"""Precedents: similar incidents among those given to the engine, with their public responses.

Similarity rests on what the EU's own practice links: the same actor or the same identified
persons (listings cite several incidents of the same perpetrators), the same state, and the
same kinds of activity against the same sectors. The index is built once for a batch, so
assessing every incident of a large store stays linear.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from cdtoolbox.assess.assessment import PrecedentMatch, PrecedentResponse, Severity
from cdtoolbox.assess.facts import IncidentFacts, derive_facts
from cdtoolbox.assess.reference_tables import ReferenceTables
from cdtoolbox.model import Incident, PublicResponse, ResponseTier

__all__ = ["Precedent", "PrecedentIndex", "RelatedIncident", "normalise_name"]

MATCH_THRESHOLD = 0.3
MATCHES_SHOWN = 5
# Bounds that keep a batch over a large store linear: at most MAX_POSTING precedents are kept
# per shared key (in store order) and MAX_CANDIDATES are scored per incident, strongest keys
# (actor, identified persons, state) first. Deterministic, documented in docs/assessment.md.
MAX_POSTING = 256
MAX_CANDIDATES = 32
WEIGHTS = {"actor": 0.4, "perpetrator": 0.3, "state": 0.2, "types": 0.2, "sectors": 0.2}


@dataclass(frozen=True)
class Precedent:
    """A past incident and the public responses recorded for it."""

    incident: Incident
    responses: tuple[PublicResponse, ...] = ()


@dataclass(frozen=True)
class RelatedIncident:
    """A precedent sharing identified perpetrators or an actor with the assessed incident."""

    precedent: Precedent
    facts: IncidentFacts
    severity: Severity
    shared: tuple[str, ...]


def normalise_name(name: str) -> str:
    """Compare person and entity names regardless of case and spacing ("BADIN" = "Badin")."""
    return " ".join(name.casefold().split())


@dataclass(frozen=True)
class _Signature:
    actors: frozenset[str]
    perpetrators: frozenset[str]
    states: frozenset[str]
    types: frozenset[str]
    sectors: frozenset[str]


def _signature(facts: IncidentFacts) -> _Signature:
    return _Signature(
        actors=frozenset(actor.id for actor in facts.actors),
        perpetrators=frozenset(normalise_name(name) for name in facts.perpetrators),
        states=frozenset(facts.states),
        types=frozenset(facts.types),
        sectors=frozenset(sector.id.split(".")[0] for sector in facts.sectors),
    )


class PrecedentIndex:
    """Precedents indexed by actor, perpetrator, state and (type, sector) for fast matching."""

    def __init__(
        self,
        precedents: Iterable[Precedent],
        tables: ReferenceTables,
        severity_of: Callable[[IncidentFacts], Severity],
    ) -> None:
        self._precedents: list[Precedent] = []
        self._ids: list[str] = []
        self._facts: list[IncidentFacts] = []
        self._signatures: list[_Signature] = []
        self._postings: dict[tuple[str, str], list[int]] = {}
        self._tables = tables
        self._severity_of = severity_of
        self._severities: dict[int, Severity] = {}
        self._tiers: list[ResponseTier] = []
        for position, precedent in enumerate(precedents):
            facts = derive_facts(precedent.incident, tables)
            signature = _signature(facts)
            self._precedents.append(precedent)
            self._ids.append(precedent.incident.id)
            self._facts.append(facts)
            self._signatures.append(signature)
            self._tiers.append(_tier(precedent, tables))
            for key in _keys(signature):
                posting = self._postings.setdefault(key, [])
                if len(posting) < MAX_POSTING:
                    posting.append(position)

    def __len__(self) -> int:
        return len(self._precedents)

    def _candidates(self, signature: _Signature, exclude: str) -> list[int]:
        """Precedents sharing a key, strongest keys first, at most ``MAX_CANDIDATES``."""
        seen: dict[int, None] = {}
        for key in _keys(signature):
            for position in self._postings.get(key, ()):
                if position not in seen and self._ids[position] != exclude:
                    seen[position] = None
                    if len(seen) == MAX_CANDIDATES:
                        return list(seen)
        return list(seen)

    def matches(self, facts: IncidentFacts) -> tuple[PrecedentMatch, ...]:
        signature = _signature(facts)
        scored: list[tuple[float, str, int]] = []
        for position in self._candidates(signature, facts.incident.id):
            score = _score(signature, self._signatures[position])
            if score >= MATCH_THRESHOLD:
                scored.append((score, self._precedents[position].incident.slug, position))
        scored.sort(key=lambda item: (-item[0], item[1]))
        return tuple(
            self._match(position, score, signature) for score, _, position in scored[:MATCHES_SHOWN]
        )

    def related(self, facts: IncidentFacts) -> tuple[RelatedIncident, ...]:
        """Precedents sharing an identified person or entity with this incident, in slug order."""
        own = frozenset(normalise_name(name) for name in facts.perpetrators)
        positions: dict[int, None] = {}
        for name in sorted(own):
            for position in self._postings.get(("perpetrator", name), ()):
                if self._ids[position] != facts.incident.id:
                    positions.setdefault(position, None)
        found = [
            RelatedIncident(
                self._precedents[position],
                self._facts[position],
                self._severity(position),
                tuple(sorted(own & self._signatures[position].perpetrators)),
            )
            for position in positions
        ]
        return tuple(sorted(found, key=lambda related: related.precedent.incident.slug))

    def _severity(self, position: int) -> Severity:
        if position not in self._severities:
            self._severities[position] = self._severity_of(self._facts[position])
        return self._severities[position]

    def _match(self, position: int, score: float, signature: _Signature) -> PrecedentMatch:
        precedent = self._precedents[position]
        shared = _shared(signature, self._signatures[position], self._facts[position])
        responses = tuple(
            PrecedentResponse(
                response_id=response.id,
                date=str(response.date),
                party=response.party,
                instrument_id=response.instrument_id,
                measure=response.measure,
                tier=self._tables.responses.tier_of(response),
            )
            for response in precedent.responses
        )
        incident = precedent.incident
        return PrecedentMatch(
            incident.id,
            incident.slug,
            incident.title,
            round(score, 3),
            shared,
            responses,
            self._tiers[position],
        )


def _keys(signature: _Signature) -> list[tuple[str, str]]:
    keys = [("actor", actor) for actor in signature.actors]
    keys += [("perpetrator", name) for name in signature.perpetrators]
    keys += [("state", state) for state in signature.states]
    keys += [
        ("type-sector", f"{kind}|{sector}")
        for kind in signature.types
        for sector in signature.sectors
    ]
    return keys


def _score(mine: _Signature, theirs: _Signature) -> float:
    score = 0.0
    if mine.actors and not mine.actors.isdisjoint(theirs.actors):
        score += WEIGHTS["actor"]
    if mine.perpetrators and not mine.perpetrators.isdisjoint(theirs.perpetrators):
        score += WEIGHTS["perpetrator"]
    if mine.states and not mine.states.isdisjoint(theirs.states):
        score += WEIGHTS["state"]
    if mine.types and not mine.types.isdisjoint(theirs.types):
        score += WEIGHTS["types"] * len(mine.types & theirs.types) / len(mine.types | theirs.types)
    if mine.sectors and not mine.sectors.isdisjoint(theirs.sectors):
        common = len(mine.sectors & theirs.sectors)
        score += WEIGHTS["sectors"] * common / len(mine.sectors | theirs.sectors)
    return min(score, 1.0)


def _shared(mine: _Signature, theirs: _Signature, their_facts: IncidentFacts) -> tuple[str, ...]:
    """What the two incidents have in common, in words (only for the matches shown)."""
    shared: list[str] = []
    actors = mine.actors & theirs.actors
    if actors:
        names = sorted(actor.name for actor in their_facts.actors if actor.id in actors)
        shared.append(f"same actor: {', '.join(names)}")
    perpetrators = mine.perpetrators & theirs.perpetrators
    if perpetrators:
        shared.append(f"{len(perpetrators)} identified persons or entities in common")
    if states := mine.states & theirs.states:
        shared.append(f"same state: {', '.join(sorted(states))}")
    if types := mine.types & theirs.types:
        shared.append(f"types in common: {', '.join(sorted(types))}")
    if sectors := mine.sectors & theirs.sectors:
        shared.append(f"sectors in common: {', '.join(sorted(sectors))}")
    return tuple(shared)


def _tier(precedent: Precedent, tables: ReferenceTables) -> ResponseTier:
    tiers = [tables.responses.tier_of(response) for response in precedent.responses]
    return max(tiers, key=lambda tier: tier.rank, default=ResponseTier.NONE)
