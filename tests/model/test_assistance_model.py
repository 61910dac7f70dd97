"""The pure rules of assistance records: when a request is overdue, and what makes a request
or a deployment wrong (field, value, reason)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from cdtoolbox.model.assistance import (
    Answer,
    AssistanceRequest,
    Channel,
    Deployment,
    RequestStatus,
    deployment_problem,
    is_overdue,
    request_problem,
)
from cdtoolbox.model.assistance_codec import request_from_dict, request_to_dict

SENT = datetime(2026, 11, 20, 10, tzinfo=UTC)
DUE = SENT + timedelta(hours=72)


def _request(**changes: object) -> AssistanceRequest:
    request = AssistanceRequest(
        id="r",
        requester="EE",
        channel=Channel.NORM_13H,
        asked="Help.",
        sent_at=SENT,
        recorded_at=SENT,
        recorded_by="ana",
        addressee="DE",
        deadline=DUE,
    )
    return request.evolve(**changes)


@pytest.mark.parametrize(
    ("changes", "at", "overdue"),
    [
        ({}, DUE, False),  # at the deadline itself, not yet late
        ({}, DUE + timedelta(seconds=1), True),
        ({"deadline": None}, DUE + timedelta(days=999), False),
        ({"status": RequestStatus.ANSWERED}, DUE + timedelta(days=1), False),
        ({"status": RequestStatus.WITHDRAWN}, DUE + timedelta(days=1), False),
    ],
)
def test_overdue_is_open_and_past_the_deadline(
    changes: dict[str, object], at: datetime, overdue: bool
) -> None:
    assert is_overdue(_request(**changes), at) is overdue


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"asked": " "}, "asked"),
        ({"addressee": None}, "addressee"),
        ({"channel": Channel.ART_222_TFEU}, "addressee"),
        ({"addressee": "EE"}, "addressee"),
        ({"sent_at": SENT + timedelta(minutes=1)}, "sent_at"),
        ({"deadline": SENT - timedelta(minutes=1)}, "deadline"),
    ],
)
def test_a_wrong_request_names_its_field(changes: dict[str, object], field: str) -> None:
    problem = request_problem(_request(**changes))
    assert problem is not None and problem[0] == field and problem[2]
    assert request_problem(_request()) is None


def test_a_wrong_deployment_names_its_field() -> None:
    deployment = Deployment(
        id="d",
        team_id="pesco-crrt",
        location="MD",
        starts=date(2026, 11, 23),
        recorded_at=SENT,
        recorded_by="ana",
        tasks=("triage",),
    )
    assert deployment_problem(deployment) is None
    assert deployment_problem(deployment.evolve(ends=date(2026, 11, 22)))[0] == "ends"  # type: ignore[index]
    assert deployment_problem(deployment.evolve(tasks=()))[0] == "tasks"  # type: ignore[index]
    assert deployment_problem(deployment.evolve(closed=True))[0] == "outcome"  # type: ignore[index]


def test_a_request_reads_back_from_its_document() -> None:
    answered = _request(
        status=RequestStatus.ANSWERED, answer=Answer(by="DE", at=DUE, text="Done."), version=2
    )
    assert request_from_dict(request_to_dict(answered)) == answered
