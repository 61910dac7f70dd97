"""An administrator reads the audit trail and the accounts in Chromium, at desktop and phone
widths. Screenshots in artifacts/screenshots/audit-*.png and accounts-*.png."""

from __future__ import annotations

import re
from typing import Any

from account_support import add_user, sign_in_page
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.toolbox import Toolbox


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
    first = page.locator("table.audit tbody tr").first
    assert "API token issued" in first.inner_text()
    page.get_by_role("link", name=case.id).click()
    page.wait_for_url(re.compile(rf"/cases/{case.id}$"))
    page.go_back()
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"audit-{width}", full_page=False)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the audit trail scrolls sideways at {width} px"

    page.set_viewport_size({"width": 1440, "height": 900})
    page.get_by_role("link", name="Accounts", exact=True).click()
    page.wait_for_url(re.compile(r"/accounts$"))
    row = page.locator("#account-delegate-de").inner_text()
    assert "Member State delegate" in row and "Germany" in row
    assert page.locator("#account-browser-analyst td.num").inner_text() == "1"
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"accounts-{width}", full_page=False)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the accounts page scrolls sideways at {width} px"
