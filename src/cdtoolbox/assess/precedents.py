"""Precedents: similar incidents among those given to the engine, with their public responses.

Similarity rests on what the EU's own practice links: the same actor or the same identified
persons (listings cite several incidents of the same perpetrators), the same state, and the
same kinds of activity against the same sectors. The index is built once for a batch, so
assessing every incident of a large store stays linear.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from cdtoolbox.assess.assessment import PrecedentMatch, PrecedentResponse, Severity
from cdtoolbox.assess.facts import IncidentFacts, derive_facts
from cdtoolbox.assess.reference_tables import ReferenceTables
from cdtoolbox.model import Incident, IncidentType, PublicResponse, ResponseTier

__all__ = [
    "SAME_ACTOR",
    "Precedent",
    "PrecedentIndex",
    "RelatedIncident",
    "normalise_name",
]

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
    shared: tuple[str, ...]  # the shared persons or entities, as this incident spells them


def normalise_name(name: str) -> str:
    """Compare person and entity names regardless of case and spacing ("BADIN" = "Badin")."""
    return " ".join(name.casefold().split())


@dataclass(frozen=True)
class _Signature:
    actors: frozenset[str]
    perpetrators: frozenset[str]
    states: frozenset[str]
    types: frozenset[str]
    sectors: frozenset[str]  # top-level sector ids
    keys: tuple[tuple[str, str], ...]  # posting keys, strongest first
    # ``types`` and ``sectors`` again as bit sets, with their sizes, for the similarity score.
    type_bits: int
    type_count: int
    sector_bits: int
    sector_count: int


#: A bit per incident type, for ``_Signature.type_bits``.
_TYPE_BITS = {kind: 1 << number for number, kind in enumerate(IncidentType)}


def _signature(facts: IncidentFacts, sector_bits: Mapping[str, int]) -> _Signature:
    actors = frozenset(actor.id for actor in facts.actors)
    perpetrators = frozenset(normalise_name(name) for name in facts.perpetrators)
    states = frozenset(facts.states)
    types = frozenset(facts.types)
    sectors = frozenset(sector.id.split(".")[0] for sector in facts.sectors)
    # Sorted within each kind: set order changes from one process to the next (string hashing
    # is randomised), and the candidate bounds make the order matter.
    keys = [("actor", actor) for actor in sorted(actors)]
    keys += [("perpetrator", name) for name in sorted(perpetrators)]
    keys += [("state", state) for state in sorted(states)]
    keys += [
        ("type-sector", f"{kind}|{sector}") for kind in sorted(types) for sector in sorted(sectors)
    ]
    return _Signature(
        actors,
        perpetrators,
        states,
        types,
        sectors,
        tuple(keys),
        sum(_TYPE_BITS[kind] for kind in facts.types),
        len(types),
        sum(sector_bits[sector] for sector in sectors),
        len(sectors),
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
        self._slugs: list[str] = []
        self._facts: list[IncidentFacts] = []
        self._signatures: list[_Signature] = []
        self._postings: dict[tuple[str, str], list[int]] = {}
        self._tables = tables
        self._severity_of = severity_of
        self._severities: dict[int, Severity] = {}
        self._responses: list[tuple[PrecedentResponse, ...]] = []
        self._tiers: list[ResponseTier] = []
        self._positions: dict[str, int] = {}
        # Positions of precedents sharing an id with a later one (none in a store, where ids
        # are unique); ``_positions`` keeps the last.
        self._earlier_positions: dict[str, list[int]] = {}
        roots = sorted({sector_id.split(".")[0] for sector_id in tables.sectors})
        self._sector_bits = {root: 1 << number for number, root in enumerate(roots)}
        for position, precedent in enumerate(precedents):
            facts = derive_facts(precedent.incident, tables)
            signature = _signature(facts, self._sector_bits)
            self._precedents.append(precedent)
            self._slugs.append(precedent.incident.slug)
            earlier = self._positions.get(precedent.incident.id)
            if earlier is not None:
                self._earlier_positions.setdefault(precedent.incident.id, []).append(earlier)
            self._positions[precedent.incident.id] = position
            self._facts.append(facts)
            self._signatures.append(signature)
            self._responses.append(_responses(precedent, tables))
            self._tiers.append(_tier(precedent, tables))
            for key in signature.keys:
                posting = self._postings.setdefault(key, [])
                if len(posting) < MAX_POSTING:
                    posting.append(position)

    def __len__(self) -> int:
        return len(self._precedents)

    def __iter__(self) -> Iterator[Precedent]:
        """The precedents in the order they were given."""
        return iter(self._precedents)

    def facts(self, incident: Incident) -> IncidentFacts:
        """The incident's facts; when it is itself a precedent, those derived while indexing
        (assessing a whole store then derives each incident's facts once, not twice)."""
        position = self._positions.get(incident.id)
        if position is not None and self._precedents[position].incident is incident:
            return self._facts[position]
        return derive_facts(incident, self._tables)

    def _signature_of(self, facts: IncidentFacts) -> _Signature:
        position = self._positions.get(facts.incident.id)
        if position is not None and self._facts[position] is facts:
            return self._signatures[position]
        return _signature(facts, self._sector_bits)

    def _positions_of(self, incident_id: str) -> tuple[int, ...]:
        """Where precedents with this id are, to leave them out (compared as positions, not
        ids: reading each candidate's id would touch memory far apart)."""
        position = self._positions.get(incident_id)
        if position is None:
            return ()
        return (position, *self._earlier_positions.get(incident_id, ()))

    def _candidates(self, signature: _Signature, exclude: str) -> list[int]:
        """Precedents sharing a key, strongest keys first, at most ``MAX_CANDIDATES``."""
        seen: dict[int, None] = {}
        postings, excluded = self._postings, self._positions_of(exclude)
        for key in signature.keys:
            for position in postings.get(key, ()):
                if position not in seen and position not in excluded:
                    seen[position] = None
                    if len(seen) == MAX_CANDIDATES:
                        return list(seen)
        return list(seen)

    def severity(self, facts: IncidentFacts) -> Severity:
        """The incident's severity; for a precedent, computed once and shared with ``related``."""
        position = self._positions.get(facts.incident.id)
        if position is not None and self._facts[position] is facts:
            return self._severity(position)
        return self._severity_of(facts)

    def matches(self, facts: IncidentFacts) -> tuple[PrecedentMatch, ...]:
        """The most similar precedents: highest score first, then by slug, then found first."""
        signature = self._signature_of(facts)
        signatures, slugs = self._signatures, self._slugs
        ranked: list[tuple[float, str, int, int]] = []
        # The score, written out in the loop with this incident's sets read once: it runs for
        # every candidate of every assessed incident. Set sizes come from bit counts (the
        # union's size is the sum of both sizes less the common part).
        actors, perpetrators, states = signature.actors, signature.perpetrators, signature.states
        type_bits, type_count = signature.type_bits, signature.type_count
        sector_bits, sector_count = signature.sector_bits, signature.sector_count
        for found, position in enumerate(self._candidates(signature, facts.incident.id)):
            theirs = signatures[position]
            score = 0.0
            if actors and not actors.isdisjoint(theirs.actors):
                score += _ACTOR
            if perpetrators and not perpetrators.isdisjoint(theirs.perpetrators):
                score += _PERPETRATOR
            if states and not states.isdisjoint(theirs.states):
                score += _STATE
            common = (type_bits & theirs.type_bits).bit_count()
            if common:
                score += _TYPES * common / (type_count + theirs.type_count - common)
            common = (sector_bits & theirs.sector_bits).bit_count()
            if common:
                score += _SECTORS * common / (sector_count + theirs.sector_count - common)
            if score >= MATCH_THRESHOLD:
                ranked.append((-(score if score < 1.0 else 1.0), slugs[position], found, position))
        ranked.sort()
        return tuple(
            self._match(position, -negated, signature)
            for negated, _, _, position in ranked[:MATCHES_SHOWN]
        )

    def related(self, facts: IncidentFacts) -> tuple[RelatedIncident, ...]:
        """Precedents sharing an identified person or entity with this incident, in slug order."""
        own = self._signature_of(facts).perpetrators
        positions: dict[int, None] = {}
        excluded = self._positions_of(facts.incident.id) if own else ()
        for name in sorted(own):
            for position in self._postings.get(("perpetrator", name), ()):
                if position not in excluded:
                    positions.setdefault(position, None)
        # Matched in normalised form, named as the incident records them.
        spelled = {normalise_name(name): name for name in facts.perpetrators}
        found = [
            RelatedIncident(
                self._precedents[position],
                self._facts[position],
                self._severity(position),
                tuple(
                    sorted(spelled[key] for key in own & self._signatures[position].perpetrators)
                ),
            )
            for position in positions
        ]
        return tuple(sorted(found, key=lambda related: related.precedent.incident.slug))

    def repeated(self, facts: IncidentFacts) -> tuple[int, tuple[str, ...]]:
        """How many precedents share an actor or a State held responsible with this incident
        (each posting is capped at ``MAX_POSTING``: at least this many), and the first three
        of their slugs in order."""
        signature = self._signature_of(facts)
        excluded = self._positions_of(facts.incident.id)
        positions: set[int] = set()
        for key in (
            *(("actor", actor) for actor in signature.actors),
            *(("state", state) for state in signature.states),
        ):
            positions.update(self._postings.get(key, ()))
        positions.difference_update(excluded)
        slugs = self._slugs
        return len(positions), tuple(heapq.nsmallest(3, (slugs[p] for p in positions)))

    def _severity(self, position: int) -> Severity:
        if position not in self._severities:
            self._severities[position] = self._severity_of(self._facts[position])
        return self._severities[position]

    def _match(self, position: int, score: float, signature: _Signature) -> PrecedentMatch:
        precedent = self._precedents[position]
        shared = _shared(signature, self._signatures[position], self._tables.actor_names)
        incident = precedent.incident
        return PrecedentMatch(
            incident.id,
            incident.slug,
            incident.title,
            round(score, 3),
            shared,
            self._responses[position],
            self._tiers[position],
        )


#: How a match sharing an actor begins its ``shared`` phrase (read by the response-level rules).
SAME_ACTOR = "same actor: "

_ACTOR, _PERPETRATOR, _STATE, _TYPES, _SECTORS = (
    WEIGHTS[key] for key in ("actor", "perpetrator", "state", "types", "sectors")
)


def _shared(
    mine: _Signature, theirs: _Signature, actor_names: Mapping[str, str]
) -> tuple[str, ...]:
    """What the two incidents have in common, in words (only for the matches shown)."""
    shared: list[str] = []
    actors = mine.actors & theirs.actors
    if actors:
        names = sorted(actor_names[actor_id] for actor_id in actors)
        shared.append(f"{SAME_ACTOR}{', '.join(names)}")
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


def _responses(precedent: Precedent, tables: ReferenceTables) -> tuple[PrecedentResponse, ...]:
    return tuple(
        PrecedentResponse(
            response_id=response.id,
            date=str(response.date),
            party=response.party,
            instrument_id=response.instrument_id,
            measure=response.measure,
            tier=tables.responses.tier_of(response),
        )
        for response in precedent.responses
    )


def _tier(precedent: Precedent, tables: ReferenceTables) -> ResponseTier:
    tiers = [tables.responses.tier_of(response) for response in precedent.responses]
    return max(tiers, key=lambda tier: tier.rank, default=ResponseTier.NONE)
