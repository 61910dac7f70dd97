"""SanctionRepository: regimes and listings, their indexes, filters and optimistic versions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cdtoolbox.errors import Conflict, InvalidInput, NotFound
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.knowledge.listed_names import name_keys
from cdtoolbox.model import Verification
from cdtoolbox.model.sanctions import Delisting, ListeeKind, ListingFilter
from cdtoolbox.store import Database, dump

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
LATER = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
APT10 = "56b37b05-72e7-4a89-ba8a-61ce45269a8c"


@pytest.fixture
def register(database: Database, knowledge: KnowledgeBase) -> Database:
    bundled = knowledge.sanctions
    with database.transaction() as store:
        store.sanctions.add_regime(bundled.regime, NOW)
        for listing in bundled.listings:
            store.sanctions.add(listing, NOW)
    return database


def _ids(listings: object) -> list[str]:
    return [listing.id for listing in listings]  # type: ignore[attr-defined]


def test_listings_and_the_regime_read_back_as_written(
    register: Database, knowledge: KnowledgeBase
) -> None:
    bundled = knowledge.sanctions
    with register.read() as store:
        assert store.sanctions.get_regime("eu-cyber") == bundled.regime
        gao = store.sanctions.get("gao-qiang")
        assert gao == bundled.listing("gao-qiang").evolve(created_at=NOW, updated_at=NOW)
        assert len(store.sanctions.list()) == len(bundled.listings) == 24


def test_filters_run_in_sql(register: Database) -> None:
    with register.read() as store:
        listings = store.sanctions
        assert _ids(listings.list(ListingFilter(incident="wannacry-2017"))) == ["chosun-expo"]
        assert len(listings.list(ListingFilter(sponsor="RU"))) == 15
        assert _ids(listings.list(ListingFilter(actor_ids=(APT10,)))) == [
            "gao-qiang",
            "huaying-haitai",
            "zhang-shilong",
        ]
        in_2020 = listings.list(ListingFilter(since=date(2020, 1, 1), until=date(2020, 12, 31)))
        assert len(in_2020) == 12
        assert {x.listed_on for x in in_2020} == {date(2020, 7, 30), date(2020, 10, 22)}
        entities = listings.list(ListingFilter(kind=ListeeKind.ENTITY))
        assert len(entities) == 7 and all(x.kind is ListeeKind.ENTITY for x in entities)
        assert len(listings.list(ListingFilter(active=False))) == 0


def test_names_are_found_by_any_spelling_of_any_name(register: Database) -> None:
    with register.read() as store:
        found = store.sanctions.named(name_keys("Qiang GAO"))
        assert [(listing.id, name) for listing, name in found] == [("gao-qiang", "GAO Qiang")]
        found = store.sanctions.named(name_keys("korea export joint-venture"))
        assert [(listing.id, name) for listing, name in found] == [
            ("chosun-expo", "Korea Export Joint Venture")
        ]
        assert store.sanctions.named(name_keys("Nobody Atall")) == ()
        assert ("alexey-minin", "Alexey Valeryevich MININ") in store.sanctions.names()


def test_an_update_rewrites_the_indexes_and_bumps_the_version(register: Database) -> None:
    with register.transaction() as store:
        current = store.sanctions.get("chosun-expo")
        changed = current.evolve(aliases=("Chosen Expo",), incidents=("sony-pictures-2014",))
        stored = store.sanctions.update(changed, current.version, LATER)
    assert stored.version == 2 and stored.updated_at == LATER and stored.created_at == NOW
    with register.read() as store:
        assert store.sanctions.named(name_keys("Korea Export Joint Venture")) == ()
        assert store.sanctions.list(ListingFilter(incident="wannacry-2017")) == ()
        assert store.sanctions.get("chosun-expo") == stored


def test_a_delisted_listing_is_no_longer_active(register: Database) -> None:
    delisting = Delisting(date(2027, 1, 1), "act", "reason", ("source",), Verification.VERIFIED)
    with register.transaction() as store:
        current = store.sanctions.get("mykola-chernykh")
        store.sanctions.update(current.evolve(delisting=delisting), current.version, LATER)
    with register.read() as store:
        assert _ids(store.sanctions.list(ListingFilter(active=False))) == ["mykola-chernykh"]


def test_a_stale_version_is_a_conflict_and_changes_nothing(register: Database) -> None:
    before = dump(register)
    with pytest.raises(Conflict, match="version 1"), register.transaction() as store:
        current = store.sanctions.get("gao-qiang")
        store.sanctions.update(current.evolve(grounds="changed"), 7, LATER)
    with pytest.raises(Conflict), register.transaction() as store:
        regime = store.sanctions.get_regime("eu-cyber")
        store.sanctions.update_regime(regime.evolve(name="changed"), 3, LATER)
    assert dump(register) == before


def test_refusals(register: Database, knowledge: KnowledgeBase) -> None:
    gao = knowledge.sanctions.listing("gao-qiang")
    with pytest.raises(InvalidInput, match="already in the register"), register.transaction() as s:
        s.sanctions.add(gao, LATER)
    with pytest.raises(InvalidInput, match="not a known regime"), register.transaction() as s:
        s.sanctions.add(gao.evolve(id="someone-else", regime_id="eu-other"), LATER)
    with pytest.raises(NotFound, match="no listing matches 'nobody'"), register.read() as s:
        s.sanctions.get("nobody")
    with pytest.raises(NotFound), register.read() as s:
        s.sanctions.get_regime("eu-other")
