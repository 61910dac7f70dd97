"""Creating and editing incidents on the web: /incidents/new and /incidents/{key}/edit
(both backends)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urlencode

import httpx
import pytest

from account_support import TEST_SECRET_KEY, add_user, form_token, sign_in
from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox import Toolbox
from web_support import TestClient

Fields = list[tuple[str, str]]


class _FormReader(HTMLParser):
    """What a browser would send for the page's incident form, as drawn."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: Fields = []
        self._inside = False
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "form" and "incident-form" in found.get("class", ""):
            self._inside = True
        if not self._inside:
            return
        name = found.get("name")
        if tag == "input" and name:
            kind = found.get("type", "text")
            if kind != "checkbox" or "checked" in found:
                self.fields.append((name, found.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in found:
            self.fields.append((self._select, found.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, self._text))
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text += data


def form_fields(html: str) -> Fields:
    reader = _FormReader()
    reader.feed(html)
    return reader.fields


def replaced(fields: Fields, changes: dict[str, str]) -> Fields:
    """``fields`` with the named inputs' values replaced, and those it lacks added."""
    kept = [(name, changes.get(name, value)) for name, value in fields]
    return kept + [(name, value) for name, value in changes.items() if name not in dict(fields)]


def post(client: TestClient, path: str, fields: Fields, page: str) -> httpx.Response:
    """Post ``fields`` as a browser sends a form (repeated names kept in order)."""
    body = urlencode([*fields, ("csrf_token", form_token(client, page))])
    return client.post(
        path,
        content=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )


@pytest.fixture
def people(fresh_toolbox: Toolbox) -> dict[str, User]:
    return {
        "analyst": add_user(fresh_toolbox, "ana", Role.ANALYST),
        "viewer": add_user(fresh_toolbox, "vic", Role.VIEWER),
    }


@pytest.fixture
def browser_for(fresh_toolbox: Toolbox, people: dict[str, User]) -> Iterator[dict[str, TestClient]]:
    app = create_app(fresh_toolbox, secret_key=TEST_SECRET_KEY)
    clients = {}
    for name, user in people.items():
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()
        sign_in(client, user.username)
        clients[name] = client
    yield clients
    for client in clients.values():
        client.__exit__(None, None, None)


NEW_INCIDENT: Fields = [
    ("title", "Wiper attack on a grid operator"),
    ("summary", "Destructive malware on the operator's control network."),
    ("start", "2026-10"),
    ("disclosed", "2026-11-02"),
    ("types", "wiper"),
    ("types", "sabotage"),
    ("status", "confirmed"),
    ("tlp", "green"),
    ("victims.countries", "PL"),
    ("victims.countries", "LT"),
    ("victims.sectors", "energy"),
    ("attributions[0].by.kind", "state"),
    ("attributions[0].by.name", "Poland"),
    ("attributions[0].actor", "Sandworm"),
    ("attributions[0].state", "RU"),
    ("attributions[0].date", "2026-11-20"),
    ("attributions[0].likelihood", "very-likely"),
    ("attributions[0].confidence", "high"),
    ("attributions[0].basis", "technical"),
    ("attributions[0].basis", "intelligence"),
    ("sources[0].title", "CERT Polska analysis"),
    ("sources[0].url", "https://cert.pl/en/posts/grid-wiper"),
    ("sources[0].publisher", "CERT Polska"),
    ("sources[0].published", "2026-11-03"),
]


def _count(toolbox: Toolbox) -> int:
    return toolbox.incidents.list(limit=1000, by=SYSTEM_USER).total or 0


def test_a_reader_sees_no_way_to_write_and_is_refused(
    fresh_toolbox: Toolbox, browser_for: dict[str, TestClient]
) -> None:
    reader, analyst = browser_for["viewer"], browser_for["analyst"]
    assert 'href="/incidents/new"' not in reader.get("/incidents").text
    assert 'href="/incidents/wannacry-2017/edit"' not in reader.get("/incidents/wannacry-2017").text
    assert 'href="/incidents/new"' in analyst.get("/incidents").text
    assert 'href="/incidents/wannacry-2017/edit"' in analyst.get("/incidents/wannacry-2017").text
    assert reader.get("/incidents/new").status_code == 403
    assert reader.get("/incidents/wannacry-2017/edit").status_code == 403
    before = _count(fresh_toolbox)
    assert post(reader, "/incidents/new", NEW_INCIDENT, "/incidents").status_code == 403
    edit = post(reader, "/incidents/wannacry-2017/edit", [("title", "x")], "/incidents")
    assert edit.status_code == 403
    assert _count(fresh_toolbox) == before
    assert fresh_toolbox.incidents.get("wannacry-2017", by=SYSTEM_USER).title != "x"


def test_a_post_without_the_form_token_is_refused(browser_for: dict[str, TestClient]) -> None:
    analyst = browser_for["analyst"]
    body = urlencode(NEW_INCIDENT)
    response = analyst.post(
        "/incidents/new",
        content=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert response.status_code == 403


def test_creating_an_incident_stores_what_the_form_says_and_audits_it(
    fresh_toolbox: Toolbox, browser_for: dict[str, TestClient], people: dict[str, User]
) -> None:
    analyst = browser_for["analyst"]
    page = analyst.get("/incidents/new")
    assert page.status_code == 200
    assert 'name="victims.countries" value="PL"' in page.text  # choices from the catalogue
    response = post(analyst, "/incidents/new", NEW_INCIDENT, "/incidents/new")
    assert response.status_code == 303, response.text[:2000]
    slug = response.headers["location"].removeprefix("/incidents/")
    incident = fresh_toolbox.incidents.get(slug, by=SYSTEM_USER)
    assert incident.title == "Wiper attack on a grid operator"
    assert str(incident.start) == "2026-10" and str(incident.disclosed) == "2026-11-02"
    assert [kind.value for kind in incident.types] == ["wiper", "sabotage"]
    assert incident.victim_countries == ("PL", "LT") and incident.victim_sectors == ("energy",)
    assert incident.tlp is Tlp.GREEN
    (attribution,) = incident.attributions
    assert (attribution.party.name, attribution.party.country, attribution.state) == (
        "Poland",
        "PL",
        "RU",
    )
    assert attribution.actor_id == fresh_toolbox.knowledge.actor_id("Sandworm")
    assert attribution.confidence is not None and attribution.confidence.value == "high"
    assert [basis.value for basis in attribution.basis] == ["technical", "intelligence"]
    (source,) = incident.sources
    assert (source.url, source.publisher, str(source.published)) == (
        "https://cert.pl/en/posts/grid-wiper",
        "CERT Polska",
        "2026-11-03",
    )
    shown = analyst.get(response.headers["location"])
    assert "Incident created: Wiper attack on a grid operator." in shown.text
    # Audited as the API's creations are: one entry for the batch of one, named for its source.
    (entry,) = fresh_toolbox.audit.entries(by=SYSTEM_USER, entity="import", key="web form")
    assert (entry.action, entry.actor) == ("incident.add", people["analyst"].username)
    assert entry.after is not None and entry.after["incident_ids"] == [incident.id]


def test_a_refused_form_shows_each_error_beside_its_input_keeps_the_input_and_writes_nothing(
    fresh_toolbox: Toolbox, browser_for: dict[str, TestClient]
) -> None:
    analyst = browser_for["analyst"]
    before = _count(fresh_toolbox)
    entries = len(fresh_toolbox.audit.entries(by=SYSTEM_USER, limit=1000))
    wrong = replaced(
        NEW_INCIDENT,
        {
            "end": "2025-01",
            "attributions[0].actor": "Fancy Teddy Picnic",
            "sources[0].url": "javascript:alert(1)",
        },
    )
    response = post(analyst, "/incidents/new", wrong, "/incidents/new")
    assert response.status_code == 422
    html = response.text
    assert "The incident was not saved: 3 fields to correct" in html
    for field_id, reason in [
        ("f-end", "is before the start"),
        ("f-attributions-0-actor", "“Fancy Teddy Picnic” is not"),
        ("f-sources-0-url", "“javascript:alert(1)” is not an http or https URL"),
    ]:
        note = re.search(rf'<p class="field-error" id="{field_id}-error">([^<]*)</p>', html)
        assert note is not None and reason in note.group(1), (field_id, html[:200])
        described = re.search(rf'id="{field_id}"[^>]*aria-describedby="([^"]*)"', html)
        assert described is not None and f"{field_id}-error" in described.group(1).split()
    kept = dict(form_fields(html))
    assert kept["title"] == "Wiper attack on a grid operator"
    assert kept["attributions[0].actor"] == "Fancy Teddy Picnic"
    assert kept["sources[0].url"] == "javascript:alert(1)"
    assert ("victims.countries", "LT") in form_fields(html)
    assert _count(fresh_toolbox) == before
    assert len(fresh_toolbox.audit.entries(by=SYSTEM_USER, limit=1000)) == entries


def test_the_edit_form_saved_as_drawn_changes_nothing_but_the_version(
    fresh_toolbox: Toolbox, browser_for: dict[str, TestClient]
) -> None:
    """Everything the form does not show (impact, organisations, an attribution's wording
    and source, a source's grade) survives a save."""
    analyst = browser_for["analyst"]
    stored = fresh_toolbox.incidents.get("notpetya-2017", by=SYSTEM_USER)
    page = analyst.get("/incidents/notpetya-2017/edit")
    assert page.status_code == 200
    response = post(analyst, "/incidents/notpetya-2017/edit", form_fields(page.text), page.url.path)
    assert response.status_code == 303, response.text[:3000]
    saved = fresh_toolbox.incidents.get("notpetya-2017", by=SYSTEM_USER)
    assert saved.version == stored.version + 1
    for name in stored.__dataclass_fields__:
        if name not in ("version", "updated_at"):
            assert getattr(saved, name) == getattr(stored, name), name


def test_an_edit_changes_the_fields_typed_removes_blank_rows_and_is_audited(
    fresh_toolbox: Toolbox, browser_for: dict[str, TestClient], people: dict[str, User]
) -> None:
    analyst = browser_for["analyst"]
    stored = fresh_toolbox.incidents.get("notpetya-2017", by=SYSTEM_USER)
    assert len(stored.attributions) >= 2
    page = analyst.get("/incidents/notpetya-2017/edit")
    fields = [
        (name, "" if name.startswith("attributions[0].") else value)
        for name, value in form_fields(page.text)
        if name != "attributions[0].basis"
    ]
    fields = replaced(fields, {"title": "NotPetya (edited)"})
    response = post(analyst, "/incidents/notpetya-2017/edit", fields, page.url.path)
    assert response.status_code == 303, response.text[:3000]
    saved = fresh_toolbox.incidents.get(stored.id, by=SYSTEM_USER)
    assert saved.title == "NotPetya (edited)"
    assert saved.attributions == stored.attributions[1:]
    assert saved.impact == stored.impact and saved.sources == stored.sources
    (entry,) = fresh_toolbox.audit.entries(by=SYSTEM_USER, entity="incident", key=stored.id)[-1:]
    assert (entry.action, entry.actor) == ("incident.edit", people["analyst"].username)
    assert entry.after is not None and entry.after["title"] == "NotPetya (edited)"
    assert "Incident saved: NotPetya (edited)" in analyst.get(response.headers["location"]).text


def test_an_error_in_a_row_after_a_removed_one_is_shown_at_its_own_row(
    browser_for: dict[str, TestClient],
) -> None:
    analyst = browser_for["analyst"]
    page = analyst.get("/incidents/notpetya-2017/edit")
    fields = [
        (name, "" if name.startswith("attributions[0].") else value)
        for name, value in form_fields(page.text)
        if name != "attributions[0].basis"
    ]
    fields = replaced(fields, {"attributions[1].actor": "Nobody Knows This Bear"})
    response = post(analyst, "/incidents/notpetya-2017/edit", fields, page.url.path)
    assert response.status_code == 422
    assert 'id="f-attributions-1-actor-error"' in response.text
    assert 'id="f-attributions-0-actor-error"' not in response.text


def test_a_save_over_someone_elses_change_is_refused_with_what_they_changed(
    fresh_toolbox: Toolbox, browser_for: dict[str, TestClient], people: dict[str, User]
) -> None:
    analyst = browser_for["analyst"]
    page = analyst.get("/incidents/wannacry-2017/edit")
    drawn = form_fields(page.text)
    version = dict(drawn)["expected_version"]
    # Meanwhile a colleague changes the title and the summary.
    colleague = fresh_toolbox.incidents.edit(
        "wannacry-2017",
        {"title": "WannaCry (colleague)", "summary": "Rewritten by a colleague."},
        by=people["analyst"],
    )
    entries = len(fresh_toolbox.audit.entries(by=SYSTEM_USER, limit=1000))
    mine = replaced(drawn, {"tlp": "green", "start": "2017-05-12"})
    response = post(analyst, "/incidents/wannacry-2017/edit", mine, page.url.path)
    assert response.status_code == 409
    html = response.text
    assert "Someone else saved this incident: your changes were not saved" in html
    assert f"You were editing version {version}; version {colleague.version} was saved" in html
    theirs = re.search(r'<ul class="their-changes">(.*?)</ul>', html, re.S)
    assert theirs is not None
    assert "Title</a>: WannaCry (colleague)" in theirs.group(1)
    assert "Summary</a>: Rewritten by a colleague." in theirs.group(1)
    assert "TLP" not in theirs.group(1)  # the analyst's own change is not theirs
    kept = dict(form_fields(html))
    assert kept["tlp"] == "green" and kept["start"] == "2017-05-12"
    assert kept["title"] == dict(drawn)["title"]  # the analyst's input, not the colleague's
    assert kept["expected_version"] == str(colleague.version)
    stored = fresh_toolbox.incidents.get("wannacry-2017", by=SYSTEM_USER)
    assert stored == colleague
    assert len(fresh_toolbox.audit.entries(by=SYSTEM_USER, limit=1000)) == entries
    # Saving again, knowing their change, is allowed.
    again = post(analyst, "/incidents/wannacry-2017/edit", form_fields(html), page.url.path)
    assert again.status_code == 303
    assert fresh_toolbox.incidents.get("wannacry-2017", by=SYSTEM_USER).tlp is Tlp.GREEN


def test_an_incident_above_the_editors_clearance_is_not_found_as_a_missing_one(
    fresh_toolbox: Toolbox, browser_for: dict[str, TestClient]
) -> None:
    hidden = fresh_toolbox.incidents.add(
        [{"title": "Restricted", "start": "2026-01", "types": ["espionage"], "tlp": "red"}],
        by=SYSTEM_USER,
    ).created[0]
    analyst = browser_for["analyst"]
    for key in (hidden.slug, hidden.id, "no-such-incident"):
        assert analyst.get(f"/incidents/{key}/edit").status_code == 404
        refused = post(analyst, f"/incidents/{key}/edit", [("title", "x")], "/incidents")
        assert refused.status_code == 404
        assert "Restricted" not in refused.text
    assert fresh_toolbox.incidents.get(hidden.id, by=SYSTEM_USER) == hidden
