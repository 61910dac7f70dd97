"""The gap rule as a pure function: which themes incidents call for, the severity and count each
gap carries, the documented order, and the documented table of themes per incident type."""

from __future__ import annotations

import re
from pathlib import Path

from cdtoolbox.model.capacity import (
    THEMES_FOR_INCIDENT_TYPE,
    CapacityProject,
    CapacityTheme,
    SufferedIncident,
    find_gaps,
)
from cdtoolbox.model.vocabulary import IncidentType, SeverityLevel

DOCS = Path(__file__).parents[2] / "docs" / "capacity.md"
ALL = tuple(CapacityTheme)


def _hit(state: str, kind: str, level: SeverityLevel) -> SufferedIncident:
    return SufferedIncident((state,), (kind,), level)


def test_every_incident_type_calls_for_a_theme_and_the_docs_table_says_the_same() -> None:
    assert set(THEMES_FOR_INCIDENT_TYPE) == {kind.value for kind in IncidentType}
    rows = re.findall(r"^\| `([a-z-]+)` \| ([^|]+) \|", DOCS.read_text(), re.MULTILINE)
    # Other tables of the page (the CSV columns) start with a code too: keep the types' rows.
    types = {kind.value for kind in IncidentType}
    documented = {
        kind: tuple(re.findall(r"`([a-z-]+)`", themes)) for kind, themes in rows if kind in types
    }
    assert documented == {
        kind: tuple(theme.value for theme in themes)
        for kind, themes in THEMES_FOR_INCIDENT_TYPE.items()
    }


def test_a_gap_counts_the_incidents_calling_for_its_theme_and_their_highest_severity() -> None:
    gaps = find_gaps(
        [
            _hit("KE", "ransomware", SeverityLevel.MEDIUM),
            _hit("KE", "ransomware", SeverityLevel.SEVERE),
            _hit("KE", "defacement", SeverityLevel.LOW),
        ],
        weak_cbm=(),
        projects=(),
        themes=ALL,
    )
    found = {gap.theme: gap for gap in gaps}
    assert set(found) == {
        CapacityTheme.INCIDENT_RESPONSE,
        CapacityTheme.CYBERCRIME_LAW,
        CapacityTheme.E_EVIDENCE,
        CapacityTheme.CRITICAL_INFRASTRUCTURE,
        CapacityTheme.SKILLS,
    }
    response = found[CapacityTheme.INCIDENT_RESPONSE]
    assert (response.incidents, response.worst) == (3, SeverityLevel.SEVERE)
    assert response.reason == "3 incidents, highest severe; no CSIRT and incident response project"
    skills = found[CapacityTheme.SKILLS]
    assert (skills.incidents, skills.worst) == (1, SeverityLevel.LOW)
    assert skills.reason == "1 incident, highest low; no skills and awareness project"


def test_gaps_are_ordered_by_severity_then_count_then_weak_cbm_then_state() -> None:
    gaps = find_gaps(
        [
            _hit("AA", "defacement", SeverityLevel.LOW),
            _hit("AA", "defacement", SeverityLevel.LOW),
            _hit("AA", "defacement", SeverityLevel.LOW),
            _hit("BB", "wiper", SeverityLevel.CRITICAL),
            _hit("CC", "defacement", SeverityLevel.LOW),
            _hit("DD", "defacement", SeverityLevel.LOW),
        ],
        weak_cbm=("DD",),
        projects=(),
        themes=(CapacityTheme.INCIDENT_RESPONSE,),
    )
    assert [gap.state for gap in gaps] == ["BB", "AA", "DD", "CC"]


def test_a_project_in_the_theme_closes_the_gap_and_a_region_narrows() -> None:
    project = CapacityProject(
        id="csirt-ke",
        title="CSIRT for Kenya",
        funder="European Union",
        themes=(CapacityTheme.INCIDENT_RESPONSE,),
        sources=("https://example.org",),
        partner_countries=("KE",),
    )
    suffered = [_hit("KE", "ddos", SeverityLevel.HIGH), _hit("GH", "ddos", SeverityLevel.HIGH)]
    gaps = find_gaps(suffered, (), [project], (CapacityTheme.INCIDENT_RESPONSE,))
    assert [gap.state for gap in gaps] == ["GH"]
    assert find_gaps(suffered, (), [], ALL, states=("KE",))[0].state == "KE"
    assert all(g.state == "KE" for g in find_gaps(suffered, (), [], ALL, states=("KE",)))


def test_weak_cbm_implementation_calls_for_cyber_diplomacy_only() -> None:
    [gap] = find_gaps([], ("KZ",), (), ALL)
    assert (gap.theme, gap.incidents, gap.worst) == (CapacityTheme.CYBER_DIPLOMACY, 0, None)
    assert gap.reason == "weak CBM implementation; no cyber diplomacy and norms project"


def test_a_provider_of_capacity_building_has_no_gap() -> None:
    gaps = find_gaps(
        [
            _hit("US", "ransomware", SeverityLevel.SEVERE),
            _hit("KE", "ransomware", SeverityLevel.LOW),
        ],
        weak_cbm=("DE", "TZ"),
        projects=(),
        themes=ALL,
        providers=("US", "DE"),
    )
    assert {gap.state for gap in gaps} == {"KE", "TZ"}
