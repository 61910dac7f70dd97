"""The pages, rendered in-process over the initialised store (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest

from account_support import add_user
from cdtoolbox.interfaces.http.authentication import ANONYMOUS
from cdtoolbox.interfaces.web.extensions import DEFAULT_NAVIGATION, NavItem
from cdtoolbox.model.access import ROLE_PERMISSIONS, Role
from cdtoolbox.model.case import CaseState, PositionKind, ResponseCase
from cdtoolbox.report import ReportFormat
from cdtoolbox.toolbox import Toolbox
from web_support import TestClient, incident_slugs


class PageParser(HTMLParser):
    """Collects what the tests look at: links, loaded resources, labels and form controls."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.label_targets: set[str] = set()
        self.controls: list[dict[str, str | None]] = []
        self.h1 = 0
        self.lang: str | None = None
        self.inline_styles: list[str] = []
        self._open_labels = 0

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._open_labels -= 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag == "h1":
            self.h1 += 1
        if tag == "a" and attributes.get("href"):
            self.links.append(str(attributes["href"]))
        if tag in ("script", "img", "iframe", "source", "audio", "video") and attributes.get("src"):
            self.resources.append(str(attributes["src"]))
        if tag == "link" and attributes.get("href"):
            self.resources.append(str(attributes["href"]))
        if tag == "label":
            self._open_labels += 1
            if attributes.get("for"):
                self.label_targets.add(str(attributes["for"]))
        if tag in ("input", "select", "textarea") and attributes.get("type") != "hidden":
            # A control inside its <label> is labelled by it.
            self.controls.append({**attributes, "wrapped": "yes" if self._open_labels else None})
        if attributes.get("style"):
            self.inline_styles.append(str(attributes["style"]))


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


def is_internal(link: str) -> bool:
    parts = urlsplit(link)
    return not parts.scheme and not parts.netloc and not link.startswith(("#", "mailto:"))


@pytest.mark.parametrize("item", DEFAULT_NAVIGATION, ids=lambda item: item.label)
def test_every_navigation_entry_answers(
    client: TestClient, analyst_client: TestClient, admin_client: TestClient, item: NavItem
) -> None:
    # Each entry is opened by the least privileged visitor the navigation shows it to.
    if not item.signed_in:
        viewer = client
    elif item.permission is None or item.permission in ROLE_PERMISSIONS[Role.ANALYST]:
        viewer = analyst_client
    else:
        viewer = admin_client
    response = viewer.get(item.path)
    assert response.status_code == 200, response.text[:500]
    page = parse(response.text)
    assert page.lang == "en" and page.h1 == 1
    assert 'aria-current="page"' in response.text
    assert "/static/css/print.css" in response.text


def crawl(client: TestClient, max_depth: int | None = None) -> list[str]:
    """Follow every link from the dashboard, at most ``max_depth`` clicks away (every link
    when None); nothing may fail or point nowhere. Returns the HTML pages seen."""
    depths = {"/": 0}
    queue = deque(["/"])
    pages = []
    while queue:
        url = queue.popleft()
        depth = depths[_crawl_key(url)]
        response = client.get(url, follow_redirects=False)
        assert response.status_code < 400, f"{url} answered {response.status_code}"
        if response.status_code in (301, 302, 303, 307, 308):
            _enqueue(response.headers["location"], depth + 1, depths, queue, max_depth)
            continue
        if not response.headers["content-type"].startswith("text/html"):
            continue
        pages.append(url)
        for link in parse(response.text).links:
            if is_internal(link):
                target = urljoin(url, link).split("#", 1)[0]
                _enqueue(target, depth + 1, depths, queue, max_depth)
    return pages


def _crawl_key(url: str) -> str:
    # Every page links to the sign-in page with itself as `next`: one visit is enough.
    return "/login" if url.startswith("/login?") else url


def _enqueue(
    target: str, depth: int, depths: dict[str, int], queue: deque[str], max_depth: int | None
) -> None:
    key = _crawl_key(target)
    if key in depths or len(depths) >= 6000 or (max_depth is not None and depth > max_depth):
        return
    depths[key] = depth
    queue.append(target)


# The default run follows links two clicks deep: every page of the navigation and every page
# they list (each incident, the first actors, each sanctions listing, the name check), about a
# quarter of the pages, in a quarter of the time. The deep crawls follow every link (every
# actor, every filter combination); scripts/test-suite runs them.
SHALLOW = 2
CRAWLS = [
    pytest.param(SHALLOW, id="shallow"),
    pytest.param(None, id="deep", marks=pytest.mark.deep),
]


