"""Statements in Chromium, at desktop and phone width: the 2022 Viasat declaration added through
the form, its page with the State held responsible, the target and the incident highlighted
in its text, and the incident's highlight leading to the incident's page; its draft response,
which the release records already, refused on the review form naming the response on record.
Then a Dutch attribution added on the form, its draft confirmed with the incident it describes,
and the response shown on that incident's page. Screenshots go to artifacts/screenshots/
(statements-*.png)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from account_support import sign_in_page
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from web_support import at_each_width

VIASAT = Path(__file__).parents[2] / "data" / "statements" / "train" / "viasat-2022-en.txt"
COATHANGER = VIASAT.with_name("nl-coathanger-2024-en.txt")

CORRECTED = "The malicious cyber activity was conducted by the Russian Federation (reviewed)."


def test_the_viasat_declaration_added_on_the_form_is_read_and_linked_in_place(
    page: Any, served: tuple[str, Toolbox], screenshot: Any, tmp_path: Path
) -> None:
    _, toolbox = served
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    kept = toolbox.statements.list(by=SYSTEM_USER).items  # the texts init bundles
    sign_in_page(page, "browser-analyst")
    page.goto("/statements")
    page.get_by_role("link", name="Add statements").click()
    page.wait_for_url(re.compile(r"/statements/new$"))
    # A batch with a file that gives no text: refused whole, the file named with the reason.
    page.get_by_label("Statement files").set_input_files([str(VIASAT), str(empty)])
    page.get_by_role("button", name="Add", exact=True).click()
    refused = page.locator(".report--refused")
    refused.wait_for()
    assert "Nothing was added" in refused.inner_text()
    assert refused.locator("tbody tr td").first.inner_text() == "empty.txt"
    assert toolbox.statements.list(by=SYSTEM_USER).items == kept
    for _ in at_each_width(page, screenshot, "statements-refused", focus=refused):
        pass

    page.get_by_label("Statement files").set_input_files(str(VIASAT))
    page.get_by_label("Published at").fill("https://www.consilium.europa.eu/en/press/")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_url(re.compile(r"/statements/st-[0-9a-f]{16}$"))
    address = urlsplit(page.url).path
    assert "Statement added to the archive." in page.locator(".notice").inner_text()

    text = page.locator(".statement-body")
    state = text.locator("mark.hl--attribution")
    assert state.inner_text() == "conducted by the Russian Federation"
    assert state.locator("a").get_attribute("href") == "/capacity/partners/RU"
    target = text.locator("mark.hl--target", has_text="Ukraine").first
    assert target.locator("a").get_attribute("href") == "/capacity/partners/UA"
    incident = text.locator("mark.hl--incident", has_text="Viasat")
    assert incident.count() == 1
    tags = text.locator(".hl__tag").all_inner_texts()
    assert {"state held responsible: explicit", "target", "incident", "date"} <= set(tags)
    reading = page.locator(".statement-reading")
    assert "Attack on the Viasat KA-SAT satellite network" in reading.inner_text()
    assert page.get_by_role("link", name="Review draft").count() == 1
    for _ in at_each_width(page, screenshot, "statements-page", focus=state):
        pass

    incident.locator("a").click()
    page.wait_for_url(re.compile(r"/incidents/viasat-ka-sat-2022$"))
    section = page.locator("#statements")
    section.locator("summary").click()
    assert section.locator(f'a[href="{address}"]').count() == 1

    # The draft of the public response it amounts to: the release records that declaration
    # already, so confirming it is refused at its field, naming the response on record, and
    # the incident's page shows that response once.
    page.goto(address)
    page.get_by_role("link", name="Review draft").click()
    page.wait_for_url(re.compile(r"/statements/st-[0-9a-f]{16}/draft$"))
    assert "2022-05-10-hr-declaration-viasat" in page.locator(".notice--on-record").inner_text()
    form = page.locator("form.draft-review")
    assert form.get_by_label("Incidents concerned (slugs)").input_value() == "viasat-ka-sat-2022"
    form.get_by_label("Wording").fill(CORRECTED)
    form.get_by_role("button", name="Confirm the response").click()
    refusal = page.locator("#incidents-error")
    refusal.wait_for()
    assert "2022-05-10-hr-declaration-viasat" in refusal.inner_text()
    page.goto("/incidents/viasat-ka-sat-2022#responses")
    responses = page.locator("#responses")
    if responses.get_attribute("open") is None:
        responses.locator("summary").click()
    assert responses.locator("li", has_text="2022").count() == 1
    assert responses.locator("li", has_text=CORRECTED).count() == 0

    # A statement the store holds no response for: confirmed, its response is on the page of
    # the incident it describes, recorded with it.
    page.goto("/statements/new")
    page.get_by_label("Statement files").set_input_files(str(COATHANGER))
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_url(re.compile(r"/statements/st-[0-9a-f]{16}$"))
    assert "state held responsible: associated" in page.locator(".statement-body").inner_text()
    page.get_by_role("link", name="Review draft").click()
    form = page.locator("form.draft-review")
    form.get_by_label("Title").fill("Intrusion at the Dutch Ministry of Defence (Coathanger)")
    form.get_by_label("Espionage").check()
    form.get_by_role("button", name="Confirm the response").click()
    page.wait_for_url(re.compile(r"/incidents/[a-z0-9-]+#responses$"))
    responses = page.locator("#responses")
    if responses.get_attribute("open") is None:
        responses.locator("summary").click()
    assert responses.locator("li", has_text="state-sponsored actor").is_visible()

    page.goto("/statements?state=RU")
    rows = page.locator("table.statements tbody tr", has=page.locator(f'a[href="{address}"]'))
    assert rows.count() == 1
    assert "Declaration by the High Representative" in rows.first.inner_text()
    for _ in at_each_width(page, screenshot, "statements-list", focus=rows.first):
        pass
