"""SanctionsService: checking names, querying, review dates, seeding and audited changes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from cdtoolbox.errors import Conflict, Forbidden, InvalidInput, NotFound
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import PartialDate, Tlp, Verification
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.ports import FixedClock
from cdtoolbox.model.sanctions import (
    Delisting,
    ListeeKind,
    Listing,
    ListingAmendment,
    MatchKind,
    Renewal,
    ReviewKind,
)
from cdtoolbox.store import dump
from cdtoolbox.toolbox import Settings, Toolbox

ANALYST = User("ana", "Ana Analyst", Role.ANALYST, Tlp.AMBER)
VIEWER = User("vic", "Vic Viewer", Role.VIEWER, Tlp.AMBER)
CLOUD_HOPPER_LISTINGS = ["gao-qiang", "huaying-haitai", "zhang-shilong"]


@pytest.fixture(scope="module")
def initialised(initialised_url: str, knowledge: KnowledgeBase) -> Iterator[Toolbox]:
    """`cdt init` done once per backend, for the tests that only read."""
    clock = FixedClock(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    with Toolbox(Settings(initialised_url), knowledge=knowledge, clock=clock) as box:
        yield box


@pytest.fixture
def seeded(toolbox: Toolbox, knowledge: KnowledgeBase) -> Toolbox:
    """A migrated store with the reference actors and the bundled register (no incidents)."""
    with toolbox.database.transaction() as store:
        store.actors.upsert_many(knowledge.actors.all())
    toolbox.sanctions.seed()
    return toolbox


# --- check -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["APT10", "Stone Panda", "menupass", "MenuPass", "Red Apollo"])
def test_any_alias_of_apt10_finds_the_cloud_hopper_listings(
    initialised: Toolbox, name: str
) -> None:
    check = initialised.sanctions.check(name, by=SYSTEM_USER)
    assert check.listed
    assert [actor.name for actor in check.actors] == ["APT10"]
    assert sorted(m.listing.id for m in check.matches) == CLOUD_HOPPER_LISTINGS
    for match in check.matches:
        assert match.kind is MatchKind.ACTOR and match.matched == "APT10"
        assert match.listing.listed_on == date(2020, 7, 30)
        assert "cloud-hopper-2017" in match.listing.incidents
    assert "3 active listings (listed 2020-07-30)" in check.answer


@pytest.mark.parametrize("name", ["Gao Qiang", "Qiang GAO", "GAO QIANG", "gao-qiang"])
def test_a_persons_name_in_any_word_order_finds_the_listing(
    initialised: Toolbox, name: str
) -> None:
    check = initialised.sanctions.check(name, by=SYSTEM_USER)
    assert check.listed and check.actors == ()
    [match] = check.matches
    assert match.kind is MatchKind.NAME and match.listing.id == "gao-qiang"
    assert match.listing.listed_on == date(2020, 7, 30)
    assert match.listing.incidents == ("cloud-hopper-2017",)
    assert match.listing.actors[0].name == "APT10"


def test_fancy_bear_finds_the_gtsss_listing_of_october_2020(initialised: Toolbox) -> None:
    check = initialised.sanctions.check("Fancy Bear", by=SYSTEM_USER)
    assert check.listed
    first = check.matches[0]
    assert first.listing.id == "gru-gtsss-26165" and first.kind is MatchKind.ALIAS
    assert first.listing.listed_on == date(2020, 10, 22)
    assert first.listing.kind is ListeeKind.ENTITY
    linked = {m.listing.id for m in check.matches if m.kind is MatchKind.ACTOR}
    assert linked == {"dmitry-badin", "igor-kostyukov", "aleksei-morenets"}


def test_an_unlisted_actor_gets_a_clear_no(initialised: Toolbox) -> None:
    check = initialised.sanctions.check("Turla", by=SYSTEM_USER)
    assert not check.listed and check.matches == ()
    assert [actor.name for actor in check.actors] == ["Turla"]
    assert check.answer == (
        "Not listed: no listing matches 'Turla' (the threat actor Turla) by name, alias or "
        "linked actor."
    )


def test_an_unknown_name_is_not_listed(initialised: Toolbox) -> None:
    check = initialised.sanctions.check("Jane Q. Nobody", by=SYSTEM_USER)
    assert not check.listed and check.matches == () and check.actors == ()
    assert check.answer.startswith("Not listed:")


def test_a_name_with_a_word_left_out_is_a_possible_match_only(initialised: Toolbox) -> None:
    check = initialised.sanctions.check("Alexey Minin", by=SYSTEM_USER)
    assert not check.listed
    [match] = check.matches
    assert match.kind is MatchKind.PARTIAL_NAME and match.listing.id == "alexey-minin"
    assert check.answer.startswith("Possible match:")


def test_original_script_and_monikers_are_aliases(initialised: Toolbox) -> None:
    assert initialised.sanctions.check("Михаил Михайлович ЦАРЕВ", by=SYSTEM_USER).matches[
        0
    ].listing.id == ("mikhail-tsarev")
    moniker = initialised.sanctions.check("Super Misha", by=SYSTEM_USER).matches[0]
    assert moniker.kind is MatchKind.ALIAS and moniker.listing.id == "mikhail-tsarev"
    assert (
        initialised.sanctions.check("i-SOON", by=SYSTEM_USER).matches[0].listing.id
        == "anxun-i-soon"
    )


def test_a_name_several_actors_share_checks_each(initialised: Toolbox) -> None:
    check = initialised.sanctions.check("Cadet Blizzard", by=SYSTEM_USER)
    assert not check.listed and len(check.actors) == 2
    assert check.note and "names several threat actors" in check.note


def test_an_unverified_actor_link_says_so(initialised: Toolbox) -> None:
    [match] = initialised.sanctions.check("Flax Typhoon", by=SYSTEM_USER).matches
    assert match.listing.id == "integrity-technology-group"
    assert "(the link is unverified)" in match.explanation


def test_an_empty_name_is_refused(initialised: Toolbox) -> None:
    with pytest.raises(InvalidInput, match="has no letters or digits"):
        initialised.sanctions.check("  -- ", by=SYSTEM_USER)


# --- queries -----------------------------------------------------------------------------


def test_by_incident_accepts_a_slug_an_id_or_a_unique_prefix(initialised: Toolbox) -> None:
    wannacry = initialised.incidents.get("wannacry-2017", by=SYSTEM_USER)
    for key in ("wannacry", "wannacry-2017", wannacry.id):
        assert [x.id for x in initialised.sanctions.by_incident(key, by=SYSTEM_USER)] == [
            "chosun-expo"
        ]
    opcw = {x.id for x in initialised.sanctions.by_incident("opcw-2018", by=SYSTEM_USER)}
    assert opcw == {
        "alexey-minin",
        "aleksei-morenets",
        "evgenii-serebriakov",
        "oleg-sotnikov",
        "igor-kostyukov",
        "gru-gtsss-26165",
    }
    with pytest.raises(InvalidInput, match="ukraine-power-grid-2015, ukraine-power-grid-2016"):
        initialised.sanctions.by_incident("ukraine-power-grid", by=SYSTEM_USER)
    assert initialised.sanctions.by_incident("stuxnet-2010", by=SYSTEM_USER) == ()
    with pytest.raises(NotFound, match="no incident matches 'atlantis'"):
        initialised.sanctions.by_incident("atlantis", by=SYSTEM_USER)


def test_by_sponsor_takes_codes_and_names(initialised: Toolbox) -> None:
    russian = initialised.sanctions.by_sponsor("RU", by=SYSTEM_USER)
    assert (
        len(russian) == 15 and initialised.sanctions.by_sponsor("Russia", by=SYSTEM_USER) == russian
    )
    assert {x.kind for x in russian} == {ListeeKind.PERSON, ListeeKind.ENTITY}
    assert [x.id for x in initialised.sanctions.by_sponsor("KP", by=SYSTEM_USER)] == ["chosun-expo"]
    assert len(initialised.sanctions.by_sponsor("CN", by=SYSTEM_USER)) == 5
    with pytest.raises(InvalidInput, match="not an ISO 3166 country code or name"):
        initialised.sanctions.by_sponsor("Atlantis", by=SYSTEM_USER)


def test_listed_between_reads_partial_dates(initialised: Toolbox) -> None:
    assert len(initialised.sanctions.listed_between("2024", "2025", by=SYSTEM_USER)) == 9
    assert len(initialised.sanctions.listed_between("2020-10", None, by=SYSTEM_USER)) == 15
    assert len(initialised.sanctions.listed_between(None, date(2020, 7, 30), by=SYSTEM_USER)) == 9
    with pytest.raises(InvalidInput, match="is after `until`"):
        initialised.sanctions.listed_between("2025", "2024", by=SYSTEM_USER)
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        initialised.sanctions.listed_between("last year", None, by=SYSTEM_USER)


def test_list_combines_filters(initialised: Toolbox) -> None:
    persons = initialised.sanctions.list(actor="Sandworm", kind="person", by=SYSTEM_USER)
    assert [x.id for x in persons] == ["evgenii-serebriakov"]
    with pytest.raises(InvalidInput, match="not one of: person, entity"):
        initialised.sanctions.list(kind="company", by=SYSTEM_USER)


def test_upcoming_reviews_come_from_the_renewal_history(initialised: Toolbox) -> None:
    [spring] = initialised.sanctions.upcoming_reviews(
        date(2026, 4, 1), within_days=90, by=SYSTEM_USER
    )
    assert spring.kind is ReviewKind.LISTINGS and spring.due == date(2026, 5, 18)
    assert spring.days_left == 47 and not spring.overdue and spring.active_listings == 24
    assert "2025-05-12" in spring.set_by
    assert (
        initialised.sanctions.upcoming_reviews(date(2026, 1, 1), within_days=30, by=SYSTEM_USER)
        == ()
    )
    # On the test clock's date (2026-11-25) no renewal after May 2026 is recorded.
    [overdue, framework] = initialised.sanctions.upcoming_reviews(within_days=600, by=SYSTEM_USER)
    assert overdue.overdue and overdue.days_left == -191
    assert framework.kind is ReviewKind.FRAMEWORK and framework.due == date(2028, 5, 18)


# --- seeding and changes -----------------------------------------------------------------


def test_seeding_twice_changes_nothing(seeded: Toolbox) -> None:
    before = dump(seeded.database)
    report = seeded.sanctions.seed()
    assert report.listings_added == 0 and report.listings_present == 24
    assert report.regimes_added == report.renewals_added == report.rounds_added == 0
    assert dump(seeded.database) == before


def test_seeding_is_recorded_in_the_audit_trail(seeded: Toolbox) -> None:
    entries = seeded.audit.entries(by=SYSTEM_USER, entity="listing")
    assert len(entries) == 24
    assert {e.action for e in entries} == {"listing.add"} and {e.actor for e in entries} == {
        "system"
    }
    assert seeded.audit.verify(by=SYSTEM_USER).intact


def _new_listing(toolbox: Toolbox) -> Listing:
    return Listing(
        id="",
        regime_id="eu-cyber",
        kind=ListeeKind.PERSON,
        name="Test PERSON",
        listed_on=date(2026, 11, 20),
        grounds="Grounds as the Council gave them.",
        sources=("Council Implementing Regulation (EU) 2026/0000 (test)",),
        status=Verification.VERIFIED,
        country="RU",
        sponsor="RU",
        actors=(toolbox.sanctions.link_actor("Sandworm"),),
    )


def test_only_users_who_may_edit_the_register_can_add(seeded: Toolbox) -> None:
    before = dump(seeded.database)
    with pytest.raises(Forbidden, match="edit the sanctions register"):
        seeded.sanctions.add_listing(_new_listing(seeded), by=VIEWER)
    assert dump(seeded.database) == before


def test_adding_a_listing_is_audited_with_the_new_record(seeded: Toolbox) -> None:
    added = seeded.sanctions.add_listing(_new_listing(seeded), by=ANALYST)
    assert added.id == "test-person" and added.version == 1
    [entry] = seeded.audit.entries(by=SYSTEM_USER, entity="listing", key="test-person")
    assert entry.actor == "ana" and entry.action == "listing.add" and entry.before is None
    assert entry.after is not None and entry.after["name"] == "Test PERSON"
    assert seeded.sanctions.check("Person Test", by=SYSTEM_USER).listed


def test_a_listing_citing_an_unknown_incident_is_refused(seeded: Toolbox) -> None:
    draft = _new_listing(seeded).evolve(incidents=("no-such-incident",))
    with pytest.raises(InvalidInput, match="'no-such-incident' is not a stored incident's slug"):
        seeded.sanctions.add_listing(draft, by=ANALYST)


def test_an_incident_above_the_editors_clearance_is_cited_as_if_it_were_not_stored(
    seeded: Toolbox,
) -> None:
    document = {"title": "Closed reporting", "start": "2026-10-01", "types": ["espionage"]}
    secret = seeded.incidents.add(
        [{**document, "tlp": "red"}], source="test", by=SYSTEM_USER
    ).created[0]
    refusals = []
    for slug in (secret.slug, "no-such-incident"):
        with pytest.raises(InvalidInput) as refused:
            seeded.sanctions.add_listing(_new_listing(seeded).evolve(incidents=(slug,)), by=ANALYST)
        refusals.append(str(refused.value).replace(slug, "SLUG"))
    assert refusals[0] == refusals[1]
    # The same holds for the register's incident filter.
    errors = []
    for slug in (secret.slug, "no-such-incident"):
        with pytest.raises(NotFound) as missing:
            seeded.sanctions.list(incident=slug, by=ANALYST)
        errors.append(str(missing.value).replace(slug, "SLUG"))
    assert errors[0] == errors[1]
    assert seeded.sanctions.list(incident=secret.slug, by=SYSTEM_USER) == ()


def test_an_amendment_is_appended_and_audited_before_and_after(seeded: Toolbox) -> None:
    amendment = ListingAmendment(
        date(2026, 11, 24),
        "Implementing Regulation (test)",
        "Reasons updated.",
        ("src",),
        Verification.VERIFIED,
    )
    current = seeded.sanctions.get("chosun-expo", by=SYSTEM_USER)
    changes = current.evolve(grounds="Updated grounds.")
    amended = seeded.sanctions.amend(
        "chosun-expo", amendment, by=ANALYST, expected_version=1, changes=changes
    )
    assert amended.version == 2 and amended.grounds == "Updated grounds."
    assert amended.amendments[-1] == amendment
    [entry] = seeded.audit.entries(by=SYSTEM_USER, entity="listing", key="chosun-expo")[-1:]
    assert entry.action == "listing.amend"
    assert entry.before is not None and entry.after is not None
    assert entry.before["grounds"] != entry.after["grounds"] == "Updated grounds."
    with pytest.raises(Conflict):
        seeded.sanctions.amend("chosun-expo", amendment, by=ANALYST, expected_version=1)


def test_a_delisted_name_is_no_longer_listed(seeded: Toolbox) -> None:
    delisting = Delisting(
        date(2026, 11, 24),
        "Implementing Regulation (test)",
        "Died.",
        ("src",),
        Verification.VERIFIED,
    )
    seeded.sanctions.delist("maksim-galochkin", delisting, by=ANALYST)
    check = seeded.sanctions.check("Maksim Sergeevich GALOCHKIN", by=SYSTEM_USER)
    assert not check.listed and check.answer.startswith("Not listed now")
    assert check.matches[0].kind is MatchKind.NAME
    partly = seeded.sanctions.check("Maksim Galochkin", by=SYSTEM_USER)
    assert not partly.listed and partly.answer.startswith("Not listed now")
    entry = seeded.audit.entries(by=SYSTEM_USER, entity="listing", key="maksim-galochkin")[-1]
    assert entry.action == "listing.delist" and entry.after is not None
    assert entry.after["active"] is False
    with pytest.raises(InvalidInput, match="already delisted"):
        seeded.sanctions.delist("maksim-galochkin", delisting, by=ANALYST)


def test_recording_a_renewal_moves_the_review_date(seeded: Toolbox) -> None:
    renewal = Renewal(
        decided_on=PartialDate.parse("2026-05-11"),
        act="Council decision (test)",
        summary="Listings extended by one year.",
        sources=("src",),
        status=Verification.VERIFIED,
        listings_until=date(2027, 5, 18),
    )
    regime = seeded.sanctions.record_renewal(renewal, by=ANALYST)
    assert regime.listings_until == date(2027, 5, 18) and regime.version == 2
    [review] = seeded.sanctions.upcoming_reviews(date(2027, 4, 1), within_days=60, by=SYSTEM_USER)
    assert review.due == date(2027, 5, 18)
    with pytest.raises(InvalidInput, match="already recorded"):
        seeded.sanctions.record_renewal(renewal, by=ANALYST)


@pytest.mark.parametrize(
    "source",
    [
        "javascript:alert(document.cookie)",
        "data:text/html,<script>x</script>",
        "file:///etc/passwd",
        "https:no-host",
    ],
)
def test_renewals_and_delistings_take_citations_or_web_addresses_only(
    seeded: Toolbox, source: str
) -> None:
    renewal = Renewal(
        decided_on=PartialDate.parse("2026-05-11"),
        act="Council decision (test)",
        summary="Listings extended by one year.",
        sources=("Council Decision (CFSP) 2026/1043", source),
        status=Verification.VERIFIED,
        listings_until=date(2027, 5, 18),
    )
    with pytest.raises(InvalidInput, match=r"renewal `sources\[1\]`.*not an http or https URL"):
        seeded.sanctions.record_renewal(renewal, by=ANALYST)
    delisting = Delisting(
        date(2026, 11, 24),
        "Implementing Regulation (test)",
        "Died.",
        (source,),
        Verification.VERIFIED,
    )
    with pytest.raises(InvalidInput, match=r"delisting `sources\[0\]`.*not an http or https URL"):
        seeded.sanctions.delist("maksim-galochkin", delisting, by=ANALYST)
    # A citation, and a web address, are sources.
    fine = Delisting(
        date(2026, 11, 24),
        "Implementing Regulation (test)",
        "Died.",
        ("Note: see annex", "https://eur-lex.europa.eu/eli/reg_impl/2026/1200/oj"),
        Verification.VERIFIED,
    )
    seeded.sanctions.delist("maksim-galochkin", fine, by=ANALYST)