@pytest.mark.parametrize("max_depth", CRAWLS)
def test_crawl_every_internal_link(client: TestClient, max_depth: int | None) -> None:
    pages = crawl(client, max_depth)
    assert len(pages) > 100  # dashboard, lists, every incident, actors, knowledge pages
    assert not any(page.startswith("/cases") for page in pages)  # cases need an account
    # The sanctions register, each listing, the name check and the norms page are reached.
    for page in ("/sanctions", "/sanctions/gru-gtsss-26165", "/sanctions/check", "/norms"):
        assert page in pages


@pytest.fixture(scope="module")
def cases_in_every_state(app_toolbox: Toolbox) -> tuple[ResponseCase, ...]:
    """A case being drafted and one in consultation with a member state's position."""
    analyst = app_toolbox.users.get("page-analyst")
    drafting = app_toolbox.cases.open(["notpetya-2017"], by=analyst)
    consulting = app_toolbox.cases.open(["wannacry-2017"], by=analyst)
    consulting = app_toolbox.cases.move(consulting.id, CaseState.CONSULTATION, by=analyst)
    delegate = add_user(app_toolbox, "crawl-delegate-fr", Role.DELEGATE, member_state="FR")
    measure = consulting.active_measures[0].id
    app_toolbox.cases.record_position(
        consulting.id, measure, by=delegate, member_state="FR", position=PositionKind.OPPOSE
    )
    return drafting, consulting


@pytest.mark.parametrize("max_depth", CRAWLS)
def test_crawl_every_internal_link_signed_in(
    analyst_client: TestClient,
    cases_in_every_state: tuple[ResponseCase, ...],
    max_depth: int | None,
) -> None:
    """Signed in, the crawl reaches the response cases too, in every state of their life."""
    pages = crawl(analyst_client, max_depth)
    for case in cases_in_every_state:
        assert f"/cases/{case.id}" in pages
    assert "/cases" in pages and any(page.startswith("/cases?state=") for page in pages)


def test_no_page_loads_anything_from_elsewhere(client: TestClient) -> None:
    """Ministries run air-gapped networks: every script, style, font and shape is ours.

    Links to the sources of a fact are citations a reader may follow, not resources the page
    loads, so they are allowed; ``src``, stylesheet links and CSS ``url()`` are not.
    """
    paths = [item.path for item in DEFAULT_NAVIGATION]
    paths += ["/incidents/wannacry-2017", "/actors/apt28", "/incidents?victim_country=UA"]
    for path in paths:
        html = client.get(path).text
        for resource in parse(html).resources:
            assert is_internal(resource), f"{path} loads {resource}"
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", html), path
        assert "@import" not in html
    for stylesheet in ("/static/css/app.css", "/static/css/print.css"):
        css = client.get(stylesheet).text
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css) and "@import" not in css
    script = client.get("/static/js/dashboard.js").text
    assert not re.search(r"fetch\(\s*['\"](https?:)?//", script)
    assert "/static/vendor/world-atlas/countries-110m.json" in script


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("/static/vendor/chart.js/chart.umd.min.js", "javascript"),
        ("/static/vendor/d3-array/d3-array.min.js", "javascript"),
        ("/static/vendor/d3-geo/d3-geo.min.js", "javascript"),
        ("/static/vendor/topojson-client/topojson-client.min.js", "javascript"),
        ("/static/vendor/world-atlas/countries-110m.json", "json"),
        ("/static/js/dashboard.js", "javascript"),
        ("/static/css/app.css", "css"),
    ],
)
def test_assets_are_served_by_the_application(
    client: TestClient, path: str, media_type: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert media_type in response.headers["content-type"]
    assert len(response.content) > 1000


def test_every_vendored_package_names_its_licence(client: TestClient) -> None:
    readme = client.get("/static/vendor/README.md").text
    for package in ("chart.js", "d3-array", "d3-geo", "topojson-client", "world-atlas"):
        assert f"| {package} |" in readme
        assert client.get(f"/static/vendor/{package}/LICENSE").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/incidents",
        "/actors",
        "/import",
        "/incidents?victim_country=UA",
        "/incidents?x=1",
        "/sanctions",
        "/sanctions/check?name=APT10",
    ],
)
def test_every_form_control_has_a_label(client: TestClient, path: str) -> None:
    page = parse(client.get(path).text)
    assert page.controls
    for control in page.controls:
        named = (
            control.get("id") in page.label_targets
            or control.get("aria-label")
            or control.get("wrapped")
        )
        assert named, f"{path}: control {control} has no label"


