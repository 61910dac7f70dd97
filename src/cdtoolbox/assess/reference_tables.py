"""Lookups the engine derives from the knowledge base once, so each assessment stays cheap."""

from __future__ import annotations

from collections.abc import Iterable

from cdtoolbox.assess.assessment import ProcedurePointer
from cdtoolbox.knowledge import KnowledgeBase, ResponseRegister
from cdtoolbox.model import Instrument, LawPrinciple, Norm, Sector, ThreatActor, Verification
from cdtoolbox.model.sanctions import Listing

__all__ = ["ReferenceTables"]


class ReferenceTables:
    """Plain dictionaries and sets over the knowledge base; built once per ``Assessor``."""

    def __init__(
        self,
        knowledge: KnowledgeBase,
        actors: Iterable[ThreatActor] | None = None,
        listings: Iterable[Listing] = (),
    ) -> None:
        self.sectors: dict[str, Sector] = {sector.id: sector for sector in knowledge.sectors.all()}
        self.eu_members = frozenset(country.code for country in knowledge.countries.eu_members())
        self.country_names = {country.code: country.name for country in knowledge.countries.all()}
        # "Germany (DE)", "Greece (EL)" for every code, written once: the rules name countries
        # in many reasons, with the code the EU shows.
        self._country_labels = {
            country.code: f"{country.name} ({country.display_code})"
            for country in knowledge.countries.all()
        }
        self.alignment_partners = knowledge.responses.alignment_partners
        known = knowledge.actors.all() if actors is None else actors
        self.actors: dict[str, ThreatActor] = {actor.id: actor for actor in known}
        self.actor_names = {actor_id: actor.name for actor_id, actor in self.actors.items()}
        self.ladder: tuple[Instrument, ...] = knowledge.instruments.ladder()
        self.norms: tuple[Norm, ...] = knowledge.norms.all()
        self.law: dict[str, LawPrinciple] = {principle.id: principle for principle in knowledge.law}
        self.responses: ResponseRegister = knowledge.responses
        self.internal_procedures = tuple(
            ProcedurePointer(p.id, p.name, p.body, p.legal_basis, p.sources)
            for p in knowledge.internal_procedures
        )
        # actor id → the words of its catalogue description naming a state organ, or None;
        # filled on first use by the ARSIWA art. 4 rule (descriptions are long, actors recur).
        self.organ_excerpts: dict[str, str | None] = {}
        # actor id → the active EU listings whose grounds name that actor, oldest first. A
        # link the register marks unverified is no ground for saying the EU answered the
        # actor's conduct.
        by_actor: dict[str, list[Listing]] = {}
        for listing in listings:
            if listing.active:
                for link in listing.actors:
                    if link.status is not Verification.UNVERIFIED:
                        by_actor.setdefault(link.actor_id, []).append(listing)
        self.listings_by_actor: dict[str, tuple[Listing, ...]] = {
            actor_id: tuple(sorted(found, key=lambda listing: (listing.listed_on, listing.id)))
            for actor_id, found in by_actor.items()
        }

    def country(self, code: str) -> str:
        """A country's readable name with its code, e.g. "Germany (DE)"."""
        return self._country_labels.get(code, code)

    def actor_name(self, actor_id: str) -> str:
        return self.actor_names.get(actor_id, actor_id)
