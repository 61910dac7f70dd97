import re
import uuid
from typing import ClassVar

import pytest

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.knowledge import ActorCatalogue, KnowledgeBase
from cdtoolbox.knowledge.actor_merge import merge_actor_galaxies
from cdtoolbox.model import Country, ThreatActor

# Names the curated incident dataset and the EU sanctions listings use.
DATASET_NAMES = [
    "Lazarus Group",
    "APT38",
    "Sandworm",
    "APT28",
    "APT29",
    "APT10",
    "APT1",
    "APT31",
    "APT40",
    "Callisto",
    "Star Blizzard",
    "ColdRiver",
    "Gamaredon",
    "Armageddon",
    "Wizard Spider",
    "CyberBerkut",
    "Equation Group",
]


def test_the_galaxies_give_well_over_800_actors(knowledge: KnowledgeBase) -> None:
    actors = knowledge.actors.all()
    assert len(actors) > 800
    assert len({actor.id for actor in actors}) == len(actors)
    assert len({actor.slug for actor in actors}) == len(actors)


def test_actors_are_sorted_by_name(knowledge: KnowledgeBase) -> None:
    names = [actor.name.casefold() for actor in knowledge.actors.all()]
    assert names == sorted(names)


@pytest.mark.parametrize("name", ["Fancy Bear", "fancybear", "Sofacy", "APT 28", "apt28", "G0007"])
def test_apt28_answers_to_all_its_names(knowledge: KnowledgeBase, name: str) -> None:
    actor = knowledge.actors.resolve(name)
    assert actor.name == "APT28"
    assert actor.sponsor == "RU"
    assert "G0007" in actor.mitre_ids


def test_major_actors_are_distinct(knowledge: KnowledgeBase) -> None:
    names = ["APT28", "APT29", "Sandworm", "Lazarus Group", "APT10", "APT1"]
    ids = {knowledge.actors.resolve(name).id for name in names}
    assert len(ids) == len(names)


@pytest.mark.parametrize("name", DATASET_NAMES)
def test_names_used_by_the_dataset_resolve(knowledge: KnowledgeBase, name: str) -> None:
    assert knowledge.actors.resolve(name).id


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("Star Blizzard", "Callisto"),
        ("ColdRiver", "Callisto"),
        ("SEABORGIUM", "Callisto"),
        ("Armageddon", "Gamaredon Group"),
        ("Gamaredon", "Gamaredon Group"),
        ("Voodoo Bear", "Sandworm"),
        ("Sandworm Team", "Sandworm"),
        ("Red Apollo", "APT10"),
        ("Stone Panda", "APT10"),
        ("Zirconium", "APT31"),
        ("Cyber Berkut", "Cyber Berkut"),
    ],
)
def test_aliases_lead_to_the_expected_actor(
    knowledge: KnowledgeBase, alias: str, canonical: str
) -> None:
    assert knowledge.actors.resolve(alias).name == canonical


def test_mitre_group_names_lose_their_id_suffix(knowledge: KnowledgeBase) -> None:
    every_name = [name for actor in knowledge.actors.all() for name in actor.names]
    assert not [name for name in every_name if re.search(r" - G\d{4}$", name)]
    assert not [name for name in every_name if re.fullmatch(r"G\d{4}", name)]


def test_aliases_are_unique_and_exclude_the_name(knowledge: KnowledgeBase) -> None:
    from cdtoolbox.knowledge import normalise_alias

    for actor in knowledge.actors.all():
        keys = [normalise_alias(name) for name in actor.names]
        assert len(keys) == len(set(keys)), actor.name


def test_mitre_ids_are_group_ids_and_belong_to_one_actor(knowledge: KnowledgeBase) -> None:
    seen: dict[str, str] = {}
    for actor in knowledge.actors.all():
        for group_id in actor.mitre_ids:
            assert re.fullmatch(r"G\d{4}", group_id)
            assert seen.setdefault(group_id, actor.name) == actor.name


def test_sponsors_countries_and_victims_are_iso_codes(knowledge: KnowledgeBase) -> None:
    codes = {country.code for country in knowledge.countries.all()}
    for actor in knowledge.actors.all():
        assert {actor.sponsor, actor.country} - {None} <= codes
        assert set(actor.suspected_victims) <= codes


