"""The assessment engine: (incident, knowledge, precedents) → Assessment, pure and deterministic.

``Assessor`` prepares the knowledge-derived lookups once; ``Assessor.assess`` then reads
nothing but its arguments: no I/O, no clock, no randomness, so the same inputs always give the
same assessment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from cdtoolbox.assess.assessment import (
    Assessment,
    EscalationLevel,
    LawFinding,
    NormFinding,
)
from cdtoolbox.assess.attribution import synthesise_attribution
from cdtoolbox.assess.cooperation import (
    NOT_CONSULTED,
    ChannelFinder,
    ChannelMeasures,
    CooperationContext,
    arrange,
    capacity_handles,
)
from cdtoolbox.assess.escalation import escalation_risk
from cdtoolbox.assess.facts import derive_facts
from cdtoolbox.assess.law import assess_law
from cdtoolbox.assess.norms import assess_norms
from cdtoolbox.assess.options import build_options, prepare_ladder, recommend
from cdtoolbox.assess.precedents import Precedent, PrecedentIndex
from cdtoolbox.assess.preconditions import CheckContext
from cdtoolbox.assess.reference_tables import ReferenceTables
from cdtoolbox.assess.response_level import LevelContext, decide_response_level
from cdtoolbox.assess.severity import assess_severity
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import Incident, PublicResponse, ThreatActor
from cdtoolbox.model.sanctions import Listing

__all__ = ["RULESET", "Assessor", "assess"]

#: Version of the assessment rules; bump it when a rule or threshold changes meaning.
RULESET = "2026.12.9"


class Assessor:
    """Assesses incidents against one knowledge base.

    ``actors`` are the threat actors incidents may name, by default the knowledge base's
    reference galaxies. A store passes its own: the galaxies' actors as it stored them plus
    any it imported, which spares loading the galaxies.

    ``listings`` are the sanctions register's listings the level of response may rest on, by
    default the knowledge base's bundled register (which reads the galaxies to resolve the
    actors it names). A store passes its own register, amendments and delistings included.
    """

    def __init__(
        self,
        knowledge: KnowledgeBase,
        actors: Iterable[ThreatActor] | None = None,
        listings: Iterable[Listing] | None = None,
    ) -> None:
        self.knowledge = knowledge
        self.listings = tuple(knowledge.sanctions.listings if listings is None else listings)
        self.tables = ReferenceTables(knowledge, actors, self.listings)
        self.ladder = prepare_ladder(self.tables)
        self._channels: ChannelFinder | None = None

    @property
    def channels(self) -> ChannelFinder:
        """Finds the channels to a State from the CBM frameworks (read on first use) and the
        context given."""
        if self._channels is None:
            cbms = self.knowledge.cbms
            measures = ChannelMeasures(cbms.frameworks, cbms.all())
            self._channels = ChannelFinder(self.tables.country_names, measures)
        return self._channels

    def cooperation_states(
        self, incident: Incident, precedents: PrecedentIndex | None = None
    ) -> tuple[str, ...]:
        """The States whose cooperation records an assessment of ``incident`` reads: those
        held responsible and the victims'. Given the index it will be assessed against, the
        facts are those the index already derived for it."""
        facts = (
            derive_facts(incident, self.tables)
            if precedents is None
            else precedents.facts(incident)
        )
        return tuple(dict.fromkeys((*facts.states, *facts.countries)))

    def with_listings(self, listings: Iterable[Listing]) -> Assessor:
        """The same assessor over another sanctions register (the same actors)."""
        return Assessor(self.knowledge, self.tables.actors.values(), listings)

    def precedents_from(
        self,
        incidents: Iterable[Incident],
        responses: Mapping[str, Sequence[PublicResponse]] | None = None,
    ) -> list[Precedent]:
        """Incidents paired with their public responses: those of ``responses`` (by incident
        slug: the store's confirmed responses, as the assessment of stored incidents reads
        them), or, left ``None``, the knowledge base's responses file, the coded truth the
        calibration compares the engine with."""
        if responses is None:
            return [
                Precedent(incident, self.knowledge.responses.for_incident(incident.slug))
                for incident in incidents
            ]
        return [
            Precedent(incident, tuple(responses.get(incident.slug, ()))) for incident in incidents
        ]

    def index(self, precedents: Iterable[Precedent]) -> PrecedentIndex:
        """Index precedents once to assess many incidents against them."""
        return PrecedentIndex(precedents, self.tables, assess_severity)

    def assess(
        self,
        incident: Incident,
        precedents: Sequence[Precedent] | PrecedentIndex = (),
        cooperation: CooperationContext = NOT_CONSULTED,
    ) -> Assessment:
        """Assess one incident; ``precedents`` never include the incident itself (same id).

        ``cooperation`` is what the cooperation registers hold for the States the incident
        names (``cooperation_states``); without it every channel is "unknown"."""
        index = precedents if isinstance(precedents, PrecedentIndex) else self.index(precedents)
        facts = index.facts(incident)
        severity = index.severity(facts)
        attribution = synthesise_attribution(facts, self.tables)
        matches = index.matches(facts)
        context = CheckContext(facts, severity, index.related(facts), self.tables)
        options, checks = build_options(context, self.ladder, matches)
        decision = decide_response_level(
            LevelContext(facts, severity, options, matches, self.tables)
        )
        found = tuple(
            self.channels.channels_to(state, facts.countries, cooperation) for state in facts.states
        )
        flat = tuple(h for channels in found for h in channels.ordered(False))
        escalation = escalation_risk(
            facts, attribution, flat, cooperation.consulted, index.repeated(facts)
        )
        handles = arrange(
            facts.states,
            facts.countries,
            found,
            self.tables.country_names,
            consulted=cooperation.consulted,
            consultation_first=escalation.level is EscalationLevel.HIGH,
        )
        # Capacity building serves third countries: a Member State victim is left out.
        third = tuple(c for c in facts.countries if c not in facts.member_states)
        capacity = capacity_handles(
            third, (t.value for t in facts.types), cooperation, self.tables.country_names
        )
        if capacity:
            handles = replace(handles, handles=handles.handles + capacity)
        return Assessment(
            incident_id=incident.id,
            slug=incident.slug,
            title=incident.title,
            severity=severity,
            attribution=attribution,
            norms=assess_norms(facts, self.tables.norms),
            law=assess_law(facts, self.tables),
            preconditions=checks,
            options=options,
            precedents=matches,
            recommendation=recommend(
                incident.title, options, severity, attribution, matches, decision
            ),
            escalation=escalation,
            cooperation=handles,
            ruleset=RULESET,
        )

    def norms_and_law(
        self, incident: Incident
    ) -> tuple[tuple[NormFinding, ...], tuple[LawFinding, ...]]:
        """The norm and law findings ``assess`` makes for ``incident``, alone: they rest on the
        incident's facts only, so a count over many incidents need not pay for the precedents
        and options (most of an assessment's cost)."""
        facts = derive_facts(incident, self.tables)
        return assess_norms(facts, self.tables.norms), assess_law(facts, self.tables)


def assess(
    incident: Incident,
    knowledge: KnowledgeBase,
    precedents: Sequence[Precedent] = (),
) -> Assessment:
    """Assess one incident. For many incidents build one ``Assessor`` and one precedent index."""
    return Assessor(knowledge).assess(incident, precedents)
