"""The sanctions register pages, the name check, and the register's sections on the actor,
incident and dashboard pages — compared with what the library answers."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from account_support import TEST_SECRET_KEY
from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.interfaces.web.extensions import REVIEW_WINDOW_DAYS
from cdtoolbox.interfaces.web.sanction_pages import listing_matches
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.model.ports import FixedClock
from cdtoolbox.model.sanctions import ReviewDue
from cdtoolbox.toolbox import Settings, Toolbox
from web_support import TestClient

LISTING_LINK = re.compile(r'<th scope="row"><a href="/sanctions/([^"]+)">')


def listed_ids(page: str) -> list[str]:
    table = page.split('<table class="listings">', 1)[1].split("</table>", 1)[0]
    return LISTING_LINK.findall(table)


def section(page: str, section_id: str) -> str:
    return page.split(f'id="{section_id}"', 1)[1].split("</section>", 1)[0]


TAG = re.compile(r"<[^>]+>")


def due_text(review: ReviewDue) -> str:
    if review.overdue:
        # A passed date says what the register records and how to add the missing renewal;
        # it never claims the sanctions lapsed.
        return f"No later renewal recorded — {review.recorded} Record it with cdt sanctions renew"
    return f"In {review.days_left} day{'s' if review.days_left != 1 else ''}"


def text_of(fragment: str) -> str:
    return TAG.sub("", fragment)


@pytest.fixture(scope="module")
def on_day(initialised_url: str, knowledge: KnowledgeBase) -> Iterator[object]:
    """The application over the module's database with the clock set to a given day."""
    toolboxes: list[Toolbox] = []

    def build(day: date) -> tuple[TestClient, Toolbox]:
        clock = FixedClock(datetime(day.year, day.month, day.day, 9, tzinfo=UTC))
        toolbox = Toolbox(Settings(initialised_url), knowledge=knowledge, clock=clock)
        toolboxes.append(toolbox)
        app = create_app(toolbox, secret_key=TEST_SECRET_KEY)
        return TestClient(app, raise_server_exceptions=False), toolbox

    yield build
    for toolbox in toolboxes:
        toolbox.close()


def test_the_register_lists_every_listing(client: TestClient, app_toolbox: Toolbox) -> None:
    page = client.get("/sanctions")
    assert page.status_code == 200
    assert listed_ids(page.text) == [
        listing.id for listing in app_toolbox.sanctions.list(by=SYSTEM_USER)
    ]
    assert '<a href="/sanctions/check">Check whether a name is listed</a>' in page.text


@pytest.mark.parametrize(
    ("params", "library"),
    [
        ({"sponsor": "China"}, {"sponsor": "China"}),
        ({"sponsor": "RU", "kind": "entity"}, {"sponsor": "RU", "kind": "entity"}),
        ({"kind": "person"}, {"kind": "person"}),
        ({"status": "active"}, {"active": True}),
        ({"status": "delisted"}, {"active": False}),
    ],
)
def test_the_filters_are_the_librarys(
    client: TestClient, app_toolbox: Toolbox, params: dict[str, str], library: dict[str, object]
) -> None:
    page = client.get("/sanctions", params=params)
    assert page.status_code == 200
    expected = [listing.id for listing in app_toolbox.sanctions.list(**library, by=SYSTEM_USER)]  # type: ignore[arg-type]
    if expected:
        assert listed_ids(page.text) == expected
    else:
        assert "No listing matches these filters" in page.text


def test_search_finds_words_in_names_aliases_and_grounds(
    client: TestClient, app_toolbox: Toolbox
) -> None:
    everything = app_toolbox.sanctions.list(by=SYSTEM_USER)
    for text, present, absent in [
        ("qiang GAO", "gao-qiang", "chosun-expo"),  # any order, any case
        ("WannaCry", "chosun-expo", "gao-qiang"),  # a word of the grounds
        ("Sandworm", "gru-gtsst-74455", "gao-qiang"),  # an alias
    ]:
        found = listed_ids(client.get("/sanctions", params={"q": text}).text)
        assert present in found and absent not in found
        assert found == [listing.id for listing in everything if listing_matches(listing, text)]
    assert "No listing matches" in client.get("/sanctions", params={"q": "zzqqxx"}).text