def test_cfr_state_names_become_sponsors(knowledge: KnowledgeBase) -> None:
    sponsors = {knowledge.actors.resolve(name).sponsor for name in ["Lazarus Group", "APT33"]}
    assert sponsors == {"KP", "IR"}
    assert knowledge.actors.resolve("APT1").suspected_victims[:2] == ("AE", "BE")


def test_the_merge_report_accounts_for_every_mitre_set(knowledge: KnowledgeBase) -> None:
    report = knowledge.actors.merge_report
    assert report is not None
    joined = report.joined_by_group_id + report.joined_by_name + report.joined_by_synonym
    assert joined + len(report.standalone_sets) == report.intrusion_sets
    assert len(knowledge.actors) == report.threat_actor_entries + len(report.standalone_sets)


def test_an_alias_of_several_actors_is_ambiguous(knowledge: KnowledgeBase) -> None:
    with pytest.raises(InvalidInput) as raised:
        knowledge.actors.resolve("Grizzly Steppe", field="actor")
    error = raised.value
    assert (error.entity, error.field, error.value) == ("actor", "actor", "Grizzly Steppe")
    assert "ambiguous" in error.reason
    assert "APT28" in error.reason and "APT29" in error.reason


def test_an_unknown_name_gets_close_suggestions(knowledge: KnowledgeBase) -> None:
    with pytest.raises(NotFound) as raised:
        knowledge.actors.resolve("Sandwrom")
    assert raised.value.hint is not None and "Sandworm" in raised.value.hint
    assert knowledge.actors.find("No Such Actor Anywhere") is None


def test_get_takes_an_id_or_a_slug(knowledge: KnowledgeBase) -> None:
    apt28 = knowledge.actors.resolve("APT28")
    assert knowledge.actors.get(apt28.id) is apt28
    assert knowledge.actors.get(apt28.slug) is apt28
    with pytest.raises(NotFound):
        knowledge.actors.get("fancy bear")


# The merge rules, on small galaxies shaped like the real ones.


class _Countries:
    _known: ClassVar[dict[str, str]] = {
        "russian federation": "RU",
        "ru": "RU",
        "china": "CN",
        "cn": "CN",
    }

    def find(self, text: str) -> Country | None:
        code = self._known.get(text.casefold())
        return Country(code, code + "X", code) if code else None


def _threat_actor(name: str, *synonyms: str, **meta: object) -> dict[str, object]:
    return {
        "value": name,
        "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, name)),
        "description": f"{name} description",
        "meta": {"synonyms": list(synonyms), **meta},
    }


def _intrusion_set(name: str, group_id: str, *synonyms: str) -> dict[str, object]:
    return {
        "value": f"{name} - {group_id}",
        "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, group_id)),
        "description": f"[{name}](https://attack.mitre.org/groups/{group_id}) is a group."
        " (Citation: Someone 2020)",
        "meta": {"synonyms": [name, *synonyms], "external_id": group_id},
    }


def _by_name(actors: tuple[ThreatActor, ...]) -> dict[str, ThreatActor]:
    return {actor.name: actor for actor in actors}


def test_threat_actor_entries_sharing_a_synonym_are_not_fused() -> None:
    merged = merge_actor_galaxies(
        [
            _threat_actor("APT28", "Grizzly Steppe", "G0007"),
            _threat_actor("APT29", "Grizzly Steppe", "G0016"),
        ],
        [_intrusion_set("APT28", "G0007", "Fancy Bear")],
        _Countries(),
    )
    actors = _by_name(merged.actors)
    assert set(actors) == {"APT28", "APT29"}
    assert actors["APT28"].mitre_ids == ("G0007",)
    assert actors["APT29"].mitre_ids == ()
    assert "Fancy Bear" in actors["APT28"].aliases
    assert "Fancy Bear" not in actors["APT29"].aliases


