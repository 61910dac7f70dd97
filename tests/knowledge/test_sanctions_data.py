"""The bundled sanctions register: every listing round of the domain reference, sourced."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from cdtoolbox.errors import InvalidInput
from cdtoolbox.ingest.bundled import bundled_incident_documents
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.knowledge.datafiles import parse_data_file, read_data_file
from cdtoolbox.knowledge.sanctions import SanctionsData, load_sanctions
from cdtoolbox.model import Verification
from cdtoolbox.model.sanctions import ListeeKind, SanctionMeasure
from cdtoolbox.model.sanctions_codec import (
    listing_from_dict,
    listing_to_dict,
    regime_from_dict,
    regime_to_dict,
)

# (date, persons, entities) as domain reference §5.3 reports each round.
ROUNDS = [
    ("2020-07-30", 6, 3),
    ("2020-10-22", 2, 1),
    ("2024-06-24", 6, 0),
    ("2025-01-27", 3, 0),
    ("2026-03-16", 2, 3),
]


@pytest.fixture(scope="module")
def register(knowledge: KnowledgeBase) -> SanctionsData:
    return knowledge.sanctions


def _count(register: SanctionsData, round_id: str, kind: ListeeKind) -> int:
    return sum(1 for listing in register.in_round(round_id) if listing.kind is kind)


def test_every_round_is_present_with_the_reported_counts(register: SanctionsData) -> None:
    rounds = register.regime.rounds
    assert [(r.id, r.persons, r.entities) for r in rounds] == ROUNDS
    for round_id, persons, entities in ROUNDS[:4]:
        assert _count(register, round_id, ListeeKind.PERSON) == persons, round_id
        assert _count(register, round_id, ListeeKind.ENTITY) == entities, round_id


def test_round_five_records_the_entities_and_says_who_is_missing(register: SanctionsData) -> None:
    fifth = register.regime.round("2026-03-16")
    assert fifth is not None and fifth.status is Verification.SECONDARY
    assert {listing.name for listing in register.in_round("2026-03-16")} == {
        "Integrity Technology Group",
        "Anxun Information Technology",
        "Emennet Pasargad",
    }
    assert _count(register, "2026-03-16", ListeeKind.PERSON) == 0
    assert fifth.unrecorded and "co-founders" in fifth.unrecorded
    assert "not verified" in fifth.unrecorded


def test_cumulative_totals_match_the_reference(register: SanctionsData) -> None:
    # 6+3 → 8+4 → 14+4 → 17+4 → 19+7 (the last including the two unrecorded co-founders).
    totals = []
    persons = entities = 0
    for item in register.regime.rounds:
        persons += item.persons
        entities += item.entities
        totals.append((persons, entities))
    assert totals == [(6, 3), (8, 4), (14, 4), (17, 4), (19, 7)]


def test_every_entry_names_its_sources_and_status(register: SanctionsData) -> None:
    regime = register.regime
    assert regime.sources and regime.status is Verification.VERIFIED
    for renewal in regime.renewals:
        assert renewal.sources and all(source.strip() for source in renewal.sources)
    for item in regime.rounds:
        assert item.sources and item.legal_acts
    for listing in register.listings:
        assert listing.sources and listing.grounds, listing.id
        for amendment in listing.amendments:
            assert amendment.sources, listing.id


def test_the_renewal_history_sets_the_current_review_dates(register: SanctionsData) -> None:
    regime = register.regime
    assert regime.framework_until == date(2028, 5, 18)
    assert regime.listings_until == date(2026, 5, 18)
    unverified = {str(r.decided_on) for r in regime.renewals if r.status is Verification.UNVERIFIED}
    assert unverified == {"2019-05-17", "2023-05"}


def test_travel_bans_apply_to_people_only(register: SanctionsData) -> None:
    for listing in register.listings:
        assert SanctionMeasure.ASSET_FREEZE in listing.measures
        travel_ban = SanctionMeasure.TRAVEL_BAN in listing.measures
        assert travel_ban is (listing.kind is ListeeKind.PERSON), listing.id


def test_actor_links_resolve_to_catalogue_actors(
    register: SanctionsData, knowledge: KnowledgeBase
) -> None:
    links = {listing.id: [link.name for link in listing.actors] for listing in register.listings}
    assert links["gao-qiang"] == ["APT10"]
    assert links["chosun-expo"] == ["Lazarus Group"]
    assert links["gru-gtsst-74455"] == ["Sandworm"]
    assert links["gru-gtsss-26165"] == ["APT28"]
    assert links["ruslan-peretyatko"] == ["Callisto"]
    assert links["oleksandr-sklianko"] == ["Gamaredon Group"]
    assert links["emennet-pasargad"] == ["Cotton Sandstorm"]
    for listing in register.listings:
        for link in listing.actors:
            assert knowledge.actors.get(link.actor_id).name == link.name


def test_incident_links_are_slugs_of_the_bundled_dataset(register: SanctionsData) -> None:
    slugs = {document["slug"] for document in bundled_incident_documents()}
    cited = {slug for listing in register.listings for slug in listing.incidents}
    assert cited <= slugs, cited - slugs
    assert "wannacry-2017" in register.listing("chosun-expo").incidents
    assert register.listing("gao-qiang").incidents == ("cloud-hopper-2017",)


def test_every_document_round_trips_through_the_codec(register: SanctionsData) -> None:
    assert regime_from_dict(regime_to_dict(register.regime)) == register.regime
    for listing in register.listings:
        assert listing_from_dict(listing_to_dict(listing)) == listing


def test_an_unknown_actor_is_an_error_naming_the_entry(knowledge: KnowledgeBase) -> None:
    data = read_data_file("sanctions.yaml")
    content = dict(data.content)
    first = dict(content["listings"][0], actors=[{"name": "No Such Group", "status": "verified"}])
    content["listings"] = [first, *content["listings"][1:]]
    broken = parse_data_file("sanctions.yaml", yaml.safe_dump(content, allow_unicode=True))
    with pytest.raises(InvalidInput, match=r"'gao-qiang'.*No Such Group"):
        load_sanctions(broken, knowledge.actors, knowledge.countries)


def test_a_round_short_of_listings_must_say_why(knowledge: KnowledgeBase) -> None:
    data = read_data_file("sanctions.yaml")
    content = dict(data.content)
    content["listings"] = [item for item in content["listings"] if item["id"] != "zhang-shilong"]
    broken = parse_data_file("sanctions.yaml", yaml.safe_dump(content, allow_unicode=True))
    with pytest.raises(InvalidInput, match=r"round 2020-07-30.*`persons`: 6 is more than the 5"):
        load_sanctions(broken, knowledge.actors, knowledge.countries)


def test_the_renewal_history_names_its_acts_and_says_what_is_not_confirmed(
    knowledge: KnowledgeBase,
) -> None:
    history = {str(renewal.decided_on): renewal for renewal in knowledge.sanctions.regime.renewals}
    assert history["2020-05-14"].act == "Council Decision (CFSP) 2020/651"
    assert history["2020-05-14"].framework_until == date(2021, 5, 18)
    assert history["2023-11-27"].act == "Council Regulation (EU) 2023/2694"
    assert "Article 4a" in history["2023-11-27"].summary
    review_2024 = history["2024-05-17"]
    assert review_2024.summary.startswith("Annual review of the listings")
    assert "not confirmed" in review_2024.summary
    for day in ("2021-05-17", "2022-05-16", "2025-05-12"):
        assert history[day].act.endswith("(number not confirmed)")


def test_the_november_2020_amendment_names_both_acts(knowledge: KnowledgeBase) -> None:
    amendments = {
        amendment.act
        for listing in knowledge.sanctions.listings
        for amendment in listing.amendments
        if amendment.amended_on == date(2020, 11, 20)
    }
    [act] = amendments
    assert "Implementing Regulation (EU) 2020/1744" in act
    assert "Decision (CFSP) 2020/1748" in act and "not confirmed" in act
