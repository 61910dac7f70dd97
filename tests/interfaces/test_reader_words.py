"""Every label a reader sees is a sentence or a term of the field, never an identifier of the code.

Each bundled incident is rendered as its page, its terminal view and its terminal assessment,
and the reference pages once; the words the program writes must not contain a field path
(``impact.people_affected``), a snake_case or rule identifier (``support_ms``,
``stability-naming-state``), an enumeration value where a label belongs (``(eu)``,
``; none``) or an ISO 3166 long form of a country name (``Korea, Republic of``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest

from account_support import CHEAP_PASSWORDS, TEST_SECRET_KEY, add_user, sign_in
from cdtoolbox.assess.labels import FIELD_LABELS, NAMING_STATE
from cdtoolbox.assess.response_level import RESPONSE_LEVEL_RULES
from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import Incident
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.model.case import CaseState, PositionKind
from cdtoolbox.toolbox import Settings, Toolbox
from tests_support import Cli
from web_support import TestClient

_SNAKE_CASE = r"\b[a-z]+(?:_[a-z0-9]+)+\b"


def _leak_pattern(knowledge: KnowledgeBase) -> re.Pattern[str]:
    identifiers = [
        *(re.escape(rule.id) for rule in RESPONSE_LEVEL_RULES),
        re.escape(NAMING_STATE),
        # Field paths; the plain-word fields ("attribution", "end") are words of the field too.
        *(re.escape(name) for name in FIELD_LABELS if "." in name or "_" in name),
        *(
            re.escape(country.iso_name)
            for country in knowledge.countries.all()
            if country.iso_name and ("," in country.iso_name or "(" in country.iso_name)
        ),
    ]
    return re.compile(
        "|".join(
            [
                _SNAKE_CASE,
                *(rf"(?<![\w/-]){identifier}(?![\w/-])" for identifier in identifiers),
                r"\(eu\)",
                r";\s*none\s*$",  # a decision rule's value closing a "decided by" line
            ]
        ),
        re.MULTILINE,
    )


class _Text(HTMLParser):
    """The text nodes of a page outside scripts and styles, one per line."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping and data.strip():
            self.lines.append(" ".join(data.split()))


def _page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.lines)


def _recorded_text(incident: Incident) -> list[str]:
    """What the incident's authors wrote: quoted as recorded, not words of the program."""
    texts = [incident.summary, incident.impact.notes or ""]
    texts += [attribution.wording or "" for attribution in incident.attributions]
    texts += [source.title for source in incident.sources]
    texts += [source.url or "" for source in incident.sources]
    return [" ".join(text.split()) for text in texts if text]


def _leaks(text: str, incident: Incident | None, pattern: re.Pattern[str]) -> list[str]:
    if incident is not None:
        for recorded in _recorded_text(incident):
            text = text.replace(recorded, " ")
        text = text.replace(incident.slug, " ")
    return sorted({match.group(0) for match in pattern.finditer(text)})


@pytest.fixture(scope="module")
def bundled(
    tmp_path_factory: pytest.TempPathFactory, knowledge: KnowledgeBase
) -> Iterator[tuple[str, Toolbox, list[Incident]]]:
    """The bundled data on SQLite: the words do not depend on the backend."""
    url = f"sqlite:///{tmp_path_factory.mktemp('words') / 'cdt.sqlite3'}"
    with Toolbox(Settings(url), knowledge=knowledge, passwords=CHEAP_PASSWORDS) as toolbox:
        toolbox.init()
        incidents = list(toolbox.incidents.list(limit=1000, by=SYSTEM_USER).items)
        yield url, toolbox, incidents


def test_the_leak_pattern_catches_each_kind_of_identifier(knowledge: KnowledgeBase) -> None:
    pattern = _leak_pattern(knowledge)
    for leaked in (
        "Unknown: impact.people_affected.",
        "ready for support_ms",
        "ready for stability-naming-state",
        "Level of response (rule shared-attribution)",
        "High Representative on behalf of the EU (eu), 3 May 2024",
        "Decided by: EEAS and Commission; none",
        "Victim countries: Korea, Republic of",
    ):
        assert _leaks(leaked, None, pattern), leaked
    assert not _leaks(
        "none are recorded; hack-and-leak; the EU (High Representative)", None, pattern
    )


def test_incident_pages_show_no_identifier(
    bundled: tuple[str, Toolbox, list[Incident]], knowledge: KnowledgeBase
) -> None:
    _, toolbox, incidents = bundled
    pattern = _leak_pattern(knowledge)
    found: dict[str, list[str]] = {}
    with TestClient(create_app(toolbox, secret_key=TEST_SECRET_KEY)) as client:
        for incident in incidents:
            response = client.get(f"/incidents/{incident.slug}")
            assert response.status_code == 200
            leaks = _leaks(_page_text(response.text), incident, pattern)
            if leaks:
                found[incident.slug] = leaks
        for path in ("/norms", "/law", "/instruments", "/cbms", "/un", "/actors", "/sanctions"):
            leaks = _leaks(_page_text(client.get(path).text), None, pattern)
            if leaks:
                found[path] = leaks
    assert found == {}


def test_terminal_views_show_no_identifier(
    bundled: tuple[str, Toolbox, list[Incident]], knowledge: KnowledgeBase
) -> None:
    url, _, incidents = bundled
    cli = Cli(knowledge)
    pattern = _leak_pattern(knowledge)
    found: dict[str, list[str]] = {}
    for incident in incidents:
        for command in ("assess", "incidents show"):
            result = cli(url, *command.split(), incident.slug)
            assert result.exit_code == 0, result.output
            # Slugs of other incidents stay: they are what `cdt incidents show` takes.
            text = result.stdout
            for other in incidents:
                text = text.replace(f"({other.slug})", " ")
            leaks = _leaks(text, incident, pattern)
            if leaks:
                found[f"cdt {command} {incident.slug}"] = leaks
    assert found == {}


def test_a_decided_case_shows_no_identifier(
    bundled: tuple[str, Toolbox, list[Incident]], knowledge: KnowledgeBase
) -> None:
    """A case through consultation and decision: its page and `cdt cases show`."""
    url, toolbox, incidents = bundled
    analyst = add_user(toolbox, "words-analyst", Role.ANALYST)
    approver = add_user(toolbox, "words-approver", Role.APPROVER)
    greece = add_user(toolbox, "words-el", Role.DELEGATE, member_state="GR")
    case = toolbox.cases.open(["notpetya-2017"], by=analyst)
    case = toolbox.cases.move(case.id, CaseState.CONSULTATION, by=analyst, note="To COREPER")
    toolbox.cases.record_position(
        case.id,
        case.active_measures[0].id,
        by=greece,
        member_state="GR",
        position=PositionKind.RESERVE,
        comment="",
    )
    toolbox.cases.decide(case.id, by=approver, note="")
    pattern = _leak_pattern(knowledge)
    notpetya = next(incident for incident in incidents if incident.slug == "notpetya-2017")
    with TestClient(create_app(toolbox, secret_key=TEST_SECRET_KEY)) as client:
        sign_in(client, "words-analyst")
        page = _page_text(client.get(f"/cases/{case.id}").text)
    shown = Cli(knowledge)(url, "cases", "show", case.id).stdout
    assert "Greece\nEL" in page and "EL maintains a scrutiny reserve" in shown
    assert _leaks(page, notpetya, pattern) == []
    assert _leaks(shown, notpetya, pattern) == []
