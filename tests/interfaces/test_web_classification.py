"""A classified incident on the pages: a cleared reader reads its page, with the marking in the
header and beside TLP; its brief is not downloadable (documents leave the system unclassified);
a reader cleared for every TLP but no classification gets the page of a missing incident."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from account_support import TEST_SECRET_KEY, sign_in
from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.model.vocabulary import Classification, Tlp
from cdtoolbox.toolbox import Toolbox
from tests_support import PASSWORD
from web_support import TestClient

MARKING = "RESTREINT UE/EU RESTRICTED"


@pytest.fixture
def classified_slug(fresh_toolbox: Toolbox) -> str:
    for username, level in (("cleared", Classification.RESTREINT_UE), ("uncleared", None)):
        fresh_toolbox.users.add(
            by=SYSTEM_USER,
            username=username,
            display_name=username,
            role=Role.ANALYST,
            clearance=Tlp.RED,
            classification_clearance=level,
            password=PASSWORD,
        )
    document = {
        "title": "Intrusion into a ministry's restricted network",
        "start": "2026-10-02",
        "types": ["espionage"],
        "classification": "restreint-ue",
    }
    return fresh_toolbox.incidents.add([document], source="test", by=SYSTEM_USER).created[0].slug


@pytest.fixture
def client(fresh_toolbox: Toolbox) -> Iterator[TestClient]:
    with TestClient(
        create_app(fresh_toolbox, secret_key=TEST_SECRET_KEY), raise_server_exceptions=False
    ) as client:
        yield client


def test_a_cleared_reader_reads_the_page_with_both_markings(
    client: TestClient, classified_slug: str
) -> None:
    sign_in(client, "cleared")
    page = client.get(f"/incidents/{classified_slug}")
    assert page.status_code == 200, page.text[:500]
    assert page.text.count(MARKING) >= 2  # the header and the incident's own marking
    assert "TLP:CLEAR" in page.text
    listed = client.get("/incidents?text=restricted").text
    assert classified_slug in listed
    download = client.get(f"/incidents/{classified_slug}/brief.md")
    assert download.status_code == 403
    assert "reports are unclassified documents" in download.text


def test_tlp_red_without_a_classification_clearance_sees_nothing(
    client: TestClient, classified_slug: str
) -> None:
    sign_in(client, "uncleared")
    assert client.get(f"/incidents/{classified_slug}").status_code == 404
    assert classified_slug not in client.get("/incidents?text=restricted").text
    assert client.get(f"/incidents/{classified_slug}/brief.md").status_code == 404
