"""The EU's and Member States' actual public responses, and the loader's checks."""

from __future__ import annotations

import pytest

from cdtoolbox.errors import InvalidInput
from cdtoolbox.ingest.bundled import bundled_incident_documents
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.knowledge.datafiles import parse_data_file, read_data_file
from cdtoolbox.knowledge.responses import ResponseRegister, load_responses
from cdtoolbox.model import RespondingPartyKind, ResponseTier

HEADER = "version: 1\nsource: test\n"
PARTNERS = "alignment_partners: {countries: [AL], source: test}\n"
SILENT = "no_response: {incidents: [stuxnet-2010], source: test}\n"


def test_every_response_is_dated_sourced_and_uses_a_known_instrument(
    knowledge: KnowledgeBase,
) -> None:
    assert len(knowledge.responses) >= 25
    for response in knowledge.responses:
        assert response.sources
        if response.party_kind is RespondingPartyKind.EU:
            assert response.instrument_id in knowledge.instruments
        else:
            assert response.country and knowledge.countries.get(response.country).eu_member


def test_the_domain_reference_timeline_and_every_listing_round_are_recorded(
    knowledge: KnowledgeBase,
) -> None:
    listings = {
        str(r.date): r for r in knowledge.responses if r.instrument_id == "restrictive.listing"
    }
    assert set(listings) == {"2020-07-30", "2020-10-22", "2024-06-24", "2025-01-27", "2026-03-16"}
    assert len(listings["2020-07-30"].listed) == 9  # 6 persons and 3 entities
    assert len(listings["2020-10-22"].listed) == 3
    assert len(listings["2024-06-24"].listed) == 6
    assert len(listings["2025-01-27"].listed) == 3
    assert all(listing.state_named is None for listing in listings.values())
    dated = {str(r.date) for r in knowledge.responses if r.party_kind is RespondingPartyKind.EU}
    timeline = {
        "2018-04-16", "2018-10-04", "2019-04-12", "2020-02-21", "2020-04-30", "2021-04-15",
        "2021-07-19", "2021-09-24", "2022-01-14", "2022-05-10", "2022-07-19", "2022-09",
        "2023-12", "2024-03-25", "2024-05-03", "2024-10-08", "2025-05-28", "2025-07-18",
    }  # fmt: skip
    assert timeline <= dated


@pytest.mark.parametrize(
    "response_id",
    [
        "2020-02-21-hr-declaration-georgia",
        "2024-05-03-hr-statement-apt28",
        "2024-10-08-hr-statement-hybrid",
        "2025-07-18-hr-statement-hybrid-gru",
    ],
)
def test_statements_on_behalf_of_the_eu_are_recorded_as_that_instrument(
    knowledge: KnowledgeBase, response_id: str
) -> None:
    response = knowledge.responses.get(response_id)
    assert response.party == "High Representative on behalf of the EU"
    assert response.instrument_id == "stability.hr_declaration"


def test_the_july_2025_hybrid_statement_names_the_gru_and_apt28(knowledge: KnowledgeBase) -> None:
    response = knowledge.responses.get("2025-07-18-hr-statement-hybrid-gru")
    assert "(GRU)" in (response.attribution_wording or "")
    assert "APT28" in response.measure
    assert response.state_named == "RU"


@pytest.mark.parametrize(
    ("response_id", "day"),
    [
        ("2020-05-28-germany-bundestag-demarche", "2020-05-28"),
        ("2024-09-05-estonia-gru-29155", "2024-09-05"),
    ],
)
def test_national_responses_carry_their_exact_day(
    knowledge: KnowledgeBase, response_id: str, day: str
) -> None:
    assert str(knowledge.responses.get(response_id).date) == day


def test_the_albania_declaration_says_its_day_is_not_confirmed(knowledge: KnowledgeBase) -> None:
    albania = knowledge.responses.get("2022-09-albania-hr-declaration")
    assert str(albania.date) == "2022-09"
    assert "not confirmed" in albania.measure


def test_response_slugs_are_bundled_incidents(knowledge: KnowledgeBase) -> None:
    bundled = {str(document["slug"]) for document in bundled_incident_documents()}
    assert set(knowledge.responses.calibration_slugs()) <= bundled
    assert len(knowledge.responses.calibration_slugs()) >= 20


