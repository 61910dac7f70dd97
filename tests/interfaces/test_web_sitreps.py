"""The pages of situation reports: the incident page's section, a sitrep's page with its
versions, the approval form (an approver who did not draft it) and the downloads of an
approved version under its TLP banner."""

from __future__ import annotations

from account_support import add_user, form_token, sign_in
from cdtoolbox.model.access import Role
from cdtoolbox.toolbox import Toolbox
from cdtoolbox.toolbox.sitreps import SitrepText
from web_support import TestClient

INCIDENT = "wannacry-2017"
TEXT = SitrepText(
    "Ransomware spread worldwide.",
    "Attributed by several States.",
    "Indicators shared.",
    "Consider a joint statement.",
)


def test_an_approver_approves_on_the_page_and_the_version_downloads(
    fresh_toolbox: Toolbox, fresh_client: TestClient
) -> None:
    analyst = add_user(fresh_toolbox, "ana", Role.ANALYST)
    add_user(fresh_toolbox, "apo", Role.APPROVER)
    sitrep = fresh_toolbox.sitreps.draft(INCIDENT, TEXT, by=analyst)
    incident_page = fresh_client.get(f"/incidents/{INCIDENT}")
    assert f'href="/sitreps/{sitrep.id}"' in incident_page.text
    page = f"/sitreps/{sitrep.id}"
    shown = fresh_client.get(page)
    assert shown.status_code == 200 and "Attributed by several States." in shown.text
    assert "Approve version" not in shown.text  # not to a visitor
    assert fresh_client.get(f"{page}.md").status_code == 422  # a draft is not exported

    sign_in(fresh_client, "apo")
    assert "Approve version 1" in fresh_client.get(page).text
    posted = fresh_client.post(
        f"{page}/approve",
        data={"version": "1", "csrf_token": form_token(fresh_client, page)},
        follow_redirects=False,
    )
    assert posted.status_code == 303, posted.text
    approved = fresh_client.get(page).text
    assert "approved" in approved and "by apo" in approved
    download = fresh_client.get(f"{page}.md?version=1")
    assert download.status_code == 200
    assert download.text.startswith(f"**{sitrep.tlp.label}**")
    assert "attachment" in download.headers["content-disposition"]


def test_the_author_is_not_offered_the_approval_and_is_refused(
    fresh_toolbox: Toolbox, fresh_client: TestClient
) -> None:
    admin = add_user(fresh_toolbox, "adm", Role.ADMIN)
    sitrep = fresh_toolbox.sitreps.draft(INCIDENT, TEXT, by=admin)
    sign_in(fresh_client, "adm")
    page = f"/sitreps/{sitrep.id}"
    assert "Approve version" not in fresh_client.get(page).text
    refused = fresh_client.post(
        f"{page}/approve",
        data={"version": "1", "csrf_token": form_token(fresh_client, page)},
        follow_redirects=False,
    )
    assert refused.status_code == 403
    assert fresh_toolbox.sitreps.get(sitrep.id, by=admin).approved_by is None
