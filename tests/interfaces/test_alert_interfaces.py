"""Alerts through `/api/v1/alerts` and the board's "Alerts" section: listed within the
reader's clearance, acknowledged by an analyst (API or form), never to a viewer."""

from __future__ import annotations

from account_support import form_token
from cdtoolbox.model.access import SYSTEM_USER
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
