"""The knowledge base: every reference catalogue, each read on first use and then kept."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from cdtoolbox.knowledge.datafiles import read_data_file
from cdtoolbox.knowledge.misp_files import galaxy_cluster_values, taxonomy

if TYPE_CHECKING:
    from cdtoolbox.knowledge.actors import ActorCatalogue
    from cdtoolbox.knowledge.assistance import AssistanceKnowledge
    from cdtoolbox.knowledge.capacity import CapacityRegister
    from cdtoolbox.knowledge.cbms import CbmRegister, PocNetworks
    from cdtoolbox.knowledge.countries import CountryCatalogue
    from cdtoolbox.knowledge.crisis_levels import CrisisLevels
    from cdtoolbox.knowledge.dialogues import DialogueRegister
    from cdtoolbox.knowledge.diplomacy import InstrumentRegister, NormRegister, Register
    from cdtoolbox.knowledge.pqc import PqcReference
    from cdtoolbox.knowledge.responses import ResponseRegister
    from cdtoolbox.knowledge.sanctions import SanctionsData
    from cdtoolbox.knowledge.scales import Scales
    from cdtoolbox.knowledge.sectors import SectorCatalogue
    from cdtoolbox.knowledge.un_process import UnProcessReference
    from cdtoolbox.model import InternalProcedure, LawPrinciple
    from cdtoolbox.model.bundled_statements import BundledStatements

__all__ = ["KnowledgeBase", "load_knowledge"]


class KnowledgeBase:
    """Read-only reference data, and the name resolver the ingest package relies on.

    Each catalogue is read from the installed MISP galaxies and taxonomies and our data files
    when first asked for, then kept: an assessment needs countries, sectors and the diplomacy
    registers (a fraction of a second), never the threat-actor galaxies (a second or more).
    Each catalogue's module is imported then too, so that a command pays only for the ones
    it reads (listing incidents reads the responses, the instruments and the countries).

    The three ``*_id``/``*_code`` methods return ``None`` for names they do not know and raise
    ``InvalidInput`` for names that designate several entries.
    """

    @cached_property
    def actors(self) -> ActorCatalogue:
        from cdtoolbox.knowledge.actor_merge import merge_actor_galaxies
        from cdtoolbox.knowledge.actors import ActorCatalogue

        merged = merge_actor_galaxies(
            _galaxy_entries("threat-actor"),
            _galaxy_entries("mitre-intrusion-set"),
            self.countries,
            activity_groups=_galaxy_entries("microsoft-activity-group"),
        )
        return ActorCatalogue(merged.actors, merged.report)

    @cached_property
    def countries(self) -> CountryCatalogue:
        from cdtoolbox.knowledge.countries import load_countries

        return load_countries(
            galaxy_cluster_values("country"),
            read_data_file("eu_members.yaml"),
            read_data_file("country_aliases.yaml"),
            read_data_file("country_names.yaml"),
        )

    @cached_property
    def country_display_codes(self) -> Mapping[str, str]:
        """The code shown for a country where the EU does not show its ISO code (GR: EL,
        GB: UK), by ISO alpha-2 code: the catalogue's ``display_code`` for a view that shows
        stored codes only, read without building the catalogue (pycountry, the galaxy)."""
        from cdtoolbox.knowledge.countries import display_codes

        return MappingProxyType(display_codes(read_data_file("country_names.yaml")))

    @cached_property
    def sectors(self) -> SectorCatalogue:
        from cdtoolbox.knowledge.sectors import load_sectors

        return load_sectors(taxonomy("nis2"), read_data_file("sector_categories.yaml"))

    @cached_property
    def scales(self) -> Scales:
        # Imported here: pytaxonomies imports jsonschema, which only the scales need.
        from pytaxonomies.api import Taxonomies

        from cdtoolbox.knowledge.scales import load_scales

        taxonomies = Taxonomies()
        return load_scales(lambda namespace: taxonomies[namespace].to_dict())

    @cached_property
    def norms(self) -> NormRegister:
        from cdtoolbox.knowledge.diplomacy import load_norms

        return load_norms(read_data_file("norms.yaml"))

    @cached_property
    def law(self) -> Register[LawPrinciple]:
        from cdtoolbox.knowledge.diplomacy import check_norm_references, load_law

        law = load_law(read_data_file("law.yaml"))
        check_norm_references(law, self.norms)
        return law

    @cached_property
    def instruments(self) -> InstrumentRegister:
        from cdtoolbox.knowledge.diplomacy import load_instruments

        return load_instruments(read_data_file("instruments.yaml"))

    @cached_property
    def cbms(self) -> CbmRegister:
        """The confidence-building measures of the OSCE, ARF, OAS and UN, and memberships."""
        from cdtoolbox.knowledge.cbms import load_cbms

        return load_cbms(read_data_file("cbms.yaml"), self.countries)

    @cached_property
    def poc_networks(self) -> PocNetworks:
        """Organisations bundled as points of contact (never persons), by network."""
        from cdtoolbox.knowledge.cbms import load_poc_organisations

        return load_poc_organisations(read_data_file("poc_organisations.yaml"), self.countries)

    @cached_property
    def crisis_levels(self) -> CrisisLevels:
        """The EU cyber crisis blueprint's levels, the bodies convened at each, its acts."""
        from cdtoolbox.knowledge.crisis_levels import load_crisis_levels

        return load_crisis_levels(read_data_file("crisis_levels.yaml"))

    @cached_property
    def assistance(self) -> AssistanceKnowledge:
        """The channels of a request for assistance and the teams bundled with their sources."""
        from cdtoolbox.knowledge.assistance import load_assistance

        return load_assistance(read_data_file("assistance.yaml"), self.countries)

    @cached_property
    def dialogues(self) -> DialogueRegister:
        """The EU's cyber dialogues and partnerships, with their rounds and sources."""
        from cdtoolbox.knowledge.dialogues import load_dialogues

        return load_dialogues(read_data_file("dialogues.yaml"), self.countries)

    @cached_property
    def capacity(self) -> CapacityRegister:
        """EU-funded cyber capacity-building projects and the regions they name."""
        from cdtoolbox.knowledge.capacity import load_capacity

        return load_capacity(read_data_file("capacity.yaml"), self.countries)

    @cached_property
    def un_process(self) -> UnProcessReference:
        """The UN process on ICTs: processes and mandates, sessions, agenda pillars."""
        from cdtoolbox.knowledge.un_process import load_un_process

        return load_un_process(read_data_file("un_process.yaml"))

    @cached_property
    def internal_procedures(self) -> Register[InternalProcedure]:
        """Where conduct of a Member State's own authorities is answered (not the Toolbox)."""
        from cdtoolbox.knowledge.diplomacy import load_internal_procedures

        return load_internal_procedures(read_data_file("internal_procedures.yaml"))

    @cached_property
    def responses(self) -> ResponseRegister:
        """The EU's and Member States' actual public responses."""
        from cdtoolbox.knowledge.responses import load_responses

        return load_responses(read_data_file("responses.yaml"), self.instruments, self.countries)

    @cached_property
    def bundled_statements(self) -> BundledStatements:
        """The official texts shipped for the statement archive, with their sources."""
        from cdtoolbox.knowledge.bundled_statements import MANIFEST, load_bundled_statements

        return load_bundled_statements(read_data_file(MANIFEST), self.responses)

    @cached_property
    def sanctions(self) -> SanctionsData:
        """The bundled EU cyber sanctions register (listings link to the actor catalogue)."""
        from cdtoolbox.knowledge.sanctions import load_sanctions

        return load_sanctions(read_data_file("sanctions.yaml"), self.actors, self.countries)

    @cached_property
    def pqc(self) -> PqcReference:
        """The post-quantum algorithm table, the EU roadmap's milestones, the quantum horizon."""
        from cdtoolbox.knowledge.pqc import load_pqc

        return load_pqc(read_data_file("pqc.yaml"))

    def country_code(self, text: str) -> str | None:
        """ISO alpha-2 code of the country ``text`` names (code, name or common short name)."""
        country = self.countries.find(text)
        return country.code if country else None

    def sector_id(self, text: str) -> str | None:
        sector = self.sectors.find(text)
        return sector.id if sector else None

    def actor_id(self, text: str) -> str | None:
        actor = self.actors.find(text)
        return actor.id if actor else None


def load_knowledge() -> KnowledgeBase:
    """The knowledge base over the installed MISP galaxies and taxonomies and our data files.

    Catalogues are read on first use (the threat-actor galaxies take a second or two); build
    the knowledge base once and pass it around.
    """
    return KnowledgeBase()


def _galaxy_entries(name: str) -> list[dict[str, Any]]:
    """A galaxy cluster's values as ``ClusterValue.to_dict()`` gives them (normalised)."""
    # Imported here: pymispgalaxies imports jsonschema, which only the actor catalogue needs.
    from pymispgalaxies.api import Cluster

    return [value.to_dict() for value in Cluster(name).cluster_values.values()]