def test_a_group_id_claimed_by_two_entries_goes_to_the_one_with_the_same_name() -> None:
    merged = merge_actor_galaxies(
        [_threat_actor("APT30", "G0013"), _threat_actor("Naikon", "G0013")],
        [_intrusion_set("APT30", "G0013")],
        _Countries(),
    )
    actors = _by_name(merged.actors)
    assert actors["APT30"].mitre_ids == ("G0013",)
    assert actors["Naikon"].mitre_ids == ()
    assert merged.report.joined_by_group_id == 1


def test_a_set_joins_by_name_then_by_clear_synonym_majority() -> None:
    merged = merge_actor_galaxies(
        [
            _threat_actor("Turla", "Snake"),
            _threat_actor("Callisto", "COLDRIVER", "SEABORGIUM", "TA446"),
            _threat_actor("Cold River", "Nahr Elbard"),
        ],
        [
            _intrusion_set("Turla", "G0010"),
            _intrusion_set("Star Blizzard", "G1033", "COLDRIVER", "SEABORGIUM", "TA446"),
        ],
        _Countries(),
    )
    actors = _by_name(merged.actors)
    assert actors["Turla"].mitre_ids == ("G0010",)
    assert actors["Callisto"].mitre_ids == ("G1033",)
    assert "Star Blizzard" in actors["Callisto"].aliases
    assert actors["Cold River"].mitre_ids == ()
    report = merged.report
    assert (report.joined_by_name, report.joined_by_synonym, report.standalone_sets) == (1, 1, ())


def test_a_set_tied_between_entries_or_naming_a_joined_entry_stands_alone() -> None:
    merged = merge_actor_galaxies(
        [
            _threat_actor("Flying Kitten", "Ajax Security Team", "Kitten Crew"),
            _threat_actor("Rocket Kitten", "Ajax Security Team", "Kitten Crew"),
            _threat_actor("Lazarus Group", "Moonstone Sleet", "G0032"),
        ],
        [
            _intrusion_set("Ajax Security Team", "G0130"),
            _intrusion_set("Lazarus Group", "G0032"),
            _intrusion_set("Moonstone Sleet", "G1036"),
        ],
        _Countries(),
    )
    assert merged.report.standalone_sets == ("Ajax Security Team", "Moonstone Sleet")
    actors = _by_name(merged.actors)
    moonstone = actors["Moonstone Sleet"]
    assert moonstone.mitre_ids == ("G1036",)
    assert moonstone.description == "Moonstone Sleet is a group."
    assert len(merged.actors) == 5
    catalogue = ActorCatalogue(merged.actors)
    # "Moonstone Sleet" is also a Lazarus alias: the actor of that name wins.
    assert catalogue.resolve("moonstone sleet") is moonstone
    assert catalogue.resolve("AJAX security team") is actors["Ajax Security Team"]
    with pytest.raises(InvalidInput, match="Flying Kitten"):
        catalogue.resolve("kitten crew")


