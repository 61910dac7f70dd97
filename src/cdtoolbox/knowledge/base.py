"""The knowledge base: every reference catalogue, loaded together and explicitly."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pymispgalaxies.api import Clusters
from pytaxonomies.api import Taxonomies

from cdtoolbox.knowledge.actor_merge import merge_actor_galaxies
from cdtoolbox.knowledge.actors import ActorCatalogue
from cdtoolbox.knowledge.countries import CountryCatalogue, load_countries
from cdtoolbox.knowledge.datafiles import read_data_file
from cdtoolbox.knowledge.diplomacy import (
    InstrumentRegister,
    NormRegister,
    Register,
    check_norm_references,
    load_cbms,
    load_instruments,
    load_law,
    load_norms,
)
from cdtoolbox.knowledge.responses import ResponseRegister, load_responses
from cdtoolbox.knowledge.scales import Scales, load_scales
from cdtoolbox.knowledge.sectors import SectorCatalogue, load_sectors
from cdtoolbox.model import ConfidenceBuildingMeasure, LawPrinciple

__all__ = ["KnowledgeBase", "load_knowledge"]


@dataclass(frozen=True)
class KnowledgeBase:
    """Read-only reference data, and the name resolver the ingest package relies on.

    The three ``*_id``/``*_code`` methods return ``None`` for names they do not know and raise
    ``InvalidInput`` for names that designate several entries.
    """

    actors: ActorCatalogue
    countries: CountryCatalogue
    sectors: SectorCatalogue
    scales: Scales
    norms: NormRegister
    law: Register[LawPrinciple]
    instruments: InstrumentRegister
    cbms: Register[ConfidenceBuildingMeasure]
    responses: ResponseRegister  # the EU's and Member States' actual public responses

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
    """Load every catalogue from the installed MISP galaxies and taxonomies and our data files.

    Takes a second or two (the galaxies are large); build it once and pass it around.
    """
    galaxies = Clusters()
    taxonomies = Taxonomies()
    countries = load_countries(
        _cluster_entries(galaxies, "country"),
        read_data_file("eu_members.yaml"),
        read_data_file("country_aliases.yaml"),
    )
    merged = merge_actor_galaxies(
        _cluster_entries(galaxies, "threat-actor"),
        _cluster_entries(galaxies, "mitre-intrusion-set"),
        countries,
    )
    norms = load_norms(read_data_file("norms.yaml"))
    law = load_law(read_data_file("law.yaml"))
    check_norm_references(law, norms)
    instruments = load_instruments(read_data_file("instruments.yaml"))
    return KnowledgeBase(
        actors=ActorCatalogue(merged.actors, merged.report),
        countries=countries,
        sectors=load_sectors(
            taxonomies["nis2"].to_dict(), read_data_file("sector_categories.yaml")
        ),
        scales=load_scales(lambda namespace: taxonomies[namespace].to_dict()),
        norms=norms,
        law=law,
        instruments=instruments,
        cbms=load_cbms(read_data_file("cbms.yaml")),
        responses=load_responses(read_data_file("responses.yaml"), instruments, countries),
    )


def _cluster_entries(galaxies: Any, name: str) -> list[dict[str, Any]]:
    return [value.to_dict() for value in galaxies.get(name).cluster_values.values()]
