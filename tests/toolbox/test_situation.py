"""`Toolbox.situation` on SQLite and PostgreSQL: the event log of incidents, their status and
crisis level derived from it, the board, what is refused (field and reason, nothing written),
and what a reader cleared for less does not see, not even through "last updated"."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from cdtoolbox.errors import Forbidden, InvalidInput, NotFound
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.ports import FixedClock, UuidIds
from cdtoolbox.model.situation import UNATTRIBUTED, CrisisLevel, EventKind, OperationalStatus
from cdtoolbox.model.vocabulary import Classification, SeverityLevel, Tlp
from cdtoolbox.store.table_dump import dump
from cdtoolbox.toolbox import Settings, Toolbox
from tests_support import counted_statements
from toolbox_support import CHEAP_PASSWORDS


def _user(
    toolbox: Toolbox,
    name: str,
    role: Role = Role.ANALYST,
    clearance: Tlp = Tlp.AMBER,
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


def _incident(
    toolbox: Toolbox,
    title: str,
    countries: tuple[str, ...] = ("FR", "US"),
    sectors: tuple[str, ...] = ("health",),
    tlp: str = "green",
) -> str:
    document = {
        "title": title,
        "start": "2026-11",
        "types": ["ransomware"],
        "summary": "Ransomware disrupted hospitals.",
        "victims": {"countries": list(countries), "sectors": list(sectors)},
        "sources": [{"title": "CERT advisory", "url": "https://example.org/advisory"}],
        "tlp": tlp,
    }
    (created,) = toolbox.incidents.add([document], source="tests", by=SYSTEM_USER).created
    return created.id


def test_status_and_level_are_those_of_the_latest_change_and_each_change_is_named(
    toolbox: Toolbox,
) -> None:
    analyst = _user(toolbox, "ana")
    incident = _incident(toolbox, "Hospital ransomware wave")
    toolbox.situation.record_event(
        incident,
        by=analyst,
        kind="detected",
        summary="CSIRT reports encrypted hospital systems.",
        occurred_at="2026-11-24T06:00:00",
    )
    toolbox.situation.set_status(incident, "suspected", by=analyst, occurred_at="2026-11-24T07:00")
    up = toolbox.situation.change_level(
        incident,
        "operational",
        by=analyst,
        reason="Two Member States affected beyond national capacity.",
        body="eu-cyclone",
        occurred_at="2026-11-24T08:00:00+01:00",
    )
    assert up.previous_level is CrisisLevel.NONE and up.direction == "escalation"
    assert up.occurred_at == datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    toolbox.situation.set_status(incident, OperationalStatus.CONTAINED, by=analyst)
    down = toolbox.situation.change_level(
        incident, CrisisLevel.TECHNICAL, by=analyst, reason="Contained; CSIRTs follow up."
    )
    assert down.previous_level is CrisisLevel.OPERATIONAL and down.direction == "de-escalation"

    timeline = toolbox.situation.timeline(incident, by=analyst)
    assert [e.kind for e in timeline] == [
        EventKind.DETECTED,
        EventKind.STATUS_CHANGED,
        EventKind.LEVEL_CHANGED,
        EventKind.STATUS_CHANGED,
        EventKind.LEVEL_CHANGED,
    ]
    assert all(e.recorded_by == "ana" and e.tlp is Tlp.GREEN for e in timeline)
    standing = toolbox.situation.standing(incident, by=analyst)
    assert standing is not None
    assert (standing.status, standing.level) == (OperationalStatus.CONTAINED, CrisisLevel.TECHNICAL)
    assert standing.first_event == datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
    assert standing.last_event == down.occurred_at == down.recorded_at
    actions = [e.action for e in toolbox.audit.entries(by=SYSTEM_USER, entity="incident")]
    assert actions.count("situation.level.change") == 2
    assert actions.count("situation.status.set") == 2
    assert actions.count("situation.event.add") == 1


def test_a_status_or_level_backdated_before_the_latest_change_does_not_replace_it(
    toolbox: Toolbox,
) -> None:
    analyst = _user(toolbox, "ana")
    incident = _incident(toolbox, "Grid intrusion")
    toolbox.situation.set_status(incident, "confirmed", by=analyst)
    toolbox.situation.set_status(incident, "suspected", by=analyst, occurred_at="2026-11-20")
    standing = toolbox.situation.standing(incident, by=analyst)
    assert standing is not None and standing.status is OperationalStatus.CONFIRMED
    assert standing.first_event.date() == date(2026, 11, 20)


def test_of_two_changes_in_the_same_second_the_one_recorded_last_stands(
    migrated_url: str, knowledge: KnowledgeBase
) -> None:
    # The system clock counts whole seconds, and event ids are random: the order they were
    # recorded in must decide, not the ids.
    frozen = FixedClock(datetime(2026, 11, 25, 9, 0, tzinfo=UTC), tick=timedelta(0))
    with Toolbox(
        Settings(migrated_url),
        knowledge=knowledge,
        clock=frozen,
        ids=UuidIds(),
        passwords=CHEAP_PASSWORDS,
    ) as toolbox:
        incident = _incident(toolbox, "Hospital ransomware wave")
        for status in ("confirmed", "contained", "suspected", "recovered", "confirmed"):
            toolbox.situation.set_status(incident, status, by=SYSTEM_USER)
            standing = toolbox.situation.standing(incident, by=SYSTEM_USER)
            assert standing is not None and standing.status == status
        statuses = [e.status for e in toolbox.situation.timeline(incident, by=SYSTEM_USER)]
        assert statuses == ["confirmed", "contained", "suspected", "recovered", "confirmed"]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda s, i, u: s.change_level(i, "technical", by=u, reason=" "), "reason"),
        (lambda s, i, u: s.change_level(i, "none", by=u, reason="No change."), "level"),
        (lambda s, i, u: s.change_level(i, "crisis", by=u, reason="x"), "level"),
        (lambda s, i, u: s.set_status(i, "over", by=u), "status"),
        (
            lambda s, i, u: s.set_status(i, "contained", by=u, occurred_at="2026-12-01"),
            "occurred_at",
        ),
        (
            lambda s, i, u: s.set_status(i, "contained", by=u, occurred_at="yesterday"),
            "occurred_at",
        ),
        (
            lambda s, i, u: s.record_event("no-such-incident", by=u, kind="other", summary="x"),
            "incident",
        ),
        (lambda s, i, u: s.record_event(i, by=u, kind="rumour", summary="x"), "kind"),
        (lambda s, i, u: s.record_event(i, by=u, kind="other", summary="  "), "summary"),
        (lambda s, i, u: s.record_event(i, by=u, kind="other", summary="x", body="nato"), "body"),
        (
            lambda s, i, u: s.record_event(i, by=u, kind="other", summary="x", level="technical"),
            "level",
        ),
        (lambda s, i, u: s.record_event(i, by=u, kind="level-changed", summary="x"), "level"),
        (
            lambda s, i, u: s.record_event(i, by=u, kind="other", summary="x", reason="Why"),
            "reason",
        ),
        (lambda s, i, u: s.record_event(i, by=u, kind="other", summary="x", tlp="red"), "tlp"),
        (
            lambda s, i, u: s.record_event(
                i, by=u, kind="other", summary="x", classification="SECRET UE/EU SECRET"
            ),
            "classification",
        ),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    toolbox: Toolbox, call: object, field: str
) -> None:
    analyst = _user(toolbox, "ana", classification=Classification.RESTREINT_UE)
    incident = _incident(toolbox, "Hospital ransomware wave")
    before = dump(toolbox.database)
    with pytest.raises(InvalidInput) as refused:
        call(toolbox.situation, incident, analyst)  # type: ignore[operator]
    assert refused.value.field == field and refused.value.entity == "incident event"
    assert dump(toolbox.database) == before


def test_a_viewer_may_read_but_not_write(toolbox: Toolbox) -> None:
    viewer = _user(toolbox, "vic", Role.VIEWER)
    incident = _incident(toolbox, "Hospital ransomware wave")
    with pytest.raises(Forbidden):
        toolbox.situation.set_status(incident, "confirmed", by=viewer)
    assert toolbox.situation.timeline(incident, by=viewer) == ()
    with pytest.raises(NotFound):
        toolbox.situation.timeline("no-such-incident", by=viewer)


def test_events_above_the_reader_are_not_shown_nor_counted_on_the_board(
    toolbox: Toolbox,
) -> None:
    analyst = _user(toolbox, "ana", clearance=Tlp.RED, classification=Classification.SECRET_UE)
    reader = _user(toolbox, "rob", Role.VIEWER, clearance=Tlp.AMBER)
    incident = _incident(toolbox, "Hospital ransomware wave")
    seen = toolbox.situation.change_level(
        incident, "technical", by=analyst, reason="CSIRTs convened.", occurred_at="2026-11-24"
    )
    toolbox.situation.change_level(
        incident, "strategic-political", by=analyst, reason="Red canary.", tlp="red"
    )
    toolbox.situation.set_status(
        incident, "contained", by=analyst, classification=Classification.SECRET_UE
    )
    # A later event at the reader's marking is told its "from" as that reader sees it.
    later = toolbox.situation.change_level(
        incident, "operational", by=analyst, reason="EU-CyCLONe activated.", tlp="amber"
    )
    assert later.previous_level is CrisisLevel.TECHNICAL

    assert [e.id for e in toolbox.situation.timeline(incident, by=reader)] == [seen.id, later.id]
    (row,) = toolbox.situation.board(by=reader)
    assert (row.status, row.level) == (None, CrisisLevel.OPERATIONAL)
    assert row.last_updated == later.occurred_at
    # Without the last event, "last updated" is the one the reader may read, not the red one.
    other = _incident(toolbox, "Ministry leak")
    toolbox.situation.record_event(
        other, by=analyst, kind="notified", summary="Ministry notified.", occurred_at="2026-11-01"
    )
    toolbox.situation.record_event(other, by=analyst, kind="other", summary="Red.", tlp="red")
    (row,) = [r for r in toolbox.situation.board(by=reader) if r.incident_id == other]
    assert row.last_updated == datetime(2026, 11, 1, tzinfo=UTC)
    red = _incident(toolbox, "Red incident", tlp="red")
    toolbox.situation.set_status(red, "suspected", by=analyst)
    assert red not in {r.incident_id for r in toolbox.situation.board(by=reader)}
    with pytest.raises(NotFound):
        toolbox.situation.timeline(red, by=reader)
    # Nor does its audit entry reach an analyst cleared for less.
    colleague = _user(toolbox, "amy", clearance=Tlp.AMBER)
    logged = toolbox.audit.entries(by=colleague, entity="incident")
    assert logged and not any("Red canary" in str(entry.after) for entry in logged)
    assert any("Red canary" in str(e.after) for e in toolbox.audit.entries(by=analyst))
    cleared = {r.incident_id: r for r in toolbox.situation.board(by=analyst)}
    assert cleared[incident].status is OperationalStatus.CONTAINED and red in cleared


def test_the_board_row_tells_who_is_affected_how_badly_and_what_is_open(
    toolbox: Toolbox,
) -> None:
    analyst = _user(toolbox, "ana")
    incident = _incident(toolbox, "Hospital ransomware wave", countries=("FR", "DE", "US"))
    toolbox.situation.set_status(incident, "confirmed", by=analyst)
    case = toolbox.cases.open([incident], by=analyst, title="Response to the hospital wave")
    quiet = _incident(toolbox, "Quiet incident")
    (row,) = toolbox.situation.board(by=analyst)
    assert row.incident_id == incident and quiet != incident
    assert row.member_states == ("FR", "DE")
    assert row.sectors == ("health",)
    assert row.first_seen == date(2026, 11, 1)  # the incident's start, before its first event
    assert row.attribution == (UNATTRIBUTED,)
    assert row.severity in set(SeverityLevel) - {SeverityLevel.UNKNOWN}
    assert [(c.id, c.title) for c in row.open_cases] == [(case.id, case.title)]


def test_the_board_filters_by_state_sector_status_and_level(toolbox: Toolbox) -> None:
    analyst = _user(toolbox, "ana")
    health = _incident(toolbox, "Hospital ransomware wave", countries=("FR",))
    energy = _incident(toolbox, "Grid intrusion", countries=("DE",), sectors=("energy",))
    toolbox.situation.set_status(health, "confirmed", by=analyst)
    toolbox.situation.change_level(energy, "technical", by=analyst, reason="CSIRTs convened.")

    def ids(**filters: str) -> set[str]:
        return {r.incident_id for r in toolbox.situation.board(by=analyst, **filters)}

    assert ids() == {health, energy}
    assert ids(state="France") == {health}
    assert ids(state="de") == {energy}
    assert ids(sector="energy") == {energy}
    assert ids(status="confirmed") == {health}
    assert ids(level="technical") == {energy}
    assert ids(level="none") == {health}
    with pytest.raises(InvalidInput) as refused:
        toolbox.situation.board(by=analyst, level="high")
    assert (refused.value.entity, refused.value.field) == ("filter", "level")
    for state in ("Atlantis", "United States"):
        with pytest.raises(InvalidInput) as refused:
            toolbox.situation.board(by=analyst, state=state)
        assert refused.value.field == "state"


def test_the_board_reads_the_store_as_often_for_eight_incidents_as_for_two(
    toolbox: Toolbox,
) -> None:
    analyst = _user(toolbox, "ana")
    for number in range(8):
        incident = _incident(toolbox, f"Incident number {number}")
        toolbox.situation.set_status(incident, "suspected", by=analyst)
        if number < 2:
            toolbox.situation.change_level(incident, "technical", by=analyst, reason="CSIRTs.")
            toolbox.cases.open([incident], by=analyst)
    toolbox.situation.board(by=analyst)  # builds the assessor once
    with counted_statements() as few:
        assert len(toolbox.situation.board(by=analyst, level="technical")) == 2
    with counted_statements() as many:
        assert len(toolbox.situation.board(by=analyst)) == 8
    assert len(many) == len(few)


def test_deleting_an_incident_deletes_its_events(toolbox: Toolbox) -> None:
    analyst = _user(toolbox, "ana")
    incident = _incident(toolbox, "Hospital ransomware wave")
    toolbox.situation.set_status(incident, "suspected", by=analyst)
    with toolbox.database.transaction() as store:
        store.incidents.delete(incident, store.incidents.get(incident).version)
    with toolbox.database.read() as store:
        assert store.situation.tallies(Tlp.RED, Classification.SECRET_UE) == []


def test_each_level_names_its_bodies_and_sources(toolbox: Toolbox) -> None:
    levels = toolbox.situation.crisis_levels(by=SYSTEM_USER)
    assert [entry.level for entry in levels] == list(CrisisLevel)
    named = {entry.level: {b.id for b in entry.bodies} for entry in levels}
    assert named[CrisisLevel.TECHNICAL] == {"csirts-network", "enisa"}
    assert named[CrisisLevel.OPERATIONAL] == {"eu-cyclone"}
    assert {"council-ipcr", "hwpci-coreper", "cyber-diplomacy-toolbox"} <= named[
        CrisisLevel.STRATEGIC_POLITICAL
    ]
    assert all(entry.sources for entry in levels)
    assert [act.adopted for act in levels.acts] == [date(2017, 9, 13), date(2025, 6, 6)]
