"""The assessment names the channels the cooperation registers hold for the State held
responsible, on a fresh store with the bundled data, on SQLite and PostgreSQL (issue 16,
acceptance: China and Russia)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from cdtoolbox.assess.assessment import Assessment, HandleKind, HandleStatus
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.model.ports import FixedClock
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox import Settings, Toolbox
from toolbox_support import CHEAP_PASSWORDS


@pytest.fixture
def toolbox(fresh_url: str, knowledge: KnowledgeBase) -> Iterator[Toolbox]:
    with Toolbox(
        Settings(fresh_url),
        knowledge=knowledge,
        clock=FixedClock(datetime(2026, 11, 25, 9, 0, tzinfo=UTC)),
        passwords=CHEAP_PASSWORDS,
    ) as box:
        yield box


def _handle(assessment: Assessment, kind: HandleKind, state: str) -> str:
    [found] = [h for h in assessment.cooperation.handles if h.kind is kind and h.state == state]
    return found.text


def test_an_incident_attributed_to_china_names_the_eu_china_dialogue(toolbox: Toolbox) -> None:
    assessment = toolbox.assessments.assess("microsoft-exchange-2021", by=SYSTEM_USER)
    assert "CN" in assessment.cooperation.states
    [dialogue] = [
        h
        for h in assessment.cooperation.handles
        if h.kind is HandleKind.DIALOGUE and h.state == "CN"
    ]
    assert dialogue.reference == "eu-cn-cyber-dialogue"
    # The official track's status is not confirmed; the last round found is a Track-2 one.
    assert dialogue.status is HandleStatus.UNKNOWN and not dialogue.confirmed
    assert "EU-China cyber dialogue" in dialogue.text and "not confirmed" in dialogue.text
    assert "last round: 9th round, Berlin" in dialogue.text and "2021-10-12" in dialogue.text
    assert "next meeting: unknown" in dialogue.text


def test_an_incident_attributed_to_russia_points_to_osce_cbm_3_and_8(toolbox: Toolbox) -> None:
    assessment = toolbox.assessments.assess("viasat-ka-sat-2022", by=SYSTEM_USER)
    [dialogue] = [
        h
        for h in assessment.cooperation.handles
        if h.kind is HandleKind.DIALOGUE and h.state == "RU"
    ]
    assert dialogue.status is HandleStatus.UNAVAILABLE and not dialogue.confirmed
    assert "the dialogue channel is unavailable" in dialogue.text
    assert "not confirmed" in dialogue.text
    assert "use instead OSCE-CBM-3, OSCE-CBM-8" in dialogue.text
    available = {
        h.reference for h in assessment.cooperation.handles if h.status is HandleStatus.AVAILABLE
    }
    assert {"OSCE-CBM-3", "OSCE-CBM-8"} <= available
    # No Russian contact is bundled: the directory holds nothing, so the option says so.
    assert "unknown (none in the directory)" in _handle(
        assessment, HandleKind.POINT_OF_CONTACT, "RU"
    )


def test_a_checked_contact_and_a_recorded_implementation_are_named(toolbox: Toolbox) -> None:
    contact = toolbox.pocs.add(
        by=SYSTEM_USER,
        state="RU",
        network="osce",
        level="diplomatic",
        organisation="Ministry of Foreign Affairs",
        channel="OSCE Communications Network",
    )
    check = toolbox.pocs.open_round("osce", "June 2026", by=SYSTEM_USER)
    toolbox.pocs.mark_sent(check.id, contact.id, "2026-06-01T09:00", by=SYSTEM_USER)
    toolbox.cbms.record("RU", "OSCE-CBM-8", status="partial", by=SYSTEM_USER)
    unanswered = toolbox.assessments.assess("viasat-ka-sat-2022", by=SYSTEM_USER)
    text = _handle(unanswered, HandleKind.POINT_OF_CONTACT, "RU")
    assert "did not acknowledge the check osce-june-2026" in text
    [measure] = [h for h in unanswered.cooperation.handles if h.reference == "OSCE-CBM-8"]
    assert "Russia's implementation as recorded: partial" in measure.text
    toolbox.pocs.acknowledge(check.id, contact.id, "2026-06-01T11:30", by=SYSTEM_USER)
    answered = toolbox.assessments.assess("viasat-ka-sat-2022", by=SYSTEM_USER)
    assert "acknowledged the check osce-june-2026 in 2.5 hours" in _handle(
        answered, HandleKind.POINT_OF_CONTACT, "RU"
    )
    factors = {f.factor: f for f in answered.escalation.factors}
    assert factors["no-channel"].points == 0


def test_a_round_above_the_readers_clearance_is_left_out_of_the_assessment(
    toolbox: Toolbox,
) -> None:
    toolbox.dialogues.add_round(
        "eu-cn-cyber-dialogue", by=SYSTEM_USER, held_on="2026-05-04", place="Beijing", tlp="amber"
    )
    green = toolbox.users.add(
        by=SYSTEM_USER, username="gina", display_name="Gina", role=Role.VIEWER, clearance=Tlp.GREEN
    )
    amber = toolbox.users.add(
        by=SYSTEM_USER, username="amir", display_name="Amir", role=Role.VIEWER, clearance=Tlp.AMBER
    )
    seen_green = _handle(
        toolbox.assessments.assess("microsoft-exchange-2021", by=green), HandleKind.DIALOGUE, "CN"
    )
    seen_amber = _handle(
        toolbox.assessments.assess("microsoft-exchange-2021", by=amber), HandleKind.DIALOGUE, "CN"
    )
    assert "Beijing" not in seen_green and "1 round(s) above your clearance" in seen_green
    assert "last round: meeting, Beijing, 2026-05-04" in seen_amber


def test_assessing_every_incident_reads_the_registers_once_and_agrees(toolbox: Toolbox) -> None:
    one = toolbox.assessments.assess("viasat-ka-sat-2022", by=SYSTEM_USER)
    every = {a.slug: a for a in toolbox.assessments.assess_all(by=SYSTEM_USER)}
    assert every["viasat-ka-sat-2022"].cooperation == one.cooperation
    assert every["viasat-ka-sat-2022"].escalation == one.escalation


def test_an_incident_against_a_western_balkans_state_names_the_projects_serving_it(
    toolbox: Toolbox,
) -> None:
    assessment = toolbox.assessments.assess("albania-2022", by=SYSTEM_USER)
    capacity = [h for h in assessment.cooperation.handles if h.kind is HandleKind.CAPACITY]
    assert {h.option for h in capacity} == {"preventive.capacity_building"}
    serving = {h.reference for h in capacity if h.status is HandleStatus.AVAILABLE}
    assert serving == {"iproceeds-2", "cybersee"}
    assert all(h.state == "AL" for h in capacity)
    [uncovered] = [h for h in capacity if h.reference is None]
    assert uncovered.status is HandleStatus.UNAVAILABLE
    assert "serves Albania in" in uncovered.text and "uncovered" in uncovered.text


def test_a_project_added_for_the_victim_closes_the_uncovered_theme(toolbox: Toolbox) -> None:
    before = toolbox.assessments.assess("albania-2022", by=SYSTEM_USER)
    [uncovered] = [
        h
        for h in before.cooperation.handles
        if h.kind is HandleKind.CAPACITY and h.reference is None
    ]
    assert "Crisis management" in uncovered.text
    toolbox.capacity.add(
        by=SYSTEM_USER,
        title="Crisis management and diplomacy for Albania",
        funder="European Union",
        # What ransomware, a wiper and a hack-and-leak call for beyond iPROCEEDS-2's and
        # CyberSEE's themes (THEMES_FOR_INCIDENT_TYPE).
        themes=["crisis-management", "cyber-diplomacy", "critical-infrastructure", "skills"],
        partner_countries=["AL"],
        sources=["https://example.org/al"],
    )
    after = toolbox.assessments.assess("albania-2022", by=SYSTEM_USER)
    capacity = [h for h in after.cooperation.handles if h.kind is HandleKind.CAPACITY]
    assert all(h.reference is not None for h in capacity)
    assert "crisis-management-and-diplomacy-for-albania" in {h.reference for h in capacity}
    # An EU Member State victim gets no capacity-building handle.
    exchange = toolbox.assessments.assess("wannacry-2017", by=SYSTEM_USER)
    assert not {h.state for h in exchange.cooperation.handles if h.kind is HandleKind.CAPACITY} & {
        "DE",
        "FR",
        "ES",
    }
