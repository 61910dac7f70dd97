"""An administrator reads the audit trail and the accounts in Chromium, at desktop and phone
widths. Screenshots in artifacts/screenshots/audit-*.png and accounts-*.png."""

from __future__ import annotations

import re
from typing import Any

from account_support import add_user, sign_in_page
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.toolbox import Toolbox
from web_support import show_at_each_width


def test_an_administrator_reads_the_trail_and_the_accounts(
    page: Any, served: tuple[str, Toolbox], screenshot: Any
) -> None:
    _, toolbox = served
    add_user(toolbox, "browser-admin", Role.ADMIN)
    analyst = toolbox.users.get("browser-analyst")
    case = toolbox.cases.open(["wannacry-2017"], by=analyst)
    toolbox.users.issue_token("browser-analyst", "feed reader", by=SYSTEM_USER)

    sign_in_page(page, "browser-admin")
    page.get_by_role("link", name="Audit", exact=True).click()
    page.wait_for_url(re.compile(r"/audit$"))
    assert page.locator("#chain-title").inner_text() == "Chain intact"
    # Newest first: the administrator's own sign-in, then the token issued before it.
    rows = page.locator("table.audit tbody tr")
    assert "Signed in" in rows.nth(0).inner_text()
    assert "API token issued" in rows.nth(1).inner_text()
    page.get_by_role("link", name=case.id).click()
    page.wait_for_url(re.compile(rf"/cases/{case.id}$"))
    page.go_back()
    show_at_each_width(page, screenshot, "audit", what="the audit trail")

    page.set_viewport_size({"width": 1440, "height": 900})
    page.get_by_role("link", name="Accounts", exact=True).click()
    page.wait_for_url(re.compile(r"/accounts$"))
    row = page.locator("#account-delegate-de").inner_text()
    assert "Member State delegate" in row and "Germany" in row
    assert page.locator("#account-browser-analyst td.num").inner_text() == "1"
    show_at_each_width(page, screenshot, "accounts", what="the accounts page")