def test_a_wrong_filter_is_explained(client: TestClient) -> None:
    wrong = client.get("/sanctions", params={"status": "pending"})
    assert wrong.status_code == 422 and "is not one of: active, delisted" in wrong.text
    atlantis = client.get("/sanctions", params={"sponsor": "Atlantis"})
    assert atlantis.status_code == 422
    assert "is not an ISO 3166 country code or name" in html.unescape(atlantis.text)
    assert 'name="sponsor" value="Atlantis"' in atlantis.text


def test_the_regime_shows_its_renewals_and_next_reviews(on_day: object) -> None:
    build = on_day
    client, toolbox = build(date(2026, 7, 1))  # type: ignore[operator]
    page = html.unescape(client.get("/sanctions").text)
    regime = toolbox.sanctions.regime(by=SYSTEM_USER)
    regimes = page.split('id="regimes"', 1)[1]
    for renewal in regime.renewals:
        assert renewal.act in text_of(regimes) and renewal.summary in regimes
    active = len(toolbox.sanctions.list(active=True, by=SYSTEM_USER))
    reviews = regime.reviews(date(2026, 7, 1), active)
    assert any(review.overdue for review in reviews)  # the bundled listings ran to May 2026
    for review in reviews:
        assert due_text(review) in text_of(regimes)
    assert "review--unrecorded" in regimes
    assert "Passed" not in text_of(regimes)
    assert f"<dt>Listings in force</dt><dd>{active}</dd>" in regimes


def test_the_legal_acts_link_to_eur_lex(client: TestClient) -> None:
    regimes = client.get("/sanctions").text.split('id="regimes"', 1)[1]
    eur_lex = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:"
    assert f'<a href="{eur_lex}32019D0797"' in regimes  # the Decision of the framework
    assert f'<a href="{eur_lex}32019R0796"' in regimes  # its Regulation
    assert f'<a href="{eur_lex}32020D0651"' in regimes  # the renewal of May 2020
    assert f'<a href="{eur_lex}32020R1125"' in regimes  # the first listing round
    detail = client.get("/sanctions/gao-qiang").text
    assert f'<a href="{eur_lex}32020R1744"' in detail  # the November 2020 amendment


def test_the_dashboard_shows_the_reviews_due_soon(on_day: object) -> None:
    build = on_day
    client, toolbox = build(date(2026, 3, 1))  # type: ignore[operator]
    page = html.unescape(client.get("/").text)
    reviews = section(page, "sanctions-reviews")
    due = toolbox.sanctions.upcoming_reviews(within_days=REVIEW_WINDOW_DAYS, by=SYSTEM_USER)
    assert due and not any(review.overdue for review in due)
    for review in due:
        assert due_text(review) in reviews and review.set_by in text_of(reviews)
    assert "Prolongation of the framework" not in reviews  # due in 2028: not yet
    quiet, quiet_toolbox = build(date(2025, 6, 1))  # type: ignore[operator]
    assert (
        quiet_toolbox.sanctions.upcoming_reviews(within_days=REVIEW_WINDOW_DAYS, by=SYSTEM_USER)
        == ()
    )
    assert "No renewal date falls within the next 90 days" in quiet.get("/").text


def test_a_listing_page_has_everything_the_annex_says(
    client: TestClient, app_toolbox: Toolbox
) -> None:
    listing = app_toolbox.sanctions.get("gru-gtsss-26165", by=SYSTEM_USER)
    page = html.unescape(client.get("/sanctions/gru-gtsss-26165").text)
    assert f"<h1>{listing.name}</h1>" in page
    grounds = section(page, "grounds")
    assert listing.grounds.split("\n\n")[0].strip() in grounds
    assert "Asset freeze" in section(page, "measures")
    assert "Travel ban" not in section(page, "measures")  # an entity cannot travel
    links = section(page, "links")
    for link in listing.actors:
        assert f'href="/actors/{link.actor_id}">{link.name}</a>' in links
    for slug in listing.incidents:
        assert f'href="/incidents/{slug}"' in links
    history = section(page, "history")
    for amendment in listing.amendments:
        assert amendment.act in history
    assert "Not delisted: the listing is in force." in history
    identity = section(page, "identity")
    for alias in listing.aliases:
        assert alias in identity
    person = html.unescape(client.get("/sanctions/gao-qiang").text)
    assert "Travel ban" in section(person, "measures")
    for identifier in app_toolbox.sanctions.get("gao-qiang", by=SYSTEM_USER).identifiers:
        assert f"<dt>{identifier.label}</dt><dd>{identifier.value}</dd>" in person