@pytest.mark.parametrize(
    ("slug", "tier"),
    [
        ("wannacry-2017", ResponseTier.RESTRICTIVE),
        ("bundestag-2015", ResponseTier.RESTRICTIVE),
        ("viasat-ka-sat-2022", ResponseTier.STABILITY),
        ("apt28-spd-czechia-2023", ResponseTier.STABILITY),
        ("dyn-ddos-2016", ResponseTier.NONE),
        ("not-a-recorded-incident", ResponseTier.NONE),
    ],
)
def test_an_incidents_tier_is_its_highest_response(
    knowledge: KnowledgeBase, slug: str, tier: ResponseTier
) -> None:
    assert knowledge.responses.tier_for(slug) is tier


def test_a_member_states_national_response_is_the_member_states_tier(
    knowledge: KnowledgeBase,
) -> None:
    dutch = knowledge.responses.get("2018-10-04-netherlands-opcw")
    assert knowledge.responses.tier_of(dutch) is ResponseTier.MEMBER_STATES


def test_alignment_partners_are_candidate_and_eea_countries(knowledge: KnowledgeBase) -> None:
    partners = knowledge.responses.alignment_partners
    assert {"AL", "UA", "MD", "NO"} <= partners
    assert not partners & {country.code for country in knowledge.countries.eu_members()}


def test_partners_are_echoed_since_the_unions_first_statement_outside_it(
    knowledge: KnowledgeBase,
) -> None:
    since = knowledge.responses.partners_echoed_since
    georgia = knowledge.responses.get("2020-02-21-hr-declaration-georgia")
    assert since is not None and str(since) == str(georgia.date) == "2020-02-21"
    entry = (
        "  - {id: z, date: '2020-01-01', party: EU, party_kind: eu,"
        " instrument: stability.hr_declaration, measure: m, source: s, status: secondary}\n"
    )
    loaded = _load(knowledge, entry)
    assert loaded.partners_echoed_since is None
    dated = "alignment_partners: {countries: [AL], echoed_since: 2020-02-21, source: test}\n"
    assert str(_load(knowledge, entry, dated).partners_echoed_since) == "2020-02-21"
    undated = "alignment_partners: {countries: [AL], echoed_since: soon, source: test}\n"
    with pytest.raises(InvalidInput, match="echoed_since"):
        _load(knowledge, entry, undated)


def _load(knowledge: KnowledgeBase, responses: str, partners: str = PARTNERS) -> ResponseRegister:
    text = HEADER + partners + SILENT + "responses:\n" + responses
    return load_responses(
        parse_data_file("responses.yaml", text), knowledge.instruments, knowledge.countries
    )


def test_the_loader_refuses_an_unknown_instrument(knowledge: KnowledgeBase) -> None:
    entry = (
        "  - {id: x, date: '2020-01-01', party: EU, party_kind: eu, instrument: stability.tweet,"
        " measure: m, source: s, status: secondary}\n"
    )
    with pytest.raises(InvalidInput) as raised:
        _load(knowledge, entry)
    assert raised.value.field == "instrument"
    assert "responses.yaml entry 'x'" in str(raised.value)


def test_the_loader_refuses_a_member_state_that_is_not_one(knowledge: KnowledgeBase) -> None:
    entry = (
        "  - {id: y, date: '2020-01', party: Norway, party_kind: member-state, country: 'NO',"
        " measure: m, source: s, status: secondary}\n"
    )
    with pytest.raises(InvalidInput) as raised:
        _load(knowledge, entry)
    assert "must be the ISO code of an EU Member State" in str(raised.value)


def test_the_loader_refuses_a_silent_incident_that_was_answered(knowledge: KnowledgeBase) -> None:
    entry = (
        "  - {id: z, date: '2020-01-01', party: EU, party_kind: eu,"
        " instrument: stability.hr_declaration, measure: m, incidents: [stuxnet-2010],"
        " source: s, status: secondary}\n"
    )
    with pytest.raises(InvalidInput) as raised:
        _load(knowledge, entry)
    assert raised.value.value == "stuxnet-2010"


def test_the_packaged_file_loads(knowledge: KnowledgeBase) -> None:
    register = load_responses(
        read_data_file("responses.yaml"), knowledge.instruments, knowledge.countries
    )
    assert register.ids() == knowledge.responses.ids()
