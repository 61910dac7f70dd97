"""The response cases pages and their forms, for each role (both backends)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import httpx
import pytest

from account_support import TEST_SECRET_KEY, add_user, form_token, sign_in
from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.case import CaseState, PositionKind, ResponseCase
from cdtoolbox.toolbox import Toolbox
from web_support import TestClient

ClientFor = Callable[[str], TestClient]


@pytest.fixture
def people(fresh_toolbox: Toolbox) -> dict[str, User]:
    return {
        "analyst": add_user(fresh_toolbox, "ana", Role.ANALYST),
        "viewer": add_user(fresh_toolbox, "vic", Role.VIEWER),
        "approver": add_user(fresh_toolbox, "apo", Role.APPROVER),
        "de": add_user(fresh_toolbox, "delegate-de", Role.DELEGATE, member_state="DE"),
    }


@pytest.fixture
def client_for(fresh_toolbox: Toolbox, people: dict[str, User]) -> Iterator[ClientFor]:
    """A signed-in browser per user, each with its own cookies."""
    app = create_app(fresh_toolbox, secret_key=TEST_SECRET_KEY)
    clients: list[TestClient] = []

    def signed_in(username: str) -> TestClient:
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        sign_in(client, username)
        return client

    yield signed_in
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def consulting(fresh_toolbox: Toolbox, people: dict[str, User]) -> ResponseCase:
    analyst = people["analyst"]
    case = fresh_toolbox.cases.open(["wannacry-2017"], by=analyst)
    return fresh_toolbox.cases.move(case.id, CaseState.CONSULTATION, by=analyst)


def post(client: TestClient, path: str, page: str, **fields: str) -> httpx.Response:
    return client.post(
        path, data={**fields, "csrf_token": form_token(client, page)}, follow_redirects=False
    )


def test_an_analyst_opens_a_case_from_the_incident_page(
    fresh_toolbox: Toolbox, client_for: ClientFor
) -> None:
    analyst = client_for("ana")
    page = analyst.get("/incidents/wannacry-2017").text
    assert "Open a response case" in page and "No response case about this incident" in page
    response = analyst.post(
        "/incidents/wannacry-2017/cases",
        data={"csrf_token": form_token(analyst, "/incidents/wannacry-2017")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    case_id = response.headers["location"].rsplit("/", 1)[-1]
    case_page = analyst.get(response.headers["location"]).text
    assert "Case opened: Response to WannaCry ransomware worm." in case_page
    assert "Restrictive measures" in case_page or "restrictive" in case_page.lower()
    assert 'id="audit"' in case_page and "case.open" in case_page
    assert fresh_toolbox.cases.get(case_id, by=SYSTEM_USER).case.created_by == "ana"
    again = analyst.get("/incidents/wannacry-2017").text
    assert f'href="/cases/{case_id}"' in again


def test_a_viewer_reads_cases_without_any_form(
    client_for: ClientFor, consulting: ResponseCase
) -> None:
    viewer = client_for("vic")
    assert "Open a response case" not in viewer.get("/incidents/wannacry-2017").text
    page = viewer.get(f"/cases/{consulting.id}").text
    assert consulting.title in page
    assert '<form class="position-form"' not in page and "Move the case" not in page
    assert 'id="audit"' not in page  # a viewer may not read the audit trail
    assert viewer.get("/cases").status_code == 200


def test_the_case_list_filters_by_state_and_counts(
    fresh_toolbox: Toolbox,
    client_for: ClientFor,
    people: dict[str, User],
    consulting: ResponseCase,
) -> None:
    drafting = fresh_toolbox.cases.open(["notpetya-2017"], by=people["analyst"])
    analyst = client_for("ana")
    every = analyst.get("/cases").text
    assert consulting.title in every and drafting.title in every
    only = analyst.get("/cases?state=consultation").text
    assert f'href="/cases/{consulting.id}"' in only and f'href="/cases/{drafting.id}"' not in only
    assert re.search(r'value="consultation" checked> Consultation of Member States', only)
    assert analyst.get("/cases?state=pending").status_code == 422
    dashboard = analyst.get("/").text
    assert "Open response cases" in dashboard and 'href="/cases?state=consultation"' in dashboard


def test_a_delegate_records_their_own_position_and_only_theirs(
    fresh_toolbox: Toolbox, client_for: ClientFor, consulting: ResponseCase
) -> None:
    delegate = client_for("delegate-de")
    page_path = f"/cases/{consulting.id}"
    page = delegate.get(page_path).text
    # Only the delegate's own row has forms, and they post the delegate's state.
    assert set(re.findall(r'name="member_state" value="([A-Z]{2})"', page)) == {"DE"}
    assert "No position yet" in page
    measure = consulting.active_measures[0].id
    response = post(
        delegate,
        f"/cases/{consulting.id}/positions",
        page_path,
        measure_id=measure,
        member_state="DE",
        position="oppose",
        comment="Pending the legal service's opinion",
    )
    assert response.status_code == 303
    after = delegate.get(page_path).text
    assert "Position of DE on m1 recorded: Oppose." in after
    assert '<span class="position position--oppose">Oppose</span>' in after
    assert "blocked by DE" in after
    position = fresh_toolbox.cases.get(consulting.id, by=SYSTEM_USER).position(measure, "DE")
    assert position is not None and position.position is PositionKind.OPPOSE

    forged = post(
        delegate,
        f"/cases/{consulting.id}/positions",
        page_path,
        measure_id=measure,
        member_state="FR",
        position="support",
    )
    assert forged.status_code == 403
    assert "only a delegate of FR records FR" in forged.text
    assert fresh_toolbox.cases.get(consulting.id, by=SYSTEM_USER).position(measure, "FR") is None


def test_a_stale_edit_shows_the_conflict_and_keeps_what_was_typed(
    fresh_toolbox: Toolbox, client_for: ClientFor, people: dict[str, User]
) -> None:
    case = fresh_toolbox.cases.open(["wannacry-2017"], by=people["analyst"])
    analyst = client_for("ana")
    page_path = f"/cases/{case.id}"
    opened = analyst.get(page_path).text
    token = form_token(analyst, page_path)
    measure = case.active_measures[0].id
    assert f'name="expected_version" value="{case.version}"' in opened
    # A colleague saves first.
    fresh_toolbox.cases.measures.edit(
        case.id, measure, by=people["analyst"], justification="colleague", text="Their wording"
    )
    response = analyst.post(
        f"/cases/{case.id}/measures/{measure}",
        data={
            "csrf_token": token,
            "expected_version": str(case.version),
            "action": "edit",
            "text": "My wording",
            "justification": "tightened",
        },
    )
    assert response.status_code == 409
    assert "Someone changed this case while you were working on it" in response.text
    assert f"The page now shows version {case.version + 1}" in response.text
    assert "Their wording" in response.text and ">My wording</textarea>" in response.text
    assert f'name="expected_version" value="{case.version + 1}"' in response.text
    stored = fresh_toolbox.cases.get(case.id, by=SYSTEM_USER).case.measure(measure)
    assert stored is not None and stored.text == "Their wording"


def test_measures_move_and_decision_through_the_forms(
    fresh_toolbox: Toolbox, client_for: ClientFor, people: dict[str, User]
) -> None:
    case = fresh_toolbox.cases.open(["wannacry-2017"], by=people["analyst"])
    analyst = client_for("ana")
    page_path = f"/cases/{case.id}"
    proposed = {m.instrument_id for m in case.active_measures}
    instrument = next(
        i.id for i in fresh_toolbox.knowledge.instruments.ladder() if i.id not in proposed
    )
    added = post(
        analyst,
        f"/cases/{case.id}/measures",
        page_path,
        instrument_id=instrument,
        text="Wording agreed with the desk",
        justification="A statement first",
        expected_version=str(case.version),
    )
    assert added.status_code == 303
    missing_reason = post(
        analyst,
        f"/cases/{case.id}/measures/m1",
        page_path,
        action="drop",
        justification="",
        expected_version=str(case.version + 1),
    )
    assert missing_reason.status_code == 422
    assert "justification" in missing_reason.text

    moved = post(
        analyst,
        f"/cases/{case.id}/state",
        page_path,
        state="consultation",
        note="To COREPER",
        expected_version=str(case.version + 1),
    )
    assert moved.status_code == 303
    assert fresh_toolbox.cases.get(case.id, by=SYSTEM_USER).case.state is CaseState.CONSULTATION
    assert "Record the decision" not in analyst.get(page_path).text  # approvers decide

    approver = client_for("apo")
    unconfirmed = post(approver, f"/cases/{case.id}/decision", page_path, note="No consensus")
    assert unconfirmed.status_code == 422 and "tick the box to confirm" in unconfirmed.text
    decided = post(
        approver, f"/cases/{case.id}/decision", page_path, note="No consensus", confirm="yes"
    )
    assert decided.status_code == 303
    decided_state = fresh_toolbox.cases.get(case.id, by=SYSTEM_USER).case.state
    assert decided_state in (CaseState.ADOPTED, CaseState.NOT_ADOPTED)
    assert "Decision recorded" in approver.get(page_path).text
    wrong_step = post(analyst, f"/cases/{case.id}/state", page_path, state="consultation")
    assert wrong_step.status_code == 409
    assert "Not possible in this state" in wrong_step.text


def test_cases_need_an_account(fresh_client: TestClient, consulting: ResponseCase) -> None:
    response = fresh_client.get(f"/cases/{consulting.id}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next=%2Fcases%2F{consulting.id}"
    assert "Open response cases" not in fresh_client.get("/").text
    assert 'id="cases"' not in fresh_client.get("/incidents/wannacry-2017").text


def test_every_form_that_posts_carries_the_token(
    fresh_toolbox: Toolbox, client_for: ClientFor, people: dict[str, User]
) -> None:
    case = fresh_toolbox.cases.open(["wannacry-2017"], by=people["analyst"])
    analyst = client_for("ana")
    pages = [f"/cases/{case.id}", "/incidents/wannacry-2017", "/import", "/", "/login"]
    forms = 0
    for path in pages:
        html = analyst.get(path).text
        for form in re.findall(r'<form[^>]*method="post".*?</form>', html, re.S):
            forms += 1
            assert 'name="csrf_token"' in form, f"{path}: {form[:120]}"
    assert forms >= 8