def test_an_unknown_listing_is_not_found(client: TestClient) -> None:
    response = client.get("/sanctions/no-such-listee")
    assert response.status_code == 404 and '<nav class="site-nav"' in response.text


def test_a_cited_incident_above_clearance_is_not_linked(
    fresh_toolbox: Toolbox, fresh_client: TestClient
) -> None:
    fresh_toolbox.incidents.edit("wannacry-2017", {"tlp": "red"}, by=SYSTEM_USER)
    page = fresh_client.get("/sanctions/chosun-expo").text
    assert '<code>wannacry-2017</code> <span class="unknown">(not available to you)</span>' in page
    assert 'href="/incidents/wannacry-2017"' not in page
    assert 'href="/incidents/sony-pictures-2014"' in page


def test_the_check_form_says_what_matched_and_why(client: TestClient, app_toolbox: Toolbox) -> None:
    empty = client.get("/sanctions/check")
    assert empty.status_code == 200 and 'id="answer-title"' not in empty.text
    assert '<label for="c-name">Name</label>' in empty.text

    page = html.unescape(client.get("/sanctions/check", params={"name": "Fancy Bear"}).text)
    check = app_toolbox.sanctions.check("Fancy Bear", by=SYSTEM_USER)
    assert check.listed and '<h2 id="answer-title">Listed</h2>' in page
    assert check.answer in page
    table = page.split('<table class="matches">', 1)[1]
    assert LISTING_LINK.findall(table) == [match.listing.id for match in check.matches]
    for match in check.matches:
        assert match.explanation in table

    possible = html.unescape(client.get("/sanctions/check", params={"name": "Alexey Minin"}).text)
    assert "Not listed, but see below" in possible and "(possible match only)" in possible
    assert app_toolbox.sanctions.check("Alexey Minin", by=SYSTEM_USER).answer in possible

    turla = html.unescape(client.get("/sanctions/check", params={"name": "Turla"}).text)
    assert '<h2 id="answer-title">Not listed</h2>' in turla
    assert app_toolbox.sanctions.check("Turla", by=SYSTEM_USER).answer in turla

    wrong = client.get("/sanctions/check", params={"name": "..."})
    assert wrong.status_code == 422 and "has no letters or digits" in wrong.text


def test_the_actor_page_shows_its_sanctions_status(
    client: TestClient, app_toolbox: Toolbox
) -> None:
    apt28 = section(client.get("/actors/apt28").text, "sanctions")
    assert "Sanctions status" in apt28
    assert (
        'href="/sanctions/gru-gtsss-26165">85th Main Centre for Special Services (GTsSS)' in apt28
    )
    actor = app_toolbox.actors.get("apt28", by=SYSTEM_USER)
    linked = [listing.id for listing in app_toolbox.sanctions.list(actor=actor.id, by=SYSTEM_USER)]
    assert re.findall(r'<li><a href="/sanctions/([^"/?]+)">', apt28) == linked
    turla = section(client.get("/actors/turla").text, "sanctions")
    assert "No EU listing linked to this actor." in turla


def test_the_incident_page_shows_the_listings_citing_it(client: TestClient) -> None:
    wannacry = section(client.get("/incidents/wannacry-2017").text, "sanctions")
    assert 'href="/sanctions/chosun-expo">Chosun Expo</a>' in wannacry
    stuxnet = section(client.get("/incidents/stuxnet-2010").text, "sanctions")
    assert "No listing under the EU cyber sanctions regime cites this incident." in stuxnet


def test_sanctions_are_in_the_navigation(client: TestClient) -> None:
    page = client.get("/sanctions/check", params={"name": "APT10"}).text
    assert '<a href="/sanctions" aria-current="page">Sanctions</a>' in page
