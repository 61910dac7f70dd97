"""StatisticsRepository.summary and .coverage: SQL aggregates equal counting the incidents by
hand."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from store_factories import ACTORS, reference_incidents, save

from cdtoolbox.model import Incident, IncidentFilter, IncidentType, Tlp
from cdtoolbox.store import Database

SPONSORS = {actor.id: actor.sponsor for actor in ACTORS}

FILTERS = [
    pytest.param(IncidentFilter(), id="everything"),
    pytest.param(IncidentFilter(victim_countries=("UA",)), id="country"),
    pytest.param(IncidentFilter(since=date(2015, 1, 1)), id="since"),
    pytest.param(IncidentFilter(sponsors=("RU",)), id="sponsor"),
    pytest.param(IncidentFilter(types=(IncidentType.DDOS,), victim_countries=("IR",)), id="none"),
]


def by_hand(incidents: list[Incident]) -> dict[str, Counter[object]]:
    years: Counter[object] = Counter()
    types: Counter[object] = Counter()
    countries: Counter[object] = Counter()
    sponsors: Counter[object] = Counter()
    actors: Counter[object] = Counter()
    for incident in incidents:
        for kind in incident.types:
            types[kind.value] += 1
            if incident.start is not None:
                years[(incident.start.value.year, kind.value)] += 1
        countries.update(incident.victim_countries)
        linked = {*incident.actor_ids, *(a.actor_id for a in incident.attributions if a.actor_id)}
        actors.update(linked)
        states = set(incident.attributed_states)
        states.update(SPONSORS[actor] for actor in linked if SPONSORS.get(actor))
        sponsors.update(states)
    return {
        "years": years,
        "types": types,
        "countries": countries,
        "sponsors": sponsors,
        "actors": actors,
    }


@pytest.mark.parametrize("query", FILTERS)
def test_summary_counts_like_a_person_would(database: Database, query: IncidentFilter) -> None:
    save(database, *reference_incidents())
    with database.read() as store:
        matching = list(store.incidents.list(query, limit=1000).items)
        summary = store.statistics.summary(query, top=100)
    expected = by_hand(matching)
    assert summary.total == len(matching)
    assert summary.undated == sum(1 for incident in matching if incident.start is None)
    years = Counter({(row.year, row.type): row.incidents for row in summary.by_year_and_type})
    assert years == expected["years"]
    assert Counter({r.key: r.incidents for r in summary.by_type}) == expected["types"]
    countries = Counter({row.key: row.incidents for row in summary.by_victim_country})
    assert countries == expected["countries"]
    assert Counter({r.key: r.incidents for r in summary.by_sponsor}) == expected["sponsors"]
    assert Counter({r.key: r.incidents for r in summary.by_actor}) == expected["actors"]


def test_lists_run_from_most_to_fewest_and_top_bounds_them(database: Database) -> None:
    save(database, *reference_incidents())
    with database.read() as store:
        summary = store.statistics.summary(IncidentFilter(), top=1)
    assert [row.key for row in summary.by_sponsor] == ["RU"]  # notpetya, bundestag, grid
    assert [(row.key, row.label) for row in summary.by_actor] == [("sandworm", "Sandworm")]
    counts = [row.incidents for row in summary.by_victim_country]
    assert counts == sorted(counts, reverse=True)
    assert summary.years == (2009, 2015, 2017, 2019)


def test_an_empty_store_has_no_figures(database: Database) -> None:
    with database.read() as store:
        summary = store.statistics.summary(IncidentFilter())
    assert summary.total == 0 and summary.years == () and summary.by_actor == ()


@pytest.mark.parametrize("clearance", list(Tlp))
def test_coverage_counts_sectors_and_finds_the_highest_marking_within_a_clearance(
    database: Database, clearance: Tlp
) -> None:
    save(database, *reference_incidents())
    query = IncidentFilter(max_tlp=clearance)
    with database.read() as store:
        matching = list(store.incidents.list(query, limit=1000).items)
        coverage = store.statistics.coverage(query)
    assert matching, "every clearance reads at least the TLP:CLEAR incidents"
    sectors = Counter(sector for incident in matching for sector in incident.victim_sectors)
    assert Counter({row.key: row.incidents for row in coverage.by_sector}) == sectors
    counts = [row.incidents for row in coverage.by_sector]
    assert counts == sorted(counts, reverse=True)
    assert coverage.highest_tlp == max((i.tlp for i in matching), key=lambda tlp: tlp.rank)
    updated = [i.updated_at.replace(tzinfo=None) for i in matching if i.updated_at]
    last = coverage.last_updated
    assert (last.replace(tzinfo=None) if last else None) == max(updated, default=None)


def test_the_coverage_of_nothing_has_no_marking(database: Database) -> None:
    with database.read() as store:
        coverage = store.statistics.coverage(IncidentFilter())
    assert (coverage.by_sector, coverage.highest_tlp, coverage.last_updated) == ((), None, None)
