"""The galaxy and taxonomy read straight from their files give the catalogues the libraries'
own objects give."""

from pymispgalaxies.api import Cluster
from pytaxonomies.api import Taxonomies

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.knowledge.countries import load_countries
from cdtoolbox.knowledge.datafiles import read_data_file
from cdtoolbox.knowledge.misp_files import galaxy_cluster_values, taxonomy
from cdtoolbox.knowledge.sectors import load_sectors


def test_the_country_galaxy_file_gives_the_catalogue_pymispgalaxies_gives(
    knowledge: KnowledgeBase,
) -> None:
    entries = [value.to_dict() for value in Cluster("country").cluster_values.values()]
    assert len(galaxy_cluster_values("country")) == len(entries)
    through_library = load_countries(
        entries,
        read_data_file("eu_members.yaml"),
        read_data_file("country_aliases.yaml"),
        read_data_file("country_names.yaml"),
    )
    assert knowledge.countries.all() == through_library.all()
    assert any(country.continent for country in through_library.all())
    assert any(country.budapest_convention for country in through_library.all())
    for name in ("Türkiye", "Czechia", "UK", "Holland", "Ivory Coast"):
        assert knowledge.countries.find(name) == through_library.find(name)


def test_the_nis2_taxonomy_file_gives_the_catalogue_pytaxonomies_gives(
    knowledge: KnowledgeBase,
) -> None:
    assert taxonomy("nis2")["namespace"] == "nis2"
    mapping = read_data_file("sector_categories.yaml")
    through_library = load_sectors(Taxonomies()["nis2"].to_dict(), mapping)
    assert knowledge.sectors.all() == through_library.all()
    for sector in through_library.all():
        assert knowledge.sectors.find(sector.name) == through_library.find(sector.name)


def test_a_catalogue_is_read_once_and_the_galaxies_only_when_asked() -> None:
    knowledge = KnowledgeBase()
    assert knowledge.countries is knowledge.countries
    assert "actors" not in vars(knowledge)
    assert knowledge.actor_id("Fancy Bear") is not None
    assert "actors" in vars(knowledge)
