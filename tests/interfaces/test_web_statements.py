"""The statements pages on SQLite and PostgreSQL: statement files added through the form (all
or none, a text already kept said to be so), the list searched and filtered with the
library's filters, a statement's page with its reading highlighted in place and linked, the
statements named on incident and actor pages, and hostile input that never reaches a
traceback or the page unescaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from account_support import form_token
from cdtoolbox.interfaces.web.statement_highlights import ReadItem, marked_text
from cdtoolbox.interfaces.web.statement_pages import STATEMENTS_PER_PAGE
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.model.statement import Evidence, StatementFile
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox import Toolbox
from web_support import TestClient

LABELLED = Path(__file__).parent.parent / "data" / "statements" / "train"
VIASAT = "viasat-2022-en.txt"
CHINA_FR = "china-2021-fr.txt"


def _upload(name: str) -> tuple[str, tuple[str, bytes, str]]:
    return ("files", (name, (LABELLED / name).read_bytes(), "text/plain"))


def _add(toolbox: Toolbox, name: str, content: bytes | None = None, tlp: Tlp = Tlp.CLEAR) -> str:
    file = StatementFile(name, content if content is not None else (LABELLED / name).read_bytes())
    return toolbox.statements.add([file], tlp=tlp, by=SYSTEM_USER)[0].statement.id


def _post(
    client: TestClient, files: list[tuple[str, tuple[str, bytes, str]]], **data: str
) -> object:
    token = form_token(client, "/statements/new")
    return client.post(
        "/statements/new",
        files=files,
        data={"csrf_token": token, **data},
        follow_redirects=False,
    )


def test_a_file_added_on_the_form_lands_on_its_page_with_its_reading_highlighted(
    fresh_analyst: TestClient,
) -> None:
    form = fresh_analyst.get("/statements/new")
    assert form.status_code == 200 and 'name="files"' in form.text
    response = _post(
        fresh_analyst, [_upload(VIASAT)], url="https://www.consilium.europa.eu/en/press/viasat"
    )
    assert response.status_code == 303, response.text[:500]
    address = response.headers["location"]
    assert re.fullmatch(r"/statements/st-[0-9a-f]{16}", address)
    page = fresh_analyst.get(address)
    assert page.status_code == 200
    assert "Statement added to the archive." in page.text
    # Each item highlighted where it was read, labelled and linked to its page.
    assert re.search(
        r'<mark class="hl hl--incident"[^>]*><a href="/incidents/viasat-ka-sat-2022">Viasat</a>',
        page.text,
    )
    assert re.search(
        r'<mark class="hl hl--attribution"[^>]*><a href="/capacity/partners/RU">'
        r"conducted by the Russian Federation</a></mark>"
        r'<small class="hl__tag hl__tag--attribution">state held responsible: explicit</small>',
        page.text,
    )
    assert '<a href="/capacity/partners/UA">Ukraine</a>' in page.text
    assert "Declaration by the High Representative on behalf of the EU" in page.text
    assert (
        '<a href="https://www.consilium.europa.eu/en/press/viasat" rel="noreferrer external">'
        in (page.text)
    )
    assert f'href="{address}/draft"' in page.text  # analysts may record incidents
    # The audit trail's entry links to the statement's page.
    trail = fresh_analyst.get("/audit", params={"entity": "statement"}).text
    assert f'<a href="{address}">{address.rsplit("/", 1)[1]}</a>' in trail
    # The same text again stores nothing and says so.
    again = _post(fresh_analyst, [_upload(VIASAT)])
    assert again.status_code == 303 and again.headers["location"] == address
    assert "Already in the archive." in fresh_analyst.get(address).text


def test_refused_files_are_listed_with_their_reasons_and_nothing_is_stored(
    fresh_analyst: TestClient, fresh_toolbox: Toolbox
) -> None:
    files = [
        _upload(VIASAT),
        ("files", ("empty.txt", b"", "text/plain")),
        ("files", ("garbage.txt", b"\x00\x01\x02binary", "text/plain")),
    ]
    kept = fresh_toolbox.statements.list(by=SYSTEM_USER).items  # the texts init bundles
    response = _post(fresh_analyst, files)
    assert response.status_code == 422
    assert "Nothing was added" in response.text
    assert "<td>empty.txt</td>" in response.text and "<td>garbage.txt</td>" in response.text
    assert fresh_toolbox.statements.list(by=SYSTEM_USER).items == kept
    too_many = [("files", (f"s{i}.txt", f"Text {i}.".encode(), "text/plain")) for i in range(6)]
    assert _post(fresh_analyst, too_many).status_code == 422
    refused = _post(fresh_analyst, [_upload(VIASAT)], tlp="not-a-marking")
    assert refused.status_code == 422 and "not-a-marking" in refused.text
    assert fresh_toolbox.statements.list(by=SYSTEM_USER).items == kept


def test_an_actor_is_highlighted_by_each_alias_and_linked_to_its_page(
    fresh_toolbox: Toolbox, fresh_client: TestClient
) -> None:
    statement = _add(fresh_toolbox, "apt28-2024-en.txt")
    page = fresh_client.get(f"/statements/{statement}").text
    linked = re.findall(
        r'<mark class="hl hl--actor"[^>]*><a href="/actors/apt28">([^<]+)</a>', page
    )
    assert {"APT28", "Fancy Bear", "Strontium"} <= set(linked)
    assert 'lang="en"' in page


def test_two_files_are_listed_each_as_added_or_already_kept(fresh_analyst: TestClient) -> None:
    assert _post(fresh_analyst, [_upload(CHINA_FR)]).status_code == 303
    response = _post(fresh_analyst, [_upload(VIASAT), _upload(CHINA_FR)])
    assert response.status_code == 200
    assert re.search(r"viasat-2022-en.txt</a>: added to the archive", response.text)
    assert re.search(r"china-2021-fr.txt</a>: already in the archive", response.text)


def test_the_list_is_searched_and_filtered_as_the_library_filters(
    fresh_toolbox: Toolbox, fresh_client: TestClient
) -> None:
    bundled = {s.id for s in fresh_toolbox.statements.list(by=SYSTEM_USER).items}
    viasat = _add(fresh_toolbox, VIASAT)
    china = _add(fresh_toolbox, CHINA_FR)

    def listed(**params: str) -> list[str]:
        response = fresh_client.get("/statements", params=params)
        assert response.status_code == 200, response.text[:500]
        return re.findall(r'<th scope="row"><a href="/statements/(st-[0-9a-f]+)"', response.text)

    def added(ids: list[str]) -> list[str]:
        return [i for i in ids if i not in bundled]

    assert added(listed()) == [viasat, china]  # newest first: 2022, then 2021
    page = fresh_client.get("/statements").text
    # The instrument in words, the incident by its title, the State held responsible by name.
    assert "Declaration by the High Representative on behalf of the EU" in page
    assert '<a href="/incidents/viasat-ka-sat-2022">' in page
    assert "Russia" in page and "TLP:CLEAR" in page
    for params, expected in (
        ({"state": "RU"}, [viasat]),
        ({"state": "China"}, [china]),
        ({"actor": "APT 31"}, [china]),
        ({"language": "fr"}, [china]),
        ({"incident": "viasat-ka-sat-2022"}, [viasat]),
        ({"since": "2022-01-01"}, [viasat]),
        ({"until": "2021-12-31"}, [china]),
        ({"text": "Viasat KA-SAT"}, [viasat]),
        (
            {"issuer": "hr-on-behalf-of-eu", "instrument": "stability.hr_declaration"},
            [viasat, china],
        ),
    ):
        library = fresh_toolbox.statements.list(**params, by=SYSTEM_USER)  # type: ignore[arg-type]
        assert listed(**params) == [s.id for s in library.items], params
        assert added(listed(**params)) == expected, params
    # A page at a time, with the cursor.
    first = fresh_client.get("/statements").text
    assert 'rel="next"' not in first


def test_a_wrong_filter_is_shown_at_its_field(fresh_client: TestClient) -> None:
    for field, value in (
        ("since", "last week"),
        ("state", "Narnia"),
        ("actor", "No Such Bear"),
        ("issuer", "someone"),
        ("instrument", "stability.nothing"),
        ("language", "english"),
    ):
        response = fresh_client.get("/statements", params={field: value})
        assert response.status_code == 422, (field, response.text[:300])
        assert f'id="st-{field}-error"' in response.text, field
        assert 'aria-invalid="true" aria-describedby="st-' + field in response.text


def test_hostile_input_is_refused_or_escaped_never_a_traceback(
    fresh_toolbox: Toolbox, fresh_client: TestClient
) -> None:
    hostile = b"Declaration <script>alert('x')</script> on the KA-SAT network, owned by Viasat."
    statement = _add(fresh_toolbox, "hostile.txt", hostile)
    page = fresh_client.get(f"/statements/{statement}")
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page.text
    for address in (
        "/statements/st-0000000000000000",
        "/statements/" + "x" * 5000,
        "/statements/st-%00",
    ):
        assert fresh_client.get(address).status_code in (404, 422), address
    for params in ({"text": "\x00"}, {"text": "a" * 5000}, {"state": "R\x00U"}, {"cursor": "\x00"}):
        response = fresh_client.get("/statements", params=params)
        assert response.status_code in (200, 422), params
        assert "Traceback" not in response.text


def test_only_a_statement_of_the_eu_or_a_member_state_offers_a_draft(
    fresh_toolbox: Toolbox, fresh_analyst: TestClient
) -> None:
    # The EU's OEWG statement (bundled) and New Zealand's attribution are no public response
    # of the EU or a Member State: no draft is offered for them.
    eu = _add(fresh_toolbox, VIASAT)
    third_state = _add(fresh_toolbox, "nz-gcsb-2018-en.txt")
    assert f'href="/statements/{eu}/draft"' in fresh_analyst.get(f"/statements/{eu}").text
    page = fresh_analyst.get(f"/statements/{third_state}").text
    assert "/draft" not in page
    forum = [
        s.id for s in fresh_toolbox.statements.list(by=SYSTEM_USER).items if "oewg" in s.file_name
    ]
    assert forum and "/draft" not in fresh_analyst.get(f"/statements/{forum[0]}").text


def test_reads_fail_closed_and_incident_and_actor_pages_list_the_statements_naming_them(
    fresh_toolbox: Toolbox, fresh_client: TestClient
) -> None:
    open_one = _add(fresh_toolbox, VIASAT)
    red = _add(fresh_toolbox, CHINA_FR, tlp=Tlp.RED)
    apt28 = _add(fresh_toolbox, "apt28-2024-en.txt")
    assert fresh_client.get(f"/statements/{red}").status_code == 404
    assert red not in fresh_client.get("/statements").text
    incident = fresh_client.get("/incidents/viasat-ka-sat-2022").text
    assert 'id="statements"' in incident and f'href="/statements/{open_one}"' in incident
    actor = fresh_client.get("/actors/apt28").text
    section = actor.split('id="statements"', 1)[1]
    assert f'href="/statements/{apt28}"' in section and red not in section
    # The red statement names APT31: the actor's page never links it for this reader.
    assert red not in fresh_client.get("/actors/apt31").text
    assert "No statement in the archive names it." in fresh_client.get("/actors/apt41").text
    # A viewer may read but not add, and is offered no draft to review.
    assert 'href="/statements/new"' not in fresh_client.get("/statements").text
    assert "/draft" not in fresh_client.get(f"/statements/{open_one}").text
    assert fresh_client.get("/statements/new", follow_redirects=False).status_code in (303, 401)


def test_an_incident_above_the_viewers_clearance_is_neither_named_nor_highlighted(
    fresh_toolbox: Toolbox, fresh_client: TestClient
) -> None:
    hidden = fresh_toolbox.incidents.add(
        [{"title": "Quiet Harbour", "start": "2026-10-01", "types": ["espionage"], "tlp": "red"}],
        source="test",
        by=SYSTEM_USER,
    ).created[0]
    text = b"The EU condemns the Quiet Harbour operation against Estonia."
    statement = _add(fresh_toolbox, "harbour.txt", text)
    assert [
        n.id for n in fresh_toolbox.statements.get(statement, by=SYSTEM_USER).reading.incidents
    ] == [hidden.slug]
    page = fresh_client.get(f"/statements/{statement}").text
    assert hidden.slug not in page and "hl--incident" not in page
    assert hidden.slug not in fresh_client.get("/statements").text


class _Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, f"</{tag}> closes another element"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_overlapping_highlights_never_cross_and_keep_the_text() -> None:
    text = "The activity conducted by APT28 & <b>friends</b> in 2022."
    actor = text.index("APT28")
    items = [
        ReadItem(
            "attribution", "state", "Russia", "/r", (Evidence(4, actor + 5, text[4 : actor + 5]),)
        ),
        ReadItem(
            "actor", "actor", "APT28", "/actors/apt28", (Evidence(actor, actor + 5, "APT28"),)
        ),
        # Crossing the attribution's end, and one outside the text (never shown).
        ReadItem("date", "date", "2022", None, (Evidence(actor + 2, len(text) - 1, "x"),)),
        ReadItem("norm", "norm", "13c", "/norms", (Evidence(len(text), len(text) + 9, "beyond"),)),
    ]
    markup = str(marked_text(text, items))
    parser = _Balance()
    parser.feed(markup)
    assert parser.open == []
    tags = ("state", "actor", "date")
    assert "".join(part for part in parser.text if part not in tags) == text
    # The actor's words link to the actor (the innermost), the rest of the phrase to the State.
    assert (
        '<a href="/actors/apt28">AP</a>' in markup
        and '<a href="/r">activity conducted by ' in markup
    )
    assert "&lt;b&gt;friends&lt;/b&gt;" in markup and "hl--norm" not in markup


def test_the_list_is_paged_with_the_cursor(
    fresh_toolbox: Toolbox, fresh_client: TestClient
) -> None:
    # The archive already holds the bundled official texts: the filter word is one none of
    # them has, so that the pages hold exactly the statements added here.
    files = [
        StatementFile(f"s{number}.txt", f"Statement number {number}, a paging specimen.".encode())
        for number in range(STATEMENTS_PER_PAGE + 1)
    ]
    fresh_toolbox.statements.add(files, by=SYSTEM_USER)
    first = fresh_client.get("/statements", params={"text": "specimen"})
    assert first.status_code == 200
    rows = re.findall(r'<th scope="row"><a href="/statements/(st-[0-9a-f]+)"', first.text)
    assert len(rows) == STATEMENTS_PER_PAGE
    following = re.search(r'<a rel="next" href="([^"]+)"', first.text)
    assert following, "a next page is linked"
    address = following.group(1).replace("&amp;", "&")
    assert "text=specimen" in address  # the filters are kept
    second = fresh_client.get(address)
    more = re.findall(r'<th scope="row"><a href="/statements/(st-[0-9a-f]+)"', second.text)
    assert len(more) == 1 and more[0] not in rows
    assert 'rel="next"' not in second.text and "First page" in second.text
    assert fresh_client.get("/statements", params={"cursor": "not-a-cursor"}).status_code == 422
