"""The audit trail and accounts pages (issue 14): who may open them, what their rows say,
and what they never show (secrets, hashes, entries above the reader's clearance)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from account_support import add_user, sign_in
from cdtoolbox.interfaces.web.admin_pages import AUDIT_PAGE_SIZE
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.store.governance_schema import audit_log
from cdtoolbox.toolbox import Toolbox
from web_support import TestClient

_ROW = re.compile(r'<td class="num" data-label="Entry">(\d+)</td>')


def _document(title: str, tlp: str) -> dict[str, object]:
    return {"title": title, "start": "2026-10-01", "types": ["espionage"], "tlp": tlp}


def _entry_numbers(html: str) -> list[int]:
    return [int(number) for number in _ROW.findall(html)]


@pytest.fixture
def admin(fresh_toolbox: Toolbox, fresh_client: TestClient) -> TestClient:
    add_user(fresh_toolbox, "adela", Role.ADMIN)  # cleared for TLP:AMBER
    sign_in(fresh_client, "adela")
    return fresh_client


def test_the_audit_trail_reads_newest_first_in_words_with_links(
    fresh_toolbox: Toolbox, admin: TestClient
) -> None:
    analyst = add_user(fresh_toolbox, "ana", Role.ANALYST)
    incident = fresh_toolbox.incidents.add(
        [_document("Open reporting", "green")], source="analyst input", by=analyst
    ).created[0]
    case = fresh_toolbox.cases.open([incident.id], by=analyst)

    response = admin.get("/audit")
    assert response.status_code == 200
    page = response.text
    assert "Chain intact" in page
    numbers = _entry_numbers(page)
    total = len(fresh_toolbox.audit.entries(by=SYSTEM_USER))
    assert numbers[:3] == [total, total - 1, total - 2]
    assert numbers == sorted(numbers, reverse=True)
    opened = page.index("Case opened")
    assert opened < page.index("Incident recorded") < page.index("Account created")
    assert f'<a href="/cases/{case.id}">{case.id}</a>' in page
    assert 'title="case.open"' in page  # the code is still there for whoever needs it
    assert 'href="/accounts#account-ana"' in page
    # A record's history keeps only its entries.
    history = admin.get(f"/audit?entity=case&key={case.id}").text
    assert _entry_numbers(history) == [numbers[0]] and "Account created" not in history


def test_entries_above_the_readers_clearance_are_not_shown(
    fresh_toolbox: Toolbox, admin: TestClient
) -> None:
    fresh_toolbox.incidents.add(
        [_document("Closed reporting", "red")], source="closed source", by=SYSTEM_USER
    )
    fresh_toolbox.incidents.add([_document("Open", "amber")], source="open source", by=SYSTEM_USER)
    page = admin.get("/audit").text
    assert "open source" in page
    assert "closed source" not in page
    # The chain check counts every entry: it discloses none.
    assert f"All {len(fresh_toolbox.audit.entries(by=SYSTEM_USER))} entries" in page


def test_the_trail_pages_back_from_the_last_entry_shown(
    fresh_toolbox: Toolbox, admin: TestClient
) -> None:
    for number in range(AUDIT_PAGE_SIZE + 5):
        fresh_toolbox.users.add(
            by=SYSTEM_USER, username=f"user-{number:02}", display_name="U", role=Role.VIEWER
        )
    first = admin.get("/audit").text
    shown = _entry_numbers(first)
    assert len(shown) == AUDIT_PAGE_SIZE
    older = re.search(r'<a rel="next" href="([^"]+)">Older entries</a>', first)
    assert older, "no link to the older entries"
    second = admin.get(older.group(1).replace("&amp;", "&")).text
    rest = _entry_numbers(second)
    total = len(fresh_toolbox.audit.entries(by=SYSTEM_USER))
    # The accounts just added are the newest entries: the second page goes on from them.
    assert shown == list(range(total, total - AUDIT_PAGE_SIZE, -1))
    assert rest[:5] == list(range(total - AUDIT_PAGE_SIZE, total - AUDIT_PAGE_SIZE - 5, -1))
    assert 'href="/audit">Newest entries' in second
    for wrong in ("soon", "0", "²", str(10**30)):
        assert admin.get("/audit", params={"before": wrong}).status_code == 422, wrong


def test_a_tampered_trail_says_where_it_breaks(fresh_toolbox: Toolbox, admin: TestClient) -> None:
    with fresh_toolbox.database.connect(read_only=False) as connection:
        connection.execute(update(audit_log).where(audit_log.c.seq == 1).values(actor="mallory"))
    page = admin.get("/audit").text
    assert "Chain broken" in page and "BROKEN at entry 1" in page


def test_the_accounts_page_lists_accounts_and_never_a_secret(
    fresh_toolbox: Toolbox, admin: TestClient
) -> None:
    add_user(fresh_toolbox, "delia", Role.DELEGATE, member_state="DE", clearance=Tlp.GREEN)
    fresh_toolbox.users.update("delia", by=SYSTEM_USER, active=False)
    fresh_toolbox.users.add(by=SYSTEM_USER, username="vic", display_name="Vic", role=Role.VIEWER)
    _, secret = fresh_toolbox.users.issue_token("vic", "feed", by=SYSTEM_USER)

    response = admin.get("/accounts")
    assert response.status_code == 200
    page = response.text
    rows = dict(re.findall(r'<tr id="account-([^"]+)">(.*?)</tr>', page, flags=re.DOTALL))
    assert set(rows) == {"adela", "delia", "vic"}
    delia = re.sub(r"<[^>]+>|\s+", " ", rows["delia"])
    assert "Member State delegate" in delia and "Germany" in delia
    assert "TLP:GREEN" in delia and "Disabled" in delia
    assert "Viewer" in rows["vic"] and 'data-label="API tokens">1</td>' in rows["vic"]
    assert "Administrator" in rows["adela"] and "Active" in rows["adela"]
    [token] = fresh_toolbox.users.tokens("vic", by=SYSTEM_USER)
    assert token.token_id not in page  # not even the token's id
    assert secret not in page and secret[:12] not in page
    assert "$scrypt$" not in page and "password_hash" not in page


@pytest.mark.parametrize(
    ("role", "audit", "accounts"),
    [(Role.VIEWER, 403, 403), (Role.DELEGATE, 403, 403), (Role.ANALYST, 200, 403)],
)
def test_others_get_the_refusal_page_and_no_navigation_link(
    fresh_toolbox: Toolbox, fresh_client: TestClient, role: Role, audit: int, accounts: int
) -> None:
    add_user(fresh_toolbox, "someone", role, member_state="FR" if role is Role.DELEGATE else None)
    sign_in(fresh_client, "someone")
    assert fresh_client.get("/audit").status_code == audit
    refused = fresh_client.get("/accounts")
    assert refused.status_code == accounts and "manage user accounts" in refused.text
    home = fresh_client.get("/").text
    assert ('href="/audit"' in home) is (audit == 200)
    assert 'href="/accounts"' not in home


def test_an_administrator_sees_both_links(admin: TestClient) -> None:
    home = admin.get("/").text
    assert 'href="/audit"' in home and 'href="/accounts"' in home


@pytest.mark.parametrize("path", ["/audit", "/accounts"])
def test_anonymous_visitors_are_sent_to_sign_in(fresh_client: TestClient, path: str) -> None:
    response = fresh_client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next=%2F{path[1:]}"
