"""An analyst creates an incident in Chromium, is told what to correct, edits it and runs into
a colleague's change, at 1440 and 390 px. Screenshots in artifacts/screenshots/incform-*.png."""

from __future__ import annotations

import re
from typing import Any

import pytest

from account_support import sign_in_page
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.model.vocabulary import IncidentStatus, Tlp
from cdtoolbox.toolbox import Toolbox
from web_support import assert_no_sideways_scroll


def _stored_titles(toolbox: Toolbox) -> set[str]:
    query = toolbox.incidents.filter_from({"text": "Baltic ministries"}, by=SYSTEM_USER)
    return {item.title for item in toolbox.incidents.list(query, by=SYSTEM_USER).items}


@pytest.mark.parametrize("width", [1440, 390])
def test_an_analyst_creates_and_edits_an_incident(
    page: Any, served: tuple[str, Toolbox], screenshot: Any, width: int
) -> None:
    _, toolbox = served
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_page(page, "browser-analyst")
    page.goto("/incidents")
    page.get_by_role("link", name="New incident").click()
    page.wait_for_url(re.compile(r"/incidents/new$"))
    assert_no_sideways_scroll(page, "the form")
    screenshot(page, f"incform-new-{width}")

    title = f"Phishing wave on Baltic ministries ({width})"
    page.locator("#f-title").fill(title)
    page.locator("#f-summary").fill("Spear-phishing against foreign ministries.")
    page.locator("#f-start").fill("2026-09")
    page.get_by_label("Espionage").check()
    page.locator("#f-victims-countries").get_by_label("Estonia", exact=True).check()
    page.locator("#f-victims-countries").get_by_label("Latvia", exact=True).check()
    page.locator("#f-attributions-0-by-kind").select_option("state")
    page.locator("#f-attributions-0-by-name").fill("Estonia")
    page.locator("#f-attributions-0-actor").fill("APT29")
    page.locator("#f-attributions-0-state").select_option("RU")
    page.locator("#f-attributions-0-confidence").select_option("moderate")
    page.locator("#f-attributions-0-basis").get_by_label("technical").check()
    page.locator("#f-sources-0-title").fill("Ministry statement")
    page.locator("#f-sources-0-url").fill("ministry statement of 3 October")
    page.get_by_role("button", name="Create incident").click()

    # Refused: the reason beside the address, everything typed still there.
    error = page.locator("#f-sources-0-url-error")
    error.wait_for()
    assert "is not an http or https URL" in error.inner_text()
    assert "1 field to correct" in page.locator("#problem").inner_text()
    assert page.locator("#f-title").input_value() == title
    assert page.locator("#f-attributions-0-actor").input_value() == "APT29"
    assert page.locator("#f-victims-countries").get_by_label("Latvia", exact=True).is_checked()
    assert title not in _stored_titles(toolbox)
    assert_no_sideways_scroll(page, "the form")
    page.locator("#f-sources-0-url").scroll_into_view_if_needed()
    screenshot(page, f"incform-error-{width}", full_page=False)

    page.locator("#f-sources-0-url").fill("https://vm.ee/en/news/statement")
    page.get_by_role("button", name="Create incident").click()
    page.locator(".notice").wait_for()
    assert f"Incident created: {title}." in page.locator(".notice").inner_text()
    slug = page.url.rsplit("/", 1)[1]
    created = toolbox.incidents.get(slug, by=SYSTEM_USER)
    assert created.victim_countries == ("EE", "LV")
    # Left as the form started: the model's defaults, as for a document that omits them.
    assert (created.status, created.tlp) == (IncidentStatus.CONFIRMED, Tlp.CLEAR)
    assert created.sources[0].url == "https://vm.ee/en/news/statement"

    page.get_by_role("link", name="Edit incident").click()
    page.wait_for_url(re.compile(rf"/incidents/{slug}/edit$"))
    assert page.locator("#f-attributions-0-actor").input_value() == "APT29"
    assert_no_sideways_scroll(page, "the form")
    screenshot(page, f"incform-edit-{width}")
    page.locator("#f-summary").fill("Spear-phishing against three foreign ministries.")
    # Meanwhile a colleague renames it.
    colleague = toolbox.incidents.edit(slug, {"title": f"{title}, renamed"}, by=SYSTEM_USER)
    page.get_by_role("button", name="Save changes").click()

    conflict = page.locator("#conflict")
    conflict.wait_for()
    text = conflict.inner_text()
    assert "your changes were not saved" in text
    assert f"version {colleague.version} was saved meanwhile" in text
    assert f"Title: {title}, renamed" in page.locator(".their-changes").inner_text()
    assert "Changed by someone else" in page.locator("#f-title-theirs").inner_text()
    summary = page.locator("#f-summary").input_value()
    assert summary == "Spear-phishing against three foreign ministries."
    assert toolbox.incidents.get(slug, by=SYSTEM_USER) == colleague
    assert_no_sideways_scroll(page, "the form")
    conflict.scroll_into_view_if_needed()
    screenshot(page, f"incform-conflict-{width}", full_page=False)

    # Saving again, knowing the colleague's change, keeps the analyst's title (as typed).
    page.get_by_role("button", name="Save changes").click()
    page.locator(".notice").wait_for()
    saved = toolbox.incidents.get(slug, by=SYSTEM_USER)
    assert saved.version == colleague.version + 1
    assert saved.summary == "Spear-phishing against three foreign ministries."
    assert saved.title == title
