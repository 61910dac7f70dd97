"""Counts and articles on the pages read as English: no "1 listings", "1 incident name …" or
"a analyst" — every count goes through the one helper (cdtoolbox.model.wording)."""

from __future__ import annotations

import re
from html import unescape

from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from web_support import TestClient

_TAGS = re.compile(r"<[^>]+>")
# "1" followed by a plural the pages use, or "a" before a vowel-initial word.
_ONE_AND_A_PLURAL = re.compile(
    r"(?<![\d,.])\b1 (?:incidents|listings|persons|entities|days|accounts|actors|cases|errors"
    r"|measures|countries|Member States|objects|rows|events|responses)\b"
)
_A_BEFORE_VOWEL = re.compile(
    r"\b[Aa] (?:analyst|approver|administrator|incident|event|object|entity|error|EU)\b"
)


def words(html: str) -> str:
    return " ".join(unescape(_TAGS.sub(" ", html)).split())


def test_counts_and_articles_agree_on_the_reading_pages(
    client: TestClient, app_toolbox: Toolbox
) -> None:
    # An actor named by exactly one incident, so its page counts one.
    single = next(
        row.key
        for row in app_toolbox.statistics.summary(top=100, by=SYSTEM_USER).by_actor
        if row.incidents == 1
    )
    listings = app_toolbox.sanctions.list(by=SYSTEM_USER)
    pages = [
        "/",
        "/?since=2018&until=2018",
        "/incidents?since=2010&until=2010",
        "/actors",
        f"/actors/{single}",
        "/sanctions",
        "/norms",
        *(f"/sanctions/{listing.id}" for listing in listings),
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        text = words(response.text)
        assert not _ONE_AND_A_PLURAL.search(text), (path, _ONE_AND_A_PLURAL.search(text))
        assert not _A_BEFORE_VOWEL.search(text), (path, _A_BEFORE_VOWEL.search(text))
    actor_page = words(client.get(f"/actors/{single}").text)
    assert "1 incident names " in actor_page
