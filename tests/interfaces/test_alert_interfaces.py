"""Alerts through `/api/v1/alerts` and the board's "Alerts" section: listed within the
reader's clearance, acknowledged by an analyst (API or form), never to a viewer."""

from __future__ import annotations

from account_support import TEST_SECRET_KEY, add_user, form_token
from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.toolbox import Toolbox
from web_support import TestClient


def test_the_api_lists_and_an_analyst_acknowledges(
    api_writer: TestClient, fresh_client: TestClient, fresh_toolbox: Toolbox
) -> None:
    # `init` ran the rules over the curated incidents it imported.
    listed = fresh_client.get("/api/v1/alerts").json()
    assert listed["total"] > 0
    alert = listed["items"][0]
    assert fresh_client.post(f"/api/v1/alerts/{alert['id']}/acknowledge").status_code == 401
    done = api_writer.post(f"/api/v1/alerts/{alert['id']}/acknowledge")
    assert done.status_code == 200 and done.json()["acknowledged_by"] == "api-analyst"
    assert api_writer.post(f"/api/v1/alerts/{alert['id']}/acknowledge").status_code == 422
    assert api_writer.post("/api/v1/alerts/no-such-alert/acknowledge").status_code == 404
    still_open = {a["id"] for a in fresh_client.get("/api/v1/alerts").json()["items"]}
    assert alert["id"] not in still_open
    acknowledged = fresh_client.get("/api/v1/alerts?acknowledged=true").json()["items"]
    assert [a["id"] for a in acknowledged] == [alert["id"]]
    assert len(fresh_toolbox.alerts.list(by=SYSTEM_USER)) == listed["total"] - 1


def test_the_board_shows_the_alerts_and_an_analyst_acknowledges_one(
    fresh_analyst: TestClient, fresh_toolbox: Toolbox
) -> None:
    (first, *_) = fresh_toolbox.alerts.list(by=SYSTEM_USER)
    board = fresh_analyst.get("/situation")
    assert board.status_code == 200 and 'id="alerts-title"' in board.text
    assert first.summary in board.text and f"/alerts/{first.id}/acknowledge" in board.text
    posted = fresh_analyst.post(
        f"/alerts/{first.id}/acknowledge",
        data={"csrf_token": form_token(fresh_analyst, "/situation")},
        follow_redirects=False,
    )
    assert posted.status_code == 303, posted.text
    after = fresh_analyst.get("/situation").text
    assert f"/alerts/{first.id}/acknowledge" not in after and "Alert acknowledged" in after


def test_a_webhook_target_outside_the_allow_list_is_refused_with_422(
    fresh_toolbox: Toolbox,
) -> None:
    add_user(fresh_toolbox, "api-admin", Role.ADMIN)
    _, secret = fresh_toolbox.users.issue_token("api-admin", "tests", by=SYSTEM_USER)
    app = create_app(fresh_toolbox, secret_key=TEST_SECRET_KEY)
    headers = {"Authorization": f"Bearer {secret}"}
    with TestClient(app, raise_server_exceptions=False, headers=headers) as admin:
        body = {"url": "https://elsewhere.example.com/hooks/", "secret": "s" * 40}
        refused = admin.post("/api/v1/webhooks", json=body)
        assert refused.status_code == 422, refused.text
        (error,) = refused.json()["errors"]
        assert error["field"] == "url" and "allow-list" in error["reason"]
        assert admin.get("/api/v1/webhooks").json()["total"] == 0
