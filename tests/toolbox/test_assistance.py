"""`Toolbox.assistance` on SQLite and PostgreSQL: requests and offers with their deadlines and
overdue flags, teams and deployments, the events they put on an incident's timeline, what is
refused (field and reason, nothing written) and what a reader cleared for less does not see."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cdtoolbox.errors import Forbidden, InvalidInput, NotFound
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.assistance import Channel, RequestStatus, TeamKind, is_overdue
from cdtoolbox.model.situation import EventKind
from cdtoolbox.model.vocabulary import Classification, Tlp
from cdtoolbox.store.table_dump import dump
from cdtoolbox.toolbox import Toolbox

# The toolbox fixture's clock.
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


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


def _incident(toolbox: Toolbox, title: str, tlp: str = "green") -> str:
    document = {
        "title": title,
        "start": "2026-11",
        "types": ["ransomware"],
        "summary": "Ransomware disrupted hospitals.",
        "victims": {"countries": ["EE"], "sectors": ["health"]},
        "sources": [{"title": "CERT advisory", "url": "https://example.org/advisory"}],
        "tlp": tlp,
    }
    (created,) = toolbox.incidents.add([document], source="tests", by=SYSTEM_USER).created
    return created.id


def test_a_13h_request_names_the_point_of_contact_becomes_overdue_and_is_on_the_timeline(
    toolbox: Toolbox,
) -> None:
    analyst = _user(toolbox, "ana")
    incident = _incident(toolbox, "Hospital ransomware")
    contact = toolbox.pocs.add(
        by=analyst,
        state="DE",
        network="osce",
        level="diplomatic",
        organisation="Federal Foreign Office",
        channel="e-mail",
    )
    request = toolbox.assistance.request(
        by=analyst,
        requester="Estonia",
        channel="norm-13h",
        addressee="DE",
        incident=incident,
        asked="Mitigate the command servers hosted in your territory.",
        sent_at="2026-11-20T10:00",
        deadline="2026-11-22T10:00",
    )
    assert (request.requester, request.addressee) == ("EE", "DE")
    assert request.point_of_contact == contact.id
    assert request.tlp is Tlp.GREEN  # the incident's marking
    assert is_overdue(request, NOW)
    assert not is_overdue(request, datetime(2026, 11, 21, tzinfo=UTC))

    assert [r.id for r in toolbox.assistance.overdue(NOW, by=analyst)] == [request.id]
    assert toolbox.assistance.overdue(datetime(2026, 11, 21, tzinfo=UTC), by=analyst) == ()
    assert [r.id for r in toolbox.assistance.list(by=analyst, overdue=True)] == [request.id]
    assert toolbox.assistance.open_counts([incident], by=analyst) == {incident: 1}

    (event,) = toolbox.situation.timeline(incident, by=analyst)
    assert event.kind is EventKind.OTHER
    assert event.summary.startswith("Assistance requested by EE of DE under norm 13(h)")
    assert event.occurred_at == datetime(2026, 11, 20, 10, tzinfo=UTC)
    actions = [e.action for e in toolbox.audit.entries(by=analyst, key=request.id)]
    assert actions == ["assistance.request"]


def test_a_crrt_request_is_due_within_72_hours_and_the_other_channels_have_no_default(
    toolbox: Toolbox,
) -> None:
    analyst = _user(toolbox, "ana")
    crrt = toolbox.assistance.request(
        by=analyst,
        requester="LT",
        channel=Channel.PESCO_CRRT,
        asked="Incident response team for the energy grid operator.",
        sent_at="2026-11-24T08:00",
    )
    assert crrt.deadline == datetime(2026, 11, 27, 8, tzinfo=UTC)
    reserve = toolbox.assistance.request(
        by=analyst,
        requester="FI",
        channel="eu-cybersecurity-reserve",
        asked="Forensics support.",
    )
    assert reserve.deadline is None
    assert not is_overdue(reserve, NOW + timedelta(days=3650))
    # The bundled team says the same, with its sources.
    team = toolbox.assistance.team("pesco-crrt", by=analyst)
    assert team.response_hours == 72 and team.lead == "LT" and team.bundled
    assert "FR" in team.observers and "FR" not in team.participants
    assert all(source.startswith("https://") for source in team.sources)


def test_answers_and_withdrawals_close_a_request_and_a_closed_request_takes_no_answer(
    toolbox: Toolbox,
) -> None:
    analyst = _user(toolbox, "ana")
    request = toolbox.assistance.request(
        by=analyst,
        requester="EE",
        channel="norm-13h",
        addressee="FI",
        asked="Share indicators.",
        sent_at="2026-11-20T10:00",
        deadline="2026-11-21T10:00",
    )
    answered = toolbox.assistance.answer(request.id, by=analyst, text="Indicators shared.")
    assert answered.status is RequestStatus.ANSWERED
    assert answered.answer is not None and answered.answer.by == "FI"
    assert not is_overdue(answered, NOW)
    assert toolbox.assistance.overdue(NOW, by=analyst) == ()
    with pytest.raises(InvalidInput) as refused:
        toolbox.assistance.answer(request.id, by=analyst, text="Again.")
    assert (refused.value.field, refused.value.value) == ("status", "answered")
    with pytest.raises(InvalidInput):
        toolbox.assistance.withdraw(request.id, by=analyst)

    other = toolbox.assistance.request(
        by=analyst, requester="FR", channel="art-42-7-teu", asked="Aid and assistance."
    )
    with pytest.raises(InvalidInput) as unnamed:
        toolbox.assistance.answer(other.id, by=analyst, text="Pledged.")
    assert unnamed.value.field == "answered_by"
    withdrawn = toolbox.assistance.withdraw(other.id, by=analyst)
    assert withdrawn.status is RequestStatus.WITHDRAWN
    assert withdrawn.withdrawn_at is not None and withdrawn.withdrawn_at >= NOW
    listed = toolbox.assistance.list(by=analyst)
    assert {r.id for r in listed} == {request.id, other.id}
    assert [r.id for r in toolbox.assistance.list(by=analyst, status="withdrawn")] == [other.id]
    actions = [e.action for e in toolbox.audit.entries(by=analyst, key=request.id)]
    assert actions == ["assistance.request", "assistance.answer"]


def test_open_requests_come_first_the_overdue_first_among_them(toolbox: Toolbox) -> None:
    analyst = _user(toolbox, "ana")

    def sent(day: int, deadline: str | None) -> str:
        return toolbox.assistance.request(
            by=analyst,
            requester="EE",
            channel="norm-13h",
            addressee="LV",
            asked=f"Request of day {day}.",
            sent_at=f"2026-11-{day:02d}T09:00",
            deadline=deadline,
        ).id

    on_time = sent(24, "2026-12-01T00:00")
    late = sent(10, "2026-11-12T00:00")
    later = sent(20, "2026-11-21T00:00")
    closed = sent(23, None)
    toolbox.assistance.withdraw(closed, by=analyst)
    order = [r.id for r in toolbox.assistance.list(by=analyst)]
    assert order == [late, later, on_time, closed]
    assert [r.id for r in toolbox.assistance.list(by=analyst, state="LV")] == order
    assert [r.id for r in toolbox.assistance.list(by=analyst, addressee="LV")] == order
    assert toolbox.assistance.list(by=analyst, addressee="LT") == ()


def test_bad_requests_are_refused_naming_the_field_and_nothing_is_written(
    toolbox: Toolbox,
) -> None:
    analyst = _user(toolbox, "ana")
    _incident(toolbox, "Hospital ransomware")
    viewer = _user(toolbox, "vic", Role.VIEWER)
    before = dump(toolbox.database)
    base = {"requester": "EE", "channel": "norm-13h", "addressee": "DE", "asked": "Help."}
    cases: list[tuple[dict[str, object], str]] = [
        ({"incident": "no-such-incident"}, "incident"),
        ({"addressee": "XX"}, "addressee"),
        ({"requester": "QQ"}, "requester"),
        ({"addressee": None}, "addressee"),
        ({"channel": "art-42-7-teu"}, "addressee"),  # a State named where none is asked
        ({"channel": "article-5"}, "channel"),
        ({"sent_at": "2026-11-20T10:00", "deadline": "2026-11-19T10:00"}, "deadline"),
        ({"sent_at": "2026-12-20T10:00"}, "sent_at"),
        ({"asked": "  "}, "asked"),
        ({"classification": "SECRET UE/EU SECRET"}, "classification"),
        ({"tlp": "red"}, "tlp"),
    ]
    for change, field in cases:
        with pytest.raises(InvalidInput) as refused:
            toolbox.assistance.request(by=analyst, **{**base, **change})  # type: ignore[arg-type]
        assert refused.value.field == field, change
        assert refused.value.reason
    with pytest.raises(Forbidden):
        toolbox.assistance.request(by=viewer, **base)  # type: ignore[arg-type]
    assert dump(toolbox.database) == before


def test_teams_and_deployments_with_their_refusals(toolbox: Toolbox) -> None:
    analyst = _user(toolbox, "ana")
    incident = _incident(toolbox, "Grid intrusion")
    team = toolbox.assistance.add_team(
        by=analyst,
        name="Estonian Cyber Defence Unit",
        kind=TeamKind.NATIONAL,
        lead="EE",
        participants=["EE"],
        skills=["forensics"],
        availability=[("2026-11-01", "2026-12-31")],
    )
    assert [t.id for t in toolbox.assistance.teams(by=analyst)] == ["pesco-crrt", team.id]
    deployment = toolbox.assistance.deploy(
        "pesco-crrt",
        by=analyst,
        location="Moldova",
        starts="2026-11-23",
        ends="2026-11-30",
        incident=incident,
        tasks=["vulnerability assessment"],
    )
    assert deployment.location == "MD" and deployment.tlp is Tlp.GREEN
    (event,) = toolbox.situation.timeline(incident, by=analyst)
    assert event.kind is EventKind.TEAM_DEPLOYED
    assert event.summary.startswith("PESCO Cyber Rapid Response Teams (CRRT) deployed to MD")
    closed = toolbox.assistance.close_deployment(
        deployment.id, by=analyst, outcome="Assessment delivered.", lessons="Bring spares."
    )
    assert closed.closed and closed.outcome == "Assessment delivered." and closed.version == 2
    assert [d.id for d in toolbox.assistance.deployments(by=analyst, team="pesco-crrt")] == [
        deployment.id
    ]
    assert toolbox.assistance.deployments(by=analyst, team=team.id) == ()

    before = dump(toolbox.database)
    good = {"location": "MD", "starts": "2026-11-23", "tasks": ["triage"]}
    for team_id, change, field in [
        ("no-such-team", {}, "team"),
        ("pesco-crrt", {"ends": "2026-11-22"}, "ends"),
        ("pesco-crrt", {"incident": "no-such-incident"}, "incident"),
        ("pesco-crrt", {"location": "ZZ"}, "location"),
        ("pesco-crrt", {"tasks": []}, "tasks"),
        ("pesco-crrt", {"starts": "23/11/2026"}, "starts"),
    ]:
        with pytest.raises(InvalidInput) as refused:
            toolbox.assistance.deploy(team_id, by=analyst, **{**good, **change})  # type: ignore[arg-type]
        assert refused.value.field == field, change
    with pytest.raises(InvalidInput) as twice:
        toolbox.assistance.close_deployment(deployment.id, by=analyst, outcome="Again.")
    assert twice.value.field == "closed"
    with pytest.raises(InvalidInput) as overlapping:
        toolbox.assistance.add_team(
            by=analyst, name="Mixed", kind="other", participants=["FR"], observers=["FR"]
        )
    assert overlapping.value.field == "observers"
    assert dump(toolbox.database) == before


def test_offers_follow_their_request(toolbox: Toolbox) -> None:
    analyst = _user(toolbox, "ana")
    red = _user(toolbox, "rex", clearance=Tlp.RED)
    request = toolbox.assistance.request(
        by=red, requester="EE", channel="norm-13h", addressee="FI", asked="Help.", tlp="red"
    )
    with pytest.raises(InvalidInput):
        toolbox.assistance.request(
            by=analyst, requester="EE", channel="norm-13h", addressee="FI", asked="x", tlp="red"
        )
    offer = toolbox.assistance.offer(
        by=red, offered_by="Sweden", what="Two incident responders.", request=request.id
    )
    assert (offer.to_state, offer.tlp) == ("EE", Tlp.RED)
    assert toolbox.assistance.offers(by=red, request=request.id) == (offer,)
    with pytest.raises(InvalidInput) as unknown:
        toolbox.assistance.offer(by=analyst, offered_by="SE", what="x", request=request.id)
    assert unknown.value.field == "request"
    with pytest.raises(InvalidInput) as nowhere:
        toolbox.assistance.offer(by=analyst, offered_by="SE", what="x")
    assert nowhere.value.field == "to_state"


def test_reads_fail_closed_on_marking_classification_and_hidden_incidents(
    toolbox: Toolbox,
) -> None:
    cleared = _user(toolbox, "top", clearance=Tlp.RED, classification=Classification.SECRET_UE)
    reader = _user(toolbox, "amber")
    hidden = _incident(toolbox, "Hidden intrusion", tlp="red")
    red = toolbox.assistance.request(
        by=cleared, requester="EE", channel="norm-13h", addressee="DE", asked="a", tlp="red"
    )
    secret = toolbox.assistance.request(
        by=cleared,
        requester="EE",
        channel="pesco-crrt",
        asked="b",
        classification="SECRET UE/EU SECRET",
    )
    about_hidden = toolbox.assistance.request(
        by=cleared,
        requester="EE",
        channel="pesco-crrt",
        asked="c",
        incident=hidden,
        tlp="amber",
    )
    assert {r.id for r in toolbox.assistance.list(by=cleared)} == {
        red.id,
        secret.id,
        about_hidden.id,
    }
    assert toolbox.assistance.list(by=reader) == ()
    assert toolbox.assistance.overdue(NOW + timedelta(days=30), by=reader) == ()
    assert toolbox.assistance.open_counts([hidden], by=reader) == {}
    for request in (red, secret, about_hidden):
        with pytest.raises(NotFound):
            toolbox.assistance.get(request.id, by=reader)
    assert len(toolbox.assistance.overdue(NOW + timedelta(days=30), by=cleared)) == 2
