"""The capacity-building register on SQLite and PostgreSQL: the bundled projects, projects
added under a marking and a classification, what is refused (field, value and reason, nothing
written), and the gaps: States with incidents or weak CBM implementation and no project in a
theme."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cdtoolbox.errors import Forbidden, ImportRejected, InvalidInput, NotFound
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import IncidentFilter
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.capacity import CapacityTheme, ProjectStatus, themes_for
from cdtoolbox.model.vocabulary import Classification, Tlp
from cdtoolbox.toolbox import Settings, Toolbox

_SOURCE = ["https://example.org/project"]


def _user(
    toolbox: Toolbox,
    name: str,
    role: Role,
    clearance: Tlp,
    classification: Classification | None = None,
) -> User:
    return toolbox.users.add(
        by=SYSTEM_USER,
        username=name,
        display_name=name,
        role=role,
        clearance=clearance,
        classification_clearance=classification,
    )


def _incident(toolbox: Toolbox, country: str, title: str, tlp: str = "clear") -> None:
    document = {
        "title": title,
        "start": "2024-03",
        "types": ["ransomware"],
        "summary": "Ransomware disrupted a ministry.",
        "victims": {"countries": [country], "sectors": ["government"]},
        "sources": [{"title": "CERT advisory", "url": "https://example.org/advisory"}],
        "tlp": tlp,
    }
    toolbox.incidents.add([document], source="tests", by=SYSTEM_USER)


def _written(toolbox: Toolbox) -> tuple[int, int]:
    return (
        len(toolbox.capacity.list(by=SYSTEM_USER)),
        len(toolbox.audit.entries(by=SYSTEM_USER)),
    )


def test_seeding_stores_the_bundled_projects_once_each_audited(toolbox: Toolbox) -> None:
    bundled = len(toolbox.knowledge.capacity)
    assert bundled >= 15
    assert toolbox.capacity.seed() == bundled
    assert toolbox.capacity.seed() == 0
    entries = toolbox.audit.entries(by=SYSTEM_USER, entity="capacity project")
    assert len(entries) == bundled
    assert {e.action for e in entries} == {"capacity.project.add"}
    cybereast = toolbox.capacity.get("cybereast", by=SYSTEM_USER)
    assert cybereast.budget_eur == 4_222_222 and "UA" in cybereast.partner_countries
    # A budget the reference marks unverified is left out and said to be not confirmed.
    glacy_e = toolbox.capacity.get("glacy-e", by=SYSTEM_USER)
    assert glacy_e.budget_eur is None and glacy_e.note and "not confirmed" in glacy_e.note
    balkans = {p.id for p in toolbox.capacity.list(by=SYSTEM_USER, region="western-balkans")}
    assert {"iproceeds-2", "cybersee"} <= balkans and "glacy" not in balkans
    evidence = toolbox.capacity.list(by=SYSTEM_USER, theme="e-evidence", partner="Serbia")
    assert {p.id for p in evidence} == {"iproceeds-2", "cybersee"}
    assert all(
        p.status is ProjectStatus.COMPLETED
        for p in toolbox.capacity.list(by=SYSTEM_USER, status="completed")
    )


def test_a_project_added_is_audited_and_read_only_by_those_cleared(toolbox: Toolbox) -> None:
    analyst = _user(toolbox, "ana", Role.ANALYST, Tlp.AMBER_STRICT, Classification.RESTREINT_UE)
    reader = _user(toolbox, "rea", Role.VIEWER, Tlp.GREEN)
    project = toolbox.capacity.add(
        by=analyst,
        title="Cyber resilience for Moldova",
        funder="European Union",
        themes=["incident-response", "crisis-management"],
        partner_countries=["Moldova"],
        budget_eur=1_500_000,
        starts_on="2025-01-01",
        ends_on="2027-12-31",
        status="ongoing",
        sources=_SOURCE,
        tlp="amber",
        classification="RESTREINT UE/EU RESTRICTED",
    )
    assert project.id == "cyber-resilience-for-moldova" and project.partner_countries == ("MD",)
    assert project.recorded_by == "ana" and project.version == 1
    [entry] = toolbox.audit.entries(by=SYSTEM_USER, entity="capacity project")
    assert entry.after is not None and entry.after["budget_eur"] == 1_500_000
    assert toolbox.capacity.get(project.id, by=analyst) == project
    with pytest.raises(NotFound):
        toolbox.capacity.get(project.id, by=reader)
    assert toolbox.capacity.list(by=reader) == ()
    # Cleared for the marking but not for the classification: still not there.
    amber = _user(toolbox, "amb", Role.VIEWER, Tlp.AMBER_STRICT)
    assert toolbox.capacity.list(by=amber) == ()
    with pytest.raises(Forbidden):
        toolbox.capacity.add(
            by=reader,
            title="x",
            funder="EU",
            themes=["skills"],
            partner_countries=["MD"],
            sources=_SOURCE,
        )


@pytest.mark.parametrize(
    ("changes", "field", "value"),
    [
        ({"budget_eur": -1}, "budget_eur", -1),
        ({"starts_on": "2025-06-01", "ends_on": "2025-01-01"}, "ends_on", "2025-01-01"),
        ({"partner_countries": ["Atlantis"]}, "partner_countries", "Atlantis"),
        ({"region": "middle-earth"}, "region", "middle-earth"),
        ({"themes": ["gardening"]}, "themes", "gardening"),
        ({"themes": []}, "themes", None),
        ({"starts_on": "next spring"}, "starts_on", "next spring"),
        ({"sources": ["not a web address"]}, "sources", "not a web address"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_writing_nothing(
    toolbox: Toolbox, changes: dict[str, object], field: str, value: object
) -> None:
    given: dict[str, object] = {
        "title": "Cyber skills for Georgia",
        "funder": "European Union",
        "themes": ["skills"],
        "partner_countries": ["GE"],
        "sources": _SOURCE,
    }
    before = _written(toolbox)
    with pytest.raises(InvalidInput) as refused:
        toolbox.capacity.add(by=SYSTEM_USER, **{**given, **changes})  # type: ignore[arg-type]
    assert refused.value.field == field and refused.value.value == value
    assert _written(toolbox) == before


def test_gaps_name_states_with_incidents_and_no_project_in_the_theme(toolbox: Toolbox) -> None:
    toolbox.capacity.seed()
    _incident(toolbox, "RS", "Ransomware against a Serbian ministry")
    _incident(toolbox, "RS", "Second ransomware against a Serbian ministry")
    _incident(toolbox, "KE", "Ransomware against a Kenyan ministry")
    _incident(toolbox, "TZ", "Secret incident in Tanzania", tlp="red")
    reader = _user(toolbox, "rea", Role.VIEWER, Tlp.GREEN)
    gaps = toolbox.capacity.gaps(by=reader)
    by_state: dict[str, set[CapacityTheme]] = {}
    for gap in gaps:
        by_state.setdefault(gap.state, set()).add(gap.theme)
    # Ransomware calls for incident response, cybercrime law, e-evidence and the protection of
    # critical infrastructure; Serbia is served in all but the last.
    called = set(themes_for(["ransomware"]))
    assert called == {
        CapacityTheme.INCIDENT_RESPONSE,
        CapacityTheme.CYBERCRIME_LAW,
        CapacityTheme.E_EVIDENCE,
        CapacityTheme.CRITICAL_INFRASTRUCTURE,
    }
    assert by_state["RS"] == {CapacityTheme.CRITICAL_INFRASTRUCTURE}
    assert by_state["KE"] == called
    assert "TZ" not in by_state  # its incident is above the reader's clearance
    serbia = next(g for g in gaps if g.state == "RS")
    serbian = toolbox.incidents.list(IncidentFilter(victim_countries=("RS",)), by=reader).items
    worst = max(
        (toolbox.assessments.assess(i.id, by=reader).severity.level for i in serbian),
        key=lambda level: level.rank,
    )
    assert serbia.incidents == 2 and serbia.worst is worst
    assert serbia.reason == (
        f"2 incidents, highest {worst.value}; no critical-infrastructure protection project"
    )
    narrowed = toolbox.capacity.gaps(
        by=reader, region="western-balkans", theme="critical-infrastructure"
    )
    assert [(g.state, g.theme) for g in narrowed] == [("RS", CapacityTheme.CRITICAL_INFRASTRUCTURE)]
    assert toolbox.capacity.gaps(by=reader, region="western-balkans", theme="e-evidence") == ()
    assert toolbox.capacity.gaps(by=reader, theme="skills") == ()  # ransomware does not call for it
    with pytest.raises(InvalidInput) as refused:
        toolbox.capacity.gaps(by=reader, region="narnia")
    assert refused.value.field == "region"


def test_gaps_put_the_highest_severity_first_then_the_most_incidents(toolbox: Toolbox) -> None:
    # Two minor defacements against Kenya, one destructive attack on Chile's power grid.
    for number in (1, 2):
        toolbox.incidents.add(
            [
                {
                    "title": f"Defacement {number} of a Kenyan municipal website",
                    "start": "2024-05",
                    "types": ["defacement"],
                    "summary": "A municipal website was defaced for an hour.",
                    "victims": {"countries": ["KE"], "sectors": ["government"]},
                    "sources": [{"title": "News", "url": "https://example.org/news"}],
                }
            ],
            source="tests",
            by=SYSTEM_USER,
        )
    toolbox.incidents.add(
        [
            {
                "title": "Wiper attack cuts power across Chile",
                "start": "2024-06",
                "types": ["wiper", "sabotage"],
                "summary": "A wiper destroyed the grid operator's control systems and cut "
                "power to 2 million people for three days.",
                "victims": {"countries": ["CL"], "sectors": ["energy"]},
                "sources": [{"title": "CSIRT", "url": "https://example.org/csirt"}],
            }
        ],
        source="tests",
        by=SYSTEM_USER,
    )
    [chile, kenya] = [g for g in toolbox.capacity.gaps(by=SYSTEM_USER, theme="incident-response")]
    assert (chile.state, chile.incidents) == ("CL", 1)
    assert (kenya.state, kenya.incidents) == ("KE", 2)
    assert chile.worst is not None and kenya.worst is not None
    assert chile.worst.rank > kenya.worst.rank  # severity outweighs the count


def test_gaps_read_only_incidents_the_reader_may_read(toolbox: Toolbox) -> None:
    toolbox.incidents.add(
        [
            {
                "title": "Classified intrusion in Peru",
                "start": "2024-03",
                "types": ["espionage"],
                "summary": "An intrusion into a ministry.",
                "victims": {"countries": ["PE"], "sectors": ["government"]},
                "sources": [{"title": "Report", "url": "https://example.org/report"}],
                "tlp": "clear",
                "classification": "restreint-ue",
            }
        ],
        source="tests",
        by=SYSTEM_USER,
    )
    cleared = _user(toolbox, "ana", Role.ANALYST, Tlp.RED, Classification.RESTREINT_UE)
    uncleared = _user(toolbox, "vie", Role.VIEWER, Tlp.RED)
    assert "PE" in {g.state for g in toolbox.capacity.gaps(by=cleared)}
    assert "PE" not in {g.state for g in toolbox.capacity.gaps(by=uncleared)}


def test_weak_cbm_implementation_makes_a_gap_without_incidents(toolbox: Toolbox) -> None:
    measures = [m.id for m in toolbox.cbms.measures("osce", by=SYSTEM_USER)][:3]
    for measure, status in zip(measures, ["planned", "not-reported", "implemented"], strict=True):
        toolbox.cbms.record("KZ", measure, status=status, by=SYSTEM_USER)
    [gap] = toolbox.capacity.gaps(by=SYSTEM_USER, theme="cyber-diplomacy")
    assert gap.state == "KZ" and gap.weak_cbm and gap.incidents == 0 and gap.worst is None
    assert gap.reasons == ("weak CBM implementation", "no cyber diplomacy and norms project")
    assert toolbox.capacity.gaps(by=SYSTEM_USER, theme="national-strategy") == ()


@pytest.fixture
def source(tmp_path: Path, knowledge: KnowledgeBase) -> Iterator[Toolbox]:
    """A second register (SQLite) holding the bundled projects, to export from."""
    with Toolbox(Settings(f"sqlite:///{tmp_path / 'source.db'}"), knowledge=knowledge) as box:
        box.database.migrate()
        box.capacity.seed()
        yield box


def _export(toolbox: Toolbox) -> bytes:
    data, _ = toolbox.capacity.export_iati(
        by=SYSTEM_USER, reporting_org="XI-EXAMPLE", reporting_name="Example"
    )
    return data


def test_the_iati_export_imports_back_unchanged(toolbox: Toolbox, source: Toolbox) -> None:
    source.capacity.add(
        by=SYSTEM_USER,
        title="Cyber resilience for Moldova",
        funder="European Union",
        themes=["crisis-management"],
        partner_countries=["MD"],
        region="eastern-partnership",
        budget_eur=1_500_000,
        starts_on="2025-01-01",
        status="planned",
        outcomes=["Crisis plan adopted"],
        sources=_SOURCE,
        tlp="amber",
        classification="RESTREINT UE/EU RESTRICTED",
    )
    data, left_out = source.capacity.export_iati(
        by=SYSTEM_USER, reporting_org="XI-EXAMPLE", reporting_name="Example"
    )
    assert {p.id for p in left_out} == {"glacy-e", "esiwa-plus"}
    exported = [p for p in source.capacity.list(by=SYSTEM_USER) if p.starts_on is not None]
    imported = toolbox.capacity.import_iati(data, by=SYSTEM_USER)
    # Every project comes back as it was; only who recorded it is the importer.
    assert [p.evolve(recorded_by=None) for p in imported] == [
        p.evolve(recorded_by=None) for p in exported
    ]
    assert _export(toolbox) == data


def test_an_iati_import_is_all_or_nothing_naming_the_activity(
    toolbox: Toolbox, source: Toolbox
) -> None:
    data = _export(source)
    bad = data.replace(b'<recipient-country code="UA"/>', b'<recipient-country code="QQ"/>', 1)
    before = _written(toolbox)
    with pytest.raises(ImportRejected) as refused:
        toolbox.capacity.import_iati(bad, by=SYSTEM_USER)
    [error] = refused.value.errors
    assert error.location == "XI-EXAMPLE-cybereast"
    assert (error.field, error.value) == ("partner_countries", "QQ")
    assert _written(toolbox) == before
    toolbox.capacity.import_iati(data, by=SYSTEM_USER)
    with pytest.raises(ImportRejected) as twice:
        toolbox.capacity.import_iati(data, by=SYSTEM_USER)
    assert twice.value.errors[0].reason.startswith("is already in the register")


HANDWRITTEN = Path(__file__).parents[1] / "data" / "iati" / "handwritten-activity.xml"


def test_the_handwritten_iati_file_imports_and_a_themeless_project_is_not_exported(
    toolbox: Toolbox,
) -> None:
    imported = toolbox.capacity.import_iati(HANDWRITTEN.read_bytes(), by=SYSTEM_USER)
    assert [p.id for p in imported] == ["cyb-001", "cyb-002"]
    justice = toolbox.capacity.get("cyb-001", by=SYSTEM_USER)
    assert justice.budget_eur == 1_350_000 and CapacityTheme.CYBERCRIME_LAW in justice.themes
    assert "GE" in {p for p in justice.partner_countries}
    network = toolbox.capacity.get("cyb-002", by=SYSTEM_USER)
    assert network.themes == () and "map to no capacity-building theme" in (network.note or "")
    # Moldova's cybercrime-law gap is closed by the imported project.
    _incident(toolbox, "MD", "Ransomware against a Moldovan ministry")
    themes = {g.theme for g in toolbox.capacity.gaps(by=SYSTEM_USER) if g.state == "MD"}
    assert CapacityTheme.CYBERCRIME_LAW not in themes and CapacityTheme.INCIDENT_RESPONSE in themes
    _, left_out = toolbox.capacity.export_iati(
        by=SYSTEM_USER, reporting_org="XI-EXAMPLE", reporting_name="Example"
    )
    assert [p.id for p in left_out] == ["cyb-002"]
    with pytest.raises(InvalidInput) as refused:
        toolbox.capacity.add(
            by=SYSTEM_USER,
            title="No theme",
            funder="EU",
            themes=[],
            sources=_SOURCE,
            partner_countries=["GE"],
        )
    assert refused.value.field == "themes"


EXAMPLE = Path(__file__).parents[1] / "data" / "iati" / "example-2.03-activity.xml"


def test_an_activity_after_the_published_2_03_example_imports_and_a_bad_code_writes_nothing(
    toolbox: Toolbox,
) -> None:
    before = len(toolbox.capacity.list(by=SYSTEM_USER))
    bad = EXAMPLE.read_bytes().replace(b'code="489" vocabulary="1"', b'code="487" vocabulary="1"')
    with pytest.raises(InvalidInput) as refused:
        toolbox.capacity.import_iati(bad, by=SYSTEM_USER)
    assert refused.value.location == "AA-AAA-123456789-CYB-LAC-01"
    assert (refused.value.field, refused.value.value) == ("recipient-region/@code", "487")
    assert "Region codelist" in refused.value.reason
    assert len(toolbox.capacity.list(by=SYSTEM_USER)) == before
    [imported] = toolbox.capacity.import_iati(EXAMPLE.read_bytes(), by=SYSTEM_USER)
    held = toolbox.capacity.get(imported.id, by=SYSTEM_USER)
    assert held.id == "cyb-lac-01" and held.region == "latin-america-caribbean"
    assert held.partner_countries == ("CO", "PE") and held.budget_eur == 2_500_000
    assert held.themes == () and held.status is ProjectStatus.COMPLETED
    assert held.note is not None
    assert "Recipient region 489 (South America, regional; OECD DAC)." in held.note
    assert "map to no capacity-building theme" in held.note
    # The register's region narrows the project list as any project's region does.
    regional = toolbox.capacity.list(by=SYSTEM_USER, region="latin-america-caribbean")
    assert "cyb-lac-01" in {p.id for p in regional}


def test_member_states_and_development_donors_have_no_gap(toolbox: Toolbox) -> None:
    for country in ("DE", "US", "NO", "KE"):
        _incident(toolbox, country, f"Ransomware against a ministry in {country}")
    states = {gap.state for gap in toolbox.capacity.gaps(by=SYSTEM_USER)}
    # Germany is a Member State; the United States and Norway provide development co-operation.
    assert states == {"KE"}
