""" "Changed since my last visit" through the page, the API and `cdt situation board`: the page
marks the rows updated since the signed-in user's previous visit (in words, not by colour
alone) and hands the same visit to its stream; anonymous visitors get no marking; the API and
the command line mark from a `since` they are given."""

from __future__ import annotations

import json
import re
import time
from urllib.parse import parse_qs, urlsplit

from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from tests_support import Cli
from web_support import TestClient

INCIDENT = "wannacry-2017"
OTHER = "notpetya-2017"
MARK = '<span class="badge changed-mark">Changed since your last visit</span>'


def _event(toolbox: Toolbox, incident: str, summary: str) -> None:
    toolbox.situation.record_event(incident, by=SYSTEM_USER, kind="meeting-held", summary=summary)


def _next_second() -> None:
    """The clock keeps whole seconds, and an update in the visit's own second is marked."""
    time.sleep(1.05)


def _row_of(page: str, slug: str) -> str:
    match = re.search(
        rf"<tr[^>]*>\s*<th scope=\"row\"><a href=\"/incidents/{slug}#[^<]*</a>.*?</tr>", page, re.S
    )
    assert match, f"{slug} is not on the board"
    return match.group(0)


def test_the_page_marks_what_changed_since_the_users_previous_visit(
    fresh_toolbox: Toolbox, fresh_analyst: TestClient
) -> None:
    _event(fresh_toolbox, INCIDENT, "Before the first visit.")
    _event(fresh_toolbox, OTHER, "Before the first visit.")
    _next_second()
    first = fresh_analyst.get("/situation")
    assert first.status_code == 200
    assert MARK not in first.text and "Your first visit of the board" in first.text

    _next_second()
    _event(fresh_toolbox, INCIDENT, "After the first visit.")
    _next_second()
    second = fresh_analyst.get("/situation")
    assert "Your previous visit:" in second.text
    title = re.search(r"<h2 id=\"board-title\">(.*?)</h2>", second.text, re.S)
    assert title and title.group(1) == "2 incidents, 1 changed since your last visit", title
    assert MARK in _row_of(second.text, INCIDENT)
    assert MARK not in _row_of(second.text, OTHER)
    # The stream marks from the same visit as the page.
    stream = re.search(r'data-stream="([^"]+)"', second.text)
    assert stream
    query = parse_qs(urlsplit(stream.group(1).replace("&amp;", "&")).query)
    assert set(query) == {"since", "after"}

    # Seen now: the next visit marks nothing until something else is written.
    _next_second()
    assert MARK not in fresh_analyst.get("/situation").text


def test_anonymous_visitors_get_no_marking(
    fresh_toolbox: Toolbox, fresh_client: TestClient
) -> None:
    _event(fresh_toolbox, INCIDENT, "Before.")
    fresh_client.get("/situation")
    _event(fresh_toolbox, INCIDENT, "After.")
    page = fresh_client.get("/situation").text
    assert MARK not in page and "Your previous visit" not in page
    assert "since=" not in page


def test_the_api_and_the_cli_mark_the_rows_updated_after_since(
    cli: Cli, fresh_url: str, fresh_toolbox: Toolbox, api_writer: TestClient
) -> None:
    _event(fresh_toolbox, OTHER, "Earlier.")
    _next_second()
    since = fresh_toolbox.clock.now().isoformat()
    _event(fresh_toolbox, INCIDENT, "Later.")

    board = api_writer.get("/api/v1/situation/board", params={"since": since}).json()
    assert {row["slug"]: row["changed"] for row in board["items"]} == {
        INCIDENT: True,
        OTHER: False,
    }
    unmarked = api_writer.get("/api/v1/situation/board").json()
    assert not any(row["changed"] for row in unmarked["items"])
    refused = api_writer.get("/api/v1/situation/board", params={"since": "soon"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "since"

    listed = cli(fresh_url, "situation", "board", "--since", since, "--json")
    assert listed.exit_code == 0, listed.stderr
    rows = json.loads(listed.stdout)["items"]
    assert {row["slug"]: row["changed"] for row in rows} == {INCIDENT: True, OTHER: False}
    shown = cli(fresh_url, "situation", "board", "--since", since)
    assert f"2 incidents, 1 changed since {since}." in shown.stdout.replace("\n", " ")
    bad = cli(fresh_url, "situation", "board", "--since", "soon")
    assert bad.exit_code == 2 and "since" in bad.stderr
