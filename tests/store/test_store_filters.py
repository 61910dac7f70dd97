"""IncidentRepository.list and count: every filter, alone and combined."""

from __future__ import annotations

from datetime import date

import pytest
from store_factories import reference_incidents, save

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model import IncidentFilter, IncidentType, Tlp
from cdtoolbox.store import Database

ALL = {
    "stuxnet",
    "notpetya",
    "ukraine-grid-2015",
    "bundestag-2015",
    "undated-leak",
    "energy-services-ddos",
}

CASES: list[tuple[str, IncidentFilter, set[str]]] = [
    ("no filter", IncidentFilter(), ALL),
    (
        "types are OR-ed",
        IncidentFilter(types=(IncidentType.WIPER, IncidentType.ESPIONAGE)),
        {"notpetya", "bundestag-2015"},
    ),
    (
        "filters are AND-ed",
        IncidentFilter(types=(IncidentType.SABOTAGE,), victim_countries=("UA",)),
        {"ukraine-grid-2015"},
    ),
    (
        "period overlaps since..until",
        IncidentFilter(since=date(2015, 6, 15), until=date(2015, 12, 31)),
        {"bundestag-2015", "ukraine-grid-2015"},
    ),
    ("since alone", IncidentFilter(since=date(2016, 1, 1)), {"notpetya", "energy-services-ddos"}),
    (
        "a year-precision end runs to 31 December",
        IncidentFilter(since=date(2010, 12, 31)),
        ALL - {"undated-leak"},
    ),
    (
        "and no further",
        IncidentFilter(since=date(2011, 1, 1)),
        ALL - {"undated-leak", "stuxnet"},
    ),
    (
        "a month-precision start begins on the 1st",
        IncidentFilter(until=date(2009, 6, 1)),
        {"stuxnet"},
    ),
    ("nothing before", IncidentFilter(until=date(2009, 5, 31)), set()),
    (
        "victim countries are OR-ed",
        IncidentFilter(victim_countries=("IR", "FR")),
        {"stuxnet", "undated-leak"},
    ),
    (
        "a sector includes its sub-sectors only",
        IncidentFilter(sectors=("energy",)),
        {"stuxnet", "notpetya", "ukraine-grid-2015"},
    ),
    (
        "a sub-sector",
        IncidentFilter(sectors=("energy.electricity",)),
        {"notpetya", "ukraine-grid-2015"},
    ),
    ("a sector id is not a pattern", IncidentFilter(sectors=("energ_",)), set()),
    (
        "sectors are OR-ed",
        IncidentFilter(sectors=("media", "government")),
        {"undated-leak", "bundestag-2015"},
    ),
    ("actor", IncidentFilter(actor_ids=("sandworm",)), {"notpetya", "ukraine-grid-2015"}),
    (
        "actor named only in an attribution",
        IncidentFilter(actor_ids=("apt28",)),
        {"bundestag-2015"},
    ),
    (
        "sponsor through actor or attribution",
        IncidentFilter(sponsors=("RU",)),
        {"notpetya", "ukraine-grid-2015", "bundestag-2015"},
    ),
    ("sponsor through an actor only", IncidentFilter(sponsors=("US",)), {"stuxnet"}),
    ("sponsor through an attribution only", IncidentFilter(sponsors=("CN",)), {"undated-leak"}),
    ("sponsors are OR-ed", IncidentFilter(sponsors=("US", "CN")), {"stuxnet", "undated-leak"}),
    (
        "exact markings",
        IncidentFilter(tlp=(Tlp.GREEN, Tlp.AMBER)),
        {"notpetya", "ukraine-grid-2015"},
    ),
    (
        "clearance hides more restricted incidents",
        IncidentFilter(max_tlp=Tlp.AMBER),
        ALL - {"bundestag-2015", "undated-leak"},
    ),
    ("clearance CLEAR", IncidentFilter(max_tlp=Tlp.CLEAR), {"stuxnet", "energy-services-ddos"}),
    ("text finds a stemmed word", IncidentFilter(text="centrifuge"), {"stuxnet"}),
    ("text is case-insensitive", IncidentFilter(text="NATANZ"), {"stuxnet"}),
    ("text searches victim organisations", IncidentFilter(text="Bundestag"), {"bundestag-2015"}),
    ("text searches source titles", IncidentFilter(text="reuters"), {"undated-leak"}),
    ("text searches actor aliases", IncidentFilter(text="fancy bear"), {"bundestag-2015"}),
    (
        "text searches actor names",
        IncidentFilter(text="Sandworm"),
        {"notpetya", "ukraine-grid-2015"},
    ),
    ("every word must match", IncidentFilter(text="sandworm substations"), {"ukraine-grid-2015"}),
    ("text without a match", IncidentFilter(text="quantum"), set()),
    ("text without words is no filter", IncidentFilter(text=" *** "), ALL),
    (
        "text with other filters",
        IncidentFilter(text="sandworm", victim_countries=("DE",), max_tlp=Tlp.GREEN),
        {"notpetya"},
    ),
]


@pytest.fixture
def reference_database(database: Database) -> Database:
    save(database, *reference_incidents())
    return database


@pytest.mark.parametrize(
    ("query", "expected"), [pytest.param(q, e, id=name) for name, q, e in CASES]
)
def test_filter(reference_database: Database, query: IncidentFilter, expected: set[str]) -> None:
    with reference_database.read() as store:
        page = store.incidents.list(query, limit=100)
        count = store.incidents.count(query)
    assert {item.id for item in page.items} == expected
    assert count == page.total == len(expected)
    assert page.next_cursor is None


def test_a_period_that_ends_before_it_starts_is_refused(database: Database) -> None:
    query = IncidentFilter(since=date(2020, 1, 1), until=date(2019, 1, 1))
    with database.read() as store, pytest.raises(InvalidInput) as refused:
        store.incidents.list(query)
    assert refused.value.field == "since"
    assert str(refused.value) == "query `since`: '2020-01-01' is after `until` (2019-01-01)"