def test_filters_in_the_address_round_trip(client: TestClient) -> None:
    query = [("type", "wiper"), ("type", "sabotage"), ("victim_country", "UA"), ("since", "2015")]
    response = client.get("/incidents", params=query)
    assert response.status_code == 200
    html = response.text
    assert re.search(r'value="wiper" checked', html) and re.search(
        r'value="sabotage" checked', html
    )
    assert 'name="victim_country" value="UA"' in html
    assert 'name="since" value="2015"' in html
    slugs = incident_slugs(html)
    assert "ukraine-power-grid-2015" in slugs and "wannacry-2017" not in slugs
    # Following the link that removes one filter keeps the others.
    remove = re.search(r'<a href="([^"]+)" aria-label="Remove filter victim country UA"', html)
    assert remove is not None
    kept = parse_qsl(urlsplit(remove.group(1).replace("&amp;", "&")).query)
    assert sorted(kept) == sorted([("type", "wiper"), ("type", "sabotage"), ("since", "2015")])
    # Exports carry the same filters.
    assert "/incidents/export.csv?type=wiper&amp;type=sabotage&amp;victim_country=UA" in html


def _row(html: str, slug: str) -> str:
    found = re.search(
        rf'<tr>\s*<td[^>]*>[^<]*</td>\s*<th scope="row"><a href="/incidents/{slug}">.*?</tr>',
        html,
        re.S,
    )
    assert found is not None, f"no row for {slug}"
    return found.group(0)


def _cell(row: str, name: str) -> str:
    found = re.search(rf'<td class="{name}">(.*?)</td>', row, re.S)
    assert found is not None, f"no {name} cell"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_the_list_shows_attributed_state_actors_and_eu_response(client: TestClient) -> None:
    html = client.get("/incidents", params={"limit": "200"}).text
    headers = re.findall(r'<th scope="col"[^>]*>(?:<a [^>]*>)?([^<]+)', html)
    assert [h.strip() for h in headers] == [
        "Start",
        "Title",
        "Type",
        "Victim countries",
        "Attributed state",
        "Actors",
        "EU response",
        "TLP",
    ]
    notpetya = _row(html, "notpetya-2017")
    assert _cell(notpetya, "attributed-state") == "Russia"
    assert _cell(notpetya, "actors") == "Sandworm"
    assert (
        '<a href="https://www.consilium.europa.eu/en/press/press-releases/2020/07/30/'
        'eu-imposes-the-first-ever-sanctions-against-cyber-attacks/" rel="external">'
        "Restrictive measures against persons and entities (asset freeze, travel ban)</a>, "
        '<time datetime="2020-07-30"' in notpetya
    )
    # Named by the state and the EU, with no actor: the state, no actor, and the EU's answer.
    viasat = _row(html, "viasat-ka-sat-2022")
    assert _cell(viasat, "attributed-state") == "Russia"
    assert _cell(viasat, "actors") == "—"
    assert _cell(viasat, "eu-response") != "—"
    # Only newspapers named the United States and Israel: no official attribution, no answer.
    stuxnet = _row(html, "stuxnet-2010")
    assert _cell(stuxnet, "attributed-state") == "—"
    assert _cell(stuxnet, "eu-response") == "—"
    # Estonia's own attribution (5 September 2024) is national; the EU's answer is the listing.
    estonia = _row(html, "estonia-gru-29155-2020")
    assert '<time datetime="2025-01-27"' in estonia
    assert '<time datetime="2024-09-05"' not in estonia


def test_column_headers_sort_and_keep_the_filters(client: TestClient) -> None:
    filters = [("type", "wiper"), ("victim_country", "UA")]
    html = client.get("/incidents", params=filters).text
    start = re.search(r'<th scope="col" aria-sort="descending"><a href="([^"]+)">Start', html)
    assert start is not None, "the default order, newest first, is marked on Start"
    title = re.search(r'<th scope="col"><a href="([^"]+)">Title', html)
    assert title is not None

    def query(link: str) -> list[tuple[str, str]]:
        return sorted(parse_qsl(urlsplit(link.replace("&amp;", "&")).query))

    assert query(start.group(1)) == sorted([*filters, ("sort", "start")])
    assert query(title.group(1)) == sorted([*filters, ("sort", "title")])
    by_title = client.get(title.group(1).replace("&amp;", "&")).text
    assert '<th scope="col" aria-sort="ascending"><a href="' in by_title
    assert re.search(r'aria-sort="ascending"><a href="[^"]+">Title', by_title)
    slugs = incident_slugs(by_title)
    assert slugs and slugs == incident_slugs(
        client.get("/incidents", params=[*filters, ("sort", "title")]).text
    )
    assert sorted(slugs) == sorted(incident_slugs(html))
    oldest = client.get(start.group(1).replace("&amp;", "&")).text
    assert re.search(r'aria-sort="ascending"><a href="[^"]+">Start', oldest)
    assert incident_slugs(oldest) == list(reversed(incident_slugs(html)))