def _activity_group(name: str, *synonyms: str, sector: str, country: str | None = None) -> dict:
    meta: dict[str, object] = {"synonyms": list(synonyms), "sector": sector}
    if country:
        meta["country"] = country
    return {"value": name, "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, name)), "meta": meta}


def test_a_country_alone_makes_no_sponsor_and_cfr_names_one() -> None:
    merged = merge_actor_galaxies(
        [
            _threat_actor("Sponsored", **{"cfr-suspected-state-sponsor": "Russian Federation"}),
            _threat_actor("Located", country="CN"),
            _threat_actor("Unknown", **{"cfr-suspected-state-sponsor": "Unknown"}),
        ],
        [],
        _Countries(),
    )
    actors = _by_name(merged.actors)
    assert (actors["Sponsored"].sponsor, actors["Sponsored"].country) == ("RU", None)
    assert not actors["Sponsored"].sponsor_inferred
    assert (actors["Located"].sponsor, actors["Located"].country) == (None, "CN")
    assert actors["Unknown"].sponsor is None
    assert merged.report.unresolved_sponsors == ()


def test_every_galaxy_signal_of_a_state_makes_an_inferred_sponsor() -> None:
    merged = merge_actor_galaxies(
        [
            _threat_actor("Typhooned", "ZIRC", country="CN"),
            _threat_actor("Spy", country="CN", **{"cfr-type-of-incident": "Espionage"}),
            _threat_actor(
                "Cfr Unknown",
                country="CN",
                **{"cfr-suspected-state-sponsor": "Unknown", "cfr-type-of-incident": "Espionage"},
                **{"attribution-confidence": "50"},
            ),
            _threat_actor("Unit", GRU="Military unit 74455"),
            _threat_actor("Crooks", "Crooked Tempest", country="RU"),
            _threat_actor("Torn", "Violet Typhoon", country="RU"),
        ],
        [],
        _Countries(),
        activity_groups=[
            _activity_group("Violet Typhoon", "ZIRC", sector="China", country="CN"),
            _activity_group("Crooked Tempest", sector="Financially motivated"),
        ],
    )
    actors = _by_name(merged.actors)
    assert {name: actor.sponsor for name, actor in actors.items()} == {
        "Typhooned": "CN",  # Microsoft's nation-state group of the same name
        "Spy": "CN",  # country of origin and CFR-recorded espionage
        "Cfr Unknown": "CN",  # the tracker's "Unknown" does not hide the other signals
        "Unit": "RU",  # the galaxy names its GRU unit
        "Crooks": None,  # financially motivated: a country of origin is not a sponsor
        "Torn": None,  # the signals disagree (Microsoft: China; galaxy: Russia), so none
    }
    assert all(actors[name].sponsor_inferred for name in ("Typhooned", "Spy", "Unit"))
    basis = actors["Cfr Unknown"].sponsor_basis or ""
    assert "espionage" in basis and "confidence 50/100" in basis


@pytest.mark.parametrize(
    ("name", "sponsor"),
    [
        ("APT31", "CN"),  # Microsoft's Violet Typhoon; no CFR sponsor
        ("APT27", "CN"),  # CFR says "Unknown"; Microsoft and the galaxy's espionage say China
        ("HAFNIUM", "CN"),
        ("Callisto", "RU"),  # Microsoft's Star Blizzard
        ("Gamaredon Group", "RU"),
        ("TA505", None),  # Microsoft's Lace and Spandex Tempest: financially motivated
        ("FIN7", None),
    ],
)
def test_real_galaxy_entries_get_the_sponsor_their_signals_give(
    knowledge: KnowledgeBase, name: str, sponsor: str | None
) -> None:
    actor = knowledge.actors.resolve(name)
    assert actor.sponsor == sponsor
    assert actor.sponsor_inferred is (sponsor is not None)
    if sponsor:
        assert (actor.sponsor_basis or "").startswith("inferred")


def test_cfr_sponsors_stay_named_by_the_tracker(knowledge: KnowledgeBase) -> None:
    for name in ("APT28", "Sandworm", "Lazarus Group", "APT10"):
        actor = knowledge.actors.resolve(name)
        assert actor.sponsor and not actor.sponsor_inferred, name


def test_unresolvable_victims_are_skipped_and_reported() -> None:
    merged = merge_actor_galaxies(
        [_threat_actor("X", **{"cfr-suspected-victims": ["China", "Middle East", "RU"]})],
        [],
        _Countries(),
    )
    assert merged.actors[0].suspected_victims == ("CN", "RU")
    assert merged.report.unresolved_victims == ("Middle East",)


def test_colliding_slugs_are_made_unique() -> None:
    merged = merge_actor_galaxies(
        [_threat_actor("Cyber Army"), _threat_actor("Cyber-Army")], [], _Countries()
    )
    slugs = sorted(actor.slug for actor in merged.actors)
    assert slugs[0] == "cyber-army"
    assert slugs[1].startswith("cyber-army-") and len(set(slugs)) == 2


def test_search_finds_actors_by_part_of_any_name(knowledge: KnowledgeBase) -> None:
    found = knowledge.actors.search("fancy b")
    assert "APT28" in [actor.name for actor in found]
    by_name = knowledge.actors.search("apt2")
    assert by_name[0].name.lower().startswith("apt2")  # canonical-name matches come first
    assert len(knowledge.actors.search("")) == len(knowledge.actors.all())


def test_countries_carry_their_iso_numeric_code(knowledge: KnowledgeBase) -> None:
    assert knowledge.countries.resolve("UA").numeric == "804"
