"""The MISP tag tables: every public value exists in its taxonomy, and every table reads back."""

from __future__ import annotations

import pytest

from cdtoolbox.formats.misp import machine_tag, parse_tag
from cdtoolbox.formats.misp.tag_facts import country_of_galaxy_value
from cdtoolbox.formats.misp.tag_tables import (
    load_misp_tables,
    nis2_sector_tags,
    sectors_by_nis2_tag,
)
from cdtoolbox.formats.misp.vocabulary import (
    INCIDENT_TYPE_TAGS,
    NIS2_SECTOR_PREDICATES,
    SCALE_VOCABULARIES,
    TLP_BY_TAG,
    TLP_NOT_LEVELS,
    TYPE_TAG_FOR,
)
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.knowledge.misp_files import galaxy_cluster_values, taxonomy
from cdtoolbox.model import Tlp


def _taxonomy_values(namespace: str) -> dict[str, set[str]]:
    data = taxonomy(namespace)
    values = {
        group["predicate"]: {entry["value"] for entry in group["entry"]}
        for group in data.get("values", ())
    }
    for predicate in data["predicates"]:
        values.setdefault(predicate["value"], set())
    return values


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ('misp-galaxy:threat-actor="APT10"', ("misp-galaxy", "threat-actor", "APT10")),
        ("tlp:amber+strict", ("tlp", "amber+strict", None)),
        ("TLP:AMBER", ("tlp", "amber", None)),
        ("tlp:ex:chr", ("tlp", "ex:chr", None)),
        ('admiralty-scale:source-reliability="b"', ("admiralty-scale", "source-reliability", "b")),
        ("nis2:impact-sectors-impacted=energy", ("nis2", "impact-sectors-impacted", "energy")),
        ("OSINT", None),
        ("free text: with colon", None),
        (":empty-namespace", None),
    ],
)
def test_machine_tags_are_parsed(name: str, expected: tuple[str, str, str | None] | None) -> None:
    tag = parse_tag(name)
    found = (tag.namespace, tag.predicate, tag.value) if tag else None
    assert found == expected


def test_machine_tag_writes_what_parse_tag_reads() -> None:
    for triple in (("a", "b", "c d"), ("tlp", "clear", None)):
        tag = parse_tag(machine_tag(*triple))
        assert tag is not None and (tag.namespace, tag.predicate, tag.value) == triple


def test_every_incident_type_tag_is_a_value_of_its_taxonomy() -> None:
    for (namespace, predicate, value), _ in INCIDENT_TYPE_TAGS:
        assert value in _taxonomy_values(namespace)[predicate], (namespace, predicate, value)
    # The first tag listed for a type is the one written.
    assert TYPE_TAG_FOR[INCIDENT_TYPE_TAGS[0][1]] == INCIDENT_TYPE_TAGS[0][0]


def test_scale_and_tlp_values_are_the_taxonomies_values() -> None:
    for (namespace, predicate), vocabulary in SCALE_VOCABULARIES.items():
        assert {member.value for member in vocabulary} == _taxonomy_values(namespace)[predicate]
    tlp_values = set(_taxonomy_values("tlp"))
    assert set(TLP_BY_TAG) | TLP_NOT_LEVELS == tlp_values
    assert {level.value for level in Tlp} <= set(TLP_BY_TAG)
    assert set(_taxonomy_values("nis2")) >= NIS2_SECTOR_PREDICATES


def test_every_nis2_sector_has_a_tag_that_reads_back(knowledge: KnowledgeBase) -> None:
    tags = nis2_sector_tags(knowledge.sectors.all(), taxonomy("nis2"))
    nis2_sectors = [sector.id for sector in knowledge.sectors.all() if sector.source == "nis2"]
    assert sorted(tags) == sorted(nis2_sectors)
    values = _taxonomy_values("nis2")
    for name in tags.values():
        tag = parse_tag(name)
        assert tag is not None and tag.value in values[tag.predicate]
    back = sectors_by_nis2_tag(tags)
    assert {
        back[(t.predicate, t.value)] for t in map(parse_tag, tags.values()) if t and t.value
    } == set(tags)
    assert back[("impact-subsectors-impacted", "water")] == "transport.water"


def test_every_country_galaxy_value_reads_back_to_its_country(knowledge: KnowledgeBase) -> None:
    tables = load_misp_tables(galaxy_cluster_values("country"), (), {})
    read = country_of_galaxy_value(tables, knowledge)
    known = {country.code for country in knowledge.countries.all()}
    written = {code: value for code, value in tables.country_values.items() if code in known}
    assert len(written) > 240
    for code, value in written.items():
        assert read(value) == code, (code, value)
    assert read("saint helena") == "SH"  # a galaxy value the country catalogue has no name for
    assert read("Ukraine") == "UA"  # names and codes still resolve