def test_a_submitted_form_redirects_to_the_shareable_address(client: TestClient) -> None:
    response = client.get(
        "/incidents?text=&type=ransomware&since=&until=&victim_country=&sort=-start",
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/incidents?type=ransomware&sort=-start"


def test_the_next_page_link_continues_the_list(client: TestClient) -> None:
    first = client.get("/incidents", params={"limit": "25", "sort": "title"})
    next_link = re.search(r'<a rel="next" href="([^"]+)"', first.text)
    assert next_link is not None
    second = client.get(next_link.group(1).replace("&amp;", "&"))
    one, two = incident_slugs(first.text), incident_slugs(second.text)
    assert len(one) == 25 and two and not set(one) & set(two)
    everything = incident_slugs(
        client.get("/incidents", params={"limit": "200", "sort": "title"}).text
    )
    assert everything[: len(one) + len(two)] == one + two


def test_a_wrong_filter_shows_the_form_and_the_reason(client: TestClient) -> None:
    response = client.get("/incidents", params={"victim_country": "Narnia"})
    assert response.status_code == 422
    assert "&#39;Narnia&#39; is not an ISO 3166 country code or name" in response.text
    assert 'name="victim_country" value="Narnia"' in response.text


def test_unknown_pages_use_the_error_page(client: TestClient) -> None:
    response = client.get("/incidents/no-such-incident")
    assert response.status_code == 404
    assert "no incident matches" in response.text and '<nav class="site-nav"' in response.text


def test_the_incident_page_opens_with_the_brief_then_folds_the_record(client: TestClient) -> None:
    html = client.get("/incidents/wannacry-2017").text
    brief = ("brief-what", "brief-severity", "brief-attribution", "brief-norms", "brief-options")
    positions = [html.index(f'<section class="brief-section" id="{part}"') for part in brief]
    assert positions == sorted(positions)
    assert 'href="/incidents/wannacry-2017/brief.pdf"' in html
    folds = ("facts", "attributions", "impact", "assessment", "sources", "similar")
    for section in folds:
        assert f'<details class="panel fold" id="{section}">' in html
    assert positions[-1] < html.index('<details class="panel fold" id="facts">')
    assert "United Kingdom" in html and "Lazarus Group" in html
    assert "very likely" in html  # the likelihood of the UK attribution
    assert re.search(r"<dt>Records exposed</dt><dd>unknown</dd>", html)
    assert "Park Jin Hyok" in html
    similar = html.split('id="similar"', 1)[1]
    assert "same actor" in similar and "sony-pictures-2014" in similar


def test_the_actor_page_has_aliases_sponsor_and_timeline(client: TestClient) -> None:
    html = client.get("/actors/apt28").text
    assert "Fancy Bear" in html and "Russia" in html
    timeline = html.split('id="timeline"', 1)[1].split("</section>", 1)[0]
    assert "bundestag-2015" in timeline and "dnc-2016" in timeline
    years = [int(year) for year in re.findall(r'<h3 class="timeline__year">(\d{4})</h3>', timeline)]
    assert years and years == sorted(years) and 2015 in years


def test_the_actor_list_searches_aliases(client: TestClient) -> None:
    html = client.get("/actors", params={"q": "fancy bear"}).text
    assert 'href="/actors/apt28"' in html
    assert client.get("/actors", params={"sponsor": "Atlantis"}).status_code == 422


def test_the_dashboard_has_figures_without_javascript(client: TestClient) -> None:
    html = client.get("/").text
    assert re.search(r'<a href="/incidents">\d+</a>', html)
    assert 'href="/incidents?sponsor=RU"' in html
    assert 'href="/incidents?victim_country=US"' in html
    assert '<script type="application/json" id="dashboard-data">' in html


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/norms", ["13a", "13k", "critical infrastructure"]),
        ("/law", ["Sovereignty", "Anchors"]),
        ("/instruments", ["Level 1", "Level 5", "unanimity"]),
        ("/cbms", ["CBM-1", "PC.DEC/1106"]),
        ("/api", ["/api/v1/incidents", "/api/v1/openapi.json", "victim_country"]),
    ],
)
def test_knowledge_pages(client: TestClient, path: str, expected: list[str]) -> None:
    html = client.get(path).text
    for text in expected:
        assert text.lower() in html.lower(), f"{path} lacks {text}"


def test_the_brief_downloads_in_each_format_as_the_library_writes_it(
    client: TestClient, app_toolbox: Toolbox
) -> None:
    for kind in ReportFormat:
        response = client.get(f"/incidents/notpetya-2017/brief.{kind.value}")
        assert response.status_code == 200
        assert response.headers["content-type"] == kind.media_type
        assert response.headers["content-disposition"] == (
            f'attachment; filename="notpetya-2017-brief.{kind.value}"'
        )
        if kind is not ReportFormat.PDF:  # a PDF is checked page by page elsewhere
            assert response.content == app_toolbox.reports.brief_document(
                "notpetya-2017", kind, by=ANONYMOUS
            )
    refused = client.get("/incidents/notpetya-2017/brief.docx")
    assert refused.status_code == 422
    assert "is not one of html, pdf, md, json" in refused.text
