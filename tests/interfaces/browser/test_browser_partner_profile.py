"""A partner country's profile in Chromium, reached from the capacity-building register, at
desktop and phone width. Screenshots go to artifacts/screenshots/ (partner-profile-*.png)."""

from __future__ import annotations

import re
from typing import Any

from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from web_support import at_each_width


def test_the_profile_opens_from_the_register_with_its_budget_chart(
    page: Any, served: tuple[str, Toolbox], screenshot: Any
) -> None:
    _, toolbox = served
    profile = toolbox.capacity.partner_profile("UA", by=SYSTEM_USER)
    page.goto("/capacity?region=eastern-partnership")
    row = page.locator("tr").filter(has_text="CyberEast")
    row.get_by_role("link", name="UA", exact=True).click()
    page.wait_for_url(re.compile(r"/capacity/partners/UA$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Ukraine: partner profile"
    chart = page.get_by_role("img", name="Ukraine: budget per year (EUR)")
    # One bar per year in the chart and one row per year in the table beside it.
    assert chart.locator("rect").count() == len(profile.budget.years)
    years = page.get_by_role("table", name="Budget per year, EUR").locator("tbody th")
    assert years.all_inner_texts() == [str(y.year) for y in profile.budget.years]
    suffered = page.get_by_role("table", name="Incidents against Ukraine")
    assert suffered.locator("tbody tr").count() == len(profile.suffered)
    for width in at_each_width(page, screenshot, "partner-profile", focus=chart):
        drawn = chart.evaluate("(svg) => svg.getBoundingClientRect().width")
        # The chart shrinks with the column on a phone rather than overflowing it.
        assert drawn <= width
    page.get_by_role("link", name="CBM implementation in detail").click()
    page.wait_for_url(re.compile(r"/cbms/states/UA$"))
    page.get_by_role("link", name="Partner profile").click()
    page.wait_for_url(re.compile(r"/capacity/partners/UA$"))
