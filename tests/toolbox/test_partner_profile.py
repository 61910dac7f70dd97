"""A partner country's profile on SQLite and PostgreSQL: its projects and budget per year, its
CBM implementation, the incidents it suffered and those attributed to it with their severity,
its points of contact — each read within the reader's TLP and EU classification clearances."""

from __future__ import annotations

import pytest

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.capacity import CapacityTheme
from cdtoolbox.model.cooperation import ImplementationStatus
from cdtoolbox.model.partner_profile import BudgetYear
from cdtoolbox.model.vocabulary import Classification, SeverityLevel, Tlp
from cdtoolbox.toolbox import Toolbox

_SOURCE = ["https://example.org/project"]
_ADVISORY = {"title": "CERT advisory", "url": "https://example.org/advisory"}


def _user(toolbox: Toolbox, name: str, clearance: Tlp, level: Classification | None = None) -> User:
    return toolbox.users.add(
        by=SYSTEM_USER,
        username=name,
        display_name=name,
        role=Role.ANALYST,
        clearance=clearance,
        classification_clearance=level,
    )


def _incident(toolbox: Toolbox, title: str, **fields: object) -> None:
    document = {
        "title": title,
        "start": "2024-03",
        "types": ["wiper"],
        "summary": "A wiper destroyed the data of the national grid operator.",
        "victims": {"countries": ["MD"], "sectors": ["energy"]},
        "sources": [_ADVISORY],
        **fields,
    }
    toolbox.incidents.add([document], source="tests", by=SYSTEM_USER)


def _project(toolbox: Toolbox, title: str, **fields: object) -> None:
    toolbox.capacity.add(
        by=SYSTEM_USER,
        title=title,
        funder="European Union",
        themes=fields.pop("themes", ["incident-response"]),  # type: ignore[arg-type]
        partner_countries=["MD"],
        sources=_SOURCE,
        **fields,  # type: ignore[arg-type]
    )


def test_a_profile_gathers_projects_cbms_incidents_and_contacts(toolbox: Toolbox) -> None:
    _project(
        toolbox,
        "Moldova CSIRT",
        themes=["incident-response", "crisis-management"],
        budget_eur=3_000_001,
        starts_on="2025-03-01",
        ends_on="2027-02-28",
    )
    _project(toolbox, "Moldova cybercrime law", themes=["cybercrime-law"])
    _project(toolbox, "Moldova skills", themes=["skills"], budget_eur=500, starts_on="2026-01-01")
    measures = [m.id for m in toolbox.cbms.measures("osce", by=SYSTEM_USER)][:2]
    toolbox.cbms.record("MD", measures[0], status="implemented", by=SYSTEM_USER)
    toolbox.cbms.record("MD", measures[1], status="planned", by=SYSTEM_USER)
    _incident(toolbox, "Grid wiper")
    _incident(
        toolbox,
        "Election leak",
        types=["hack-and-leak"],
        summary="Leaked e-mails of a party.",
        victims={"countries": ["RO"], "sectors": ["government"]},
        attributions=[{"by": {"kind": "state", "name": "Romania"}, "state": "MD"}],
    )
    toolbox.pocs.add(
        by=SYSTEM_USER,
        state="MD",
        network="osce",
        level="technical",
        organisation="CERT-MD",
        channel="e-mail",
    )

    profile = toolbox.capacity.partner_profile("Moldova", by=SYSTEM_USER)

    assert (profile.country, profile.name) == ("MD", "Moldova")
    assert [p.title for p in profile.projects] == [
        "Moldova CSIRT",
        "Moldova cybercrime law",
        "Moldova skills",
    ]
    assert dict(profile.themes) == {
        CapacityTheme.INCIDENT_RESPONSE: 1,
        CapacityTheme.CYBERCRIME_LAW: 1,
        CapacityTheme.CRISIS_MANAGEMENT: 1,
        CapacityTheme.SKILLS: 1,
    }
    # EUR 3,000,001 over 2025, 2026 and 2027: the euro left over goes to the first year.
    assert profile.budget.years == (
        BudgetYear(2025, 1_000_001, 1),
        BudgetYear(2026, 1_000_000, 1),
        BudgetYear(2027, 1_000_000, 1),
    )
    assert profile.budget.unbudgeted == ("moldova-cybercrime-law",)
    assert profile.budget.undated == ("moldova-skills",) and profile.budget.undated_eur == 500
    assert profile.budget.total_eur == 3_000_501
    counts = dict(profile.cbm_counts)
    assert counts[ImplementationStatus.IMPLEMENTED] == 1
    assert counts[ImplementationStatus.PLANNED] == 1
    assert sum(counts.values()) == len(profile.cbm.measure_ids)
    [suffered] = profile.suffered
    assert suffered.incident.title == "Grid wiper"
    # The level the engine's assessment of the same incident gives.
    assessed = toolbox.assessments.assess(suffered.incident.slug, by=SYSTEM_USER)
    assert suffered.severity is assessed.severity.level is not SeverityLevel.UNKNOWN
    assert profile.highest_suffered is suffered.severity
    [attributed] = profile.attributed
    assert attributed.incident.title == "Election leak" and attributed.officially_attributed
    assert [c.organisation for c in profile.contacts] == ["CERT-MD"]
    # Never verified: due for a check.
    assert profile.stale_contacts == {profile.contacts[0].id}
    assert not profile.is_empty


