"""The review form of a statement's draft response: shown to an analyst with the fields to
correct, refused at the field when a correction is wrong, and, confirmed, the response on
the incident's page (SQLite and PostgreSQL)."""

from __future__ import annotations

from account_support import add_user, form_token, sign_in
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.model.statement import StatementFile
from cdtoolbox.toolbox import Toolbox
from web_support import TestClient

ESTONIA = (
    b"Declaration by the High Representative on behalf of the EU on malicious cyber "
    b"activities against Estonia\n\nBrussels, 3 November 2026\n\nThe European Union strongly "
    b"condemns the malicious cyber activity conducted by the Russian Federation against the "
    b"energy sector of Estonia."
)


def test_an_analyst_corrects_and_confirms_a_draft_and_its_incident(
    fresh_toolbox: Toolbox, fresh_client: TestClient
) -> None:
    (added,) = fresh_toolbox.statements.add([StatementFile("estonia.txt", ESTONIA)], by=SYSTEM_USER)
    page = f"/statements/{added.statement.id}/draft"
    # Drafting is an analyst's: a visitor is sent to sign in, a viewer refused.
    assert fresh_client.get(page, follow_redirects=False).status_code in (303, 401)
    add_user(fresh_toolbox, "vic", Role.VIEWER)
    sign_in(fresh_client, "vic")
    assert fresh_client.get(page).status_code == 403

    add_user(fresh_toolbox, "ana", Role.ANALYST)
    sign_in(fresh_client, "ana")
    shown = fresh_client.get(page)
    assert shown.status_code == 200, shown.text
    assert 'name="incident_title"' in shown.text and "Estonia" in shown.text
    assert 'value="stability.hr_declaration" selected' in shown.text

    refused = fresh_client.post(
        page,
        data={"date": "10 May", "csrf_token": form_token(fresh_client, page)},
    )
    assert refused.status_code == 422
    assert 'id="date-error"' in refused.text and 'aria-invalid="true"' in refused.text
    assert 'value="10 May"' in refused.text  # what was typed is kept
    untyped = fresh_client.post(page, data={"csrf_token": form_token(fresh_client, page)})
    assert untyped.status_code == 422 and 'id="incident_types-error"' in untyped.text

    confirmed = fresh_client.post(
        page,
        data={
            "incident_title": "Energy grid intrusion in Estonia",
            "incident_types": ["sabotage"],
            "wording": "Conducted by the Russian Federation.",
            "csrf_token": form_token(fresh_client, page),
        },
        follow_redirects=False,
    )
    assert confirmed.status_code == 303, confirmed.text
    target = confirmed.headers["location"]
    assert target.startswith("/incidents/energy-grid-intrusion-in-estonia")
    incident = fresh_client.get(target.split("#")[0])
    assert "Conducted by the Russian Federation." in incident.text
    assert "Confirmed response" in fresh_client.get(page).text
