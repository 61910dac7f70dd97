"""`Toolbox.alerts` on SQLite and PostgreSQL over the initialised store (the curated incidents
and the sanctions register): alerts raised once per rule and subject, seen again without a
duplicate, shown within the reader's clearance, acknowledged by analysts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from cdtoolbox.errors import Forbidden, InvalidInput, NotFound
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.model.alerts import Alert, AlertRule
from cdtoolbox.model.ports import FixedClock, SequentialIds
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox import Settings, Toolbox
from toolbox_support import CHEAP_PASSWORDS


@pytest.fixture
def toolbox(fresh_url: str, knowledge: KnowledgeBase) -> Iterator[Toolbox]:
    with Toolbox(
        Settings(fresh_url),
        knowledge=knowledge,
        clock=FixedClock(datetime(2026, 11, 25, 9, 0, tzinfo=UTC)),
        ids=SequentialIds(),
        passwords=CHEAP_PASSWORDS,
    ) as box:
        yield box


def _incident(toolbox: Toolbox, title: str, tlp: str = "green") -> str:
    document = {
        "title": title,
        "start": "2026-11",
        "types": ["espionage"],
        "summary": "Ministries' networks breached.",
        "victims": {"countries": ["FR", "DE"], "sectors": ["government"]},
        "attributions": [
            {"by": {"kind": "state", "name": "Germany", "country": "DE"}, "actor": "APT28"}
        ],
        "sources": [{"title": "CERT advisory", "url": "https://example.org/advisory"}],
        "tlp": tlp,
    }
    (created,) = toolbox.incidents.add([document], source="tests", by=SYSTEM_USER).created
    return created.id


def test_a_rule_raises_one_alert_per_subject_and_a_second_check_only_sees_it_again(
    toolbox: Toolbox,
) -> None:
    # `init` already ran the rules over the curated incidents and the register it loaded.
    first = toolbox.alerts.check(by=SYSTEM_USER)
    assert not first.raised
    found = {a.id: a for a in first.seen_again}
    assert AlertRule.SANCTIONED_ACTOR_ACTIVE in {a.rule for a in found.values()}
    # The curated WannaCry incident is critical across Member States.
    wannacry = toolbox.incidents.get("wannacry-2017", by=SYSTEM_USER)
    assert (AlertRule.SEVERE_IN_SEVERAL_STATES, wannacry.id) in {
        (a.rule, a.subject_id) for a in found.values()
    }
    again = toolbox.alerts.check(by=SYSTEM_USER)
    assert not again.raised
    assert sorted(a.id for a in again.seen_again) == sorted(found)
    stored = toolbox.alerts.list(by=SYSTEM_USER, acknowledged=None)
    assert sorted(a.id for a in stored) == sorted(found)
    assert all(a.last_seen > found[a.id].last_seen for a in stored)


def test_an_incident_by_a_listed_actor_raises_the_sanctions_alert_at_its_marking(
    toolbox: Toolbox,
) -> None:
    viewer = toolbox.users.add(
        by=SYSTEM_USER, username="vic", display_name="vic", role=Role.VIEWER, clearance=Tlp.AMBER
    )
    hidden = _incident(toolbox, "Red ministries breach", tlp="red")
    shown = _incident(toolbox, "Green ministries breach")
    # Raised as each was written; a check finds them again.
    check = toolbox.alerts.check(by=SYSTEM_USER, incident_ids=[hidden, shown])
    sanctions = {
        a.subject_id: a for a in check.seen_again if a.rule is AlertRule.SANCTIONED_ACTOR_ACTIVE
    }
    assert set(sanctions) == {hidden, shown}
    assert "listed by the EU on" in sanctions[shown].summary
    assert sanctions[hidden].tlp is Tlp.RED
    seen_by_viewer = {a.subject_id for a in toolbox.alerts.list(by=viewer)}
    assert shown in seen_by_viewer and hidden not in seen_by_viewer
    with pytest.raises(NotFound):
        toolbox.alerts.acknowledge(sanctions[hidden].id, by=viewer.evolve(role=Role.ANALYST))


def test_an_analyst_acknowledges_and_the_alert_stays_acknowledged_when_seen_again(
    toolbox: Toolbox,
) -> None:
    analyst = toolbox.users.add(
        by=SYSTEM_USER, username="ana", display_name="ana", role=Role.ANALYST
    )
    viewer = toolbox.users.add(by=SYSTEM_USER, username="vic", display_name="vic", role=Role.VIEWER)
    shown = _incident(toolbox, "Green ministries breach")
    (alert,) = [
        a
        for a in toolbox.alerts.check(by=SYSTEM_USER, incident_ids=[shown]).seen_again
        if a.rule is AlertRule.SANCTIONED_ACTOR_ACTIVE
    ]
    with pytest.raises(Forbidden):
        toolbox.alerts.acknowledge(alert.id, by=viewer)
    with pytest.raises(Forbidden):
        toolbox.alerts.check(by=viewer)
    done = toolbox.alerts.acknowledge(alert.id, by=analyst)
    assert done.acknowledged_by == "ana"
    with pytest.raises(InvalidInput, match="was acknowledged by ana"):
        toolbox.alerts.acknowledge(alert.id, by=analyst)
    toolbox.alerts.check(by=SYSTEM_USER, incident_ids=[shown])
    assert alert.id not in {a.id for a in toolbox.alerts.list(by=analyst)}
    assert alert.id in {a.id for a in toolbox.alerts.list(by=analyst, acknowledged=True)}


def test_a_write_the_rules_read_raises_its_alert_once_committed(toolbox: Toolbox) -> None:
    analyst = toolbox.users.add(
        by=SYSTEM_USER, username="ana", display_name="ana", role=Role.ANALYST
    )
    shown = _incident(toolbox, "Green ministries breach")

    def sanctions_alerts() -> list[Alert]:
        return [
            a
            for a in toolbox.alerts.list(by=analyst)
            if a.subject_id == shown and a.rule is AlertRule.SANCTIONED_ACTOR_ACTIVE
        ]

    (alert,) = sanctions_alerts()
    toolbox.situation.record_event(shown, by=analyst, kind="notified", summary="Notified.")
    (again,) = sanctions_alerts()
    assert again.id == alert.id and again.last_seen > alert.last_seen


def test_a_request_unanswered_after_its_deadline_raises_an_alert_until_answered(
    toolbox: Toolbox,
) -> None:
    request = toolbox.assistance.request(
        by=SYSTEM_USER,
        requester="EE",
        channel="norm-13h",
        addressee="DE",
        asked="Mitigate the command servers hosted in your territory.",
        sent_at="2026-11-20T10:00",
        deadline="2026-11-22T10:00",
        tlp=Tlp.GREEN,
    )
    check = toolbox.alerts.check(by=SYSTEM_USER)
    (raised,) = [a for a in check.raised if a.rule is AlertRule.REQUEST_OVERDUE]
    assert raised.subject_id == request.id
    assert "unanswered since its deadline 2026-11-22 10:00 UTC" in raised.summary
    assert raised.tlp is Tlp.GREEN
    # Seen again, never twice.
    again = toolbox.alerts.check(by=SYSTEM_USER)
    assert raised.id in {a.id for a in again.seen_again}
    assert not [a for a in again.raised if a.rule is AlertRule.REQUEST_OVERDUE]