def test_a_profile_shows_only_what_the_reader_is_cleared_for(toolbox: Toolbox) -> None:
    _project(
        toolbox, "Restricted project", tlp="amber", classification="RESTREINT UE/EU RESTRICTED"
    )
    _incident(toolbox, "Amber wiper", tlp="amber")
    toolbox.cbms.record(
        "MD",
        next(iter(toolbox.cbms.measures("osce", by=SYSTEM_USER))).id,
        status="implemented",
        tlp="amber",
        by=SYSTEM_USER,
    )
    toolbox.pocs.add(
        by=SYSTEM_USER,
        state="MD",
        network="osce",
        level="technical",
        organisation="CERT-MD",
        channel="e-mail",
        tlp="amber",
    )
    green = _user(toolbox, "gre", Tlp.GREEN)
    # Cleared for the marking but not for the classification: the project stays hidden.
    amber = _user(toolbox, "amb", Tlp.AMBER)
    cleared = _user(toolbox, "res", Tlp.AMBER, Classification.RESTREINT_UE)

    hidden = toolbox.capacity.partner_profile("MD", by=green)
    assert hidden.is_empty and hidden.budget.years == () and hidden.highest_suffered is None
    partial = toolbox.capacity.partner_profile("MD", by=amber)
    assert partial.projects == () and len(partial.suffered) == 1 and len(partial.contacts) == 1
    assert len(partial.cbm.records) == 1
    assert [p.title for p in toolbox.capacity.partner_profile("MD", by=cleared).projects] == [
        "Restricted project"
    ]


def test_a_country_with_nothing_on_record_has_an_honest_empty_profile(toolbox: Toolbox) -> None:
    profile = toolbox.capacity.partner_profile("IS", by=SYSTEM_USER)
    assert profile.is_empty and profile.name == "Iceland"
    assert profile.budget.years == () and profile.budget.total_eur == 0
    assert profile.themes == () and profile.highest_attributed is None
    # Nothing recorded still lists the measures the State is expected to report on.
    assert dict(profile.cbm_counts)[ImplementationStatus.NOT_REPORTED] == len(
        profile.cbm.measure_ids
    )


@pytest.mark.parametrize("country", ["Atlantis", "", "ZZ"])
def test_an_unknown_country_is_refused_naming_the_field(toolbox: Toolbox, country: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        toolbox.capacity.partner_profile(country, by=SYSTEM_USER)
    assert (refused.value.entity, refused.value.field) == ("partner profile", "country")
