"""Bad input and first run, as a new user meets them (both backends).

Every loader path names the field, the value and the reason of an impossible date, on the
command line (exit 2) and on the web Import page (422), and writes nothing; a command run
before ``cdt init`` says so and creates no file; output for a pipe is never wrapped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

import pytest

from account_support import form_token
from cdtoolbox.errors import NotSetUp
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Settings, Toolbox
from tests_support import Cli
from web_support import TestClient


class BadFile(NamedTuple):
    name: str
    content: str
    field: str
    value: str
    reason: str


_INCIDENT = "title: Wiper attack on a port\ntypes: [wiper]\n"

BAD_FILES = [
    pytest.param(
        BadFile("day.yaml", _INCIDENT + "start: 2024-02-30\n", "start", "2024-02-30", "real"),
        id="yaml-day-out-of-range",
    ),
    pytest.param(
        BadFile("month.yaml", _INCIDENT + "start: 2023-13-01\n", "start", "2023-13-01", "real"),
        id="yaml-month-out-of-range",
    ),
    pytest.param(
        BadFile(
            "disclosed.yaml",
            _INCIDENT + "start: 2024\ndisclosed: 2024-02-30\n",
            "disclosed",
            "2024-02-30",
            "real",
        ),
        id="yaml-disclosure-date",
    ),
    pytest.param(
        BadFile(
            "time.yaml",
            _INCIDENT + "start: 2024-02-30T10:00:00Z\n",
            "start",
            "2024-02-30T10:00:00Z",
            "YYYY",
        ),
        id="yaml-timestamp-out-of-range",
    ),
    pytest.param(
        BadFile(
            "day.json",
            json.dumps({"title": "Wiper", "types": ["wiper"], "start": "2024-02-30"}),
            "start",
            "2024-02-30",
            "real",
        ),
        id="json-day-out-of-range",
    ),
    pytest.param(
        BadFile(
            "day.csv", "title,start,types\nWiper,2024-02-30,wiper\n", "start", "2024-02-30", "real"
        ),
        id="csv-day-out-of-range",
    ),
]


def _command(path: Path) -> tuple[str, ...]:
    if path.suffix == ".csv":
        return ("incidents", "import-csv", str(path))
    return ("incidents", "add", "--file", str(path))


@pytest.mark.parametrize("bad", BAD_FILES)
def test_the_command_line_names_field_value_and_reason_and_writes_nothing(
    bad: BadFile, cli: Cli, fresh_toolbox: Toolbox, tmp_path: Path
) -> None:
    before = fresh_toolbox.incidents.list(by=SYSTEM_USER).total
    path = tmp_path / bad.name
    path.write_text(bad.content, encoding="utf-8")
    url = fresh_toolbox.settings.database_url
    result = cli(url, *_command(path))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert f"`{bad.field}`" in result.stderr and bad.value in result.stderr
    assert bad.reason in result.stderr
    document = json.loads(cli(url, *_command(path), "--json").stdout)
    [error] = document["errors"]
    assert (error["field"], error["value"]) == (bad.field, bad.value)
    assert fresh_toolbox.incidents.list(by=SYSTEM_USER).total == before


@pytest.mark.parametrize("bad", BAD_FILES)
def test_the_import_page_names_field_value_and_reason_and_writes_nothing(
    bad: BadFile, fresh_analyst: TestClient, fresh_toolbox: Toolbox
) -> None:
    before = fresh_toolbox.incidents.list(by=SYSTEM_USER).total
    response = fresh_analyst.post(
        "/import",
        files={"file": (bad.name, bad.content.encode(), "application/octet-stream")},
        data={"csrf_token": form_token(fresh_analyst, "/import")},
    )
    assert response.status_code == 422, response.text
    assert "Nothing was imported" in response.text
    assert f"<code>{bad.field}</code>" in response.text
    assert f"<code>{bad.value}</code>" in response.text and bad.reason in response.text
    assert fresh_toolbox.incidents.list(by=SYSTEM_USER).total == before


FIRST_COMMANDS = [
    ("incidents", "list"),
    ("incidents", "show", "notpetya-2017"),
    ("actors", "list"),
    ("assess", "--all"),
    ("sanctions", "list"),
    ("audit", "log"),
    ("cases", "list"),
    ("pqc", "assets"),
    ("pqc", "progress"),
]


@pytest.mark.parametrize("command", FIRST_COMMANDS, ids=" ".join)
def test_a_command_before_init_says_so_and_creates_nothing(
    command: tuple[str, ...], cli: Cli, tmp_path: Path
) -> None:
    database = tmp_path / "data" / "cdt.sqlite3"
    result = cli(f"sqlite:///{database}", *command)
    assert result.exit_code == 1, result.output
    assert "is not set up: run `cdt init`" in result.stderr
    assert "Traceback" not in result.output and len(result.stderr.splitlines()) <= 3
    assert not database.exists() and not database.parent.exists()


def test_the_library_refuses_to_read_an_empty_database(
    database_url: str, knowledge: KnowledgeBase
) -> None:
    with Toolbox(Settings(database_url), knowledge=knowledge) as toolbox:
        with pytest.raises(NotSetUp, match="run `cdt init`"):
            toolbox.incidents.list(by=SYSTEM_USER)
        toolbox.init()
        assert toolbox.incidents.list(by=SYSTEM_USER).total


def test_pages_and_the_api_answer_503_before_init(
    database_url: str, knowledge: KnowledgeBase
) -> None:
    from cdtoolbox.interfaces.http.app import create_app

    with Toolbox(Settings(database_url), knowledge=knowledge) as toolbox:
        client = TestClient(create_app(toolbox))
        response = client.get("/api/v1/incidents")
        assert response.status_code == 503
        assert "run `cdt init`" in response.json()["detail"]


def test_output_for_a_pipe_is_never_wrapped(cli: Cli, fresh_toolbox: Toolbox) -> None:
    url = fresh_toolbox.settings.database_url
    listing = cli(url, "incidents", "list", "--limit", "2")
    assert listing.exit_code == 0, listing.output
    [more] = [line for line in listing.stdout.splitlines() if line.startswith("More:")]
    token = more.removeprefix("More: add --cursor ").strip()
    assert token and " " not in token
    assert cli(url, "incidents", "list", "--limit", "2", "--cursor", token).exit_code == 0
    shown = cli(url, "assess", "notpetya-2017")
    assert shown.exit_code == 0, shown.output
    assert "Assessment: NotPetya destructive malware" in shown.stdout.splitlines()[0]
    assert not any(line.startswith(("╭", "│")) for line in shown.stdout.splitlines())
    assert max(map(len, shown.stdout.splitlines())) > 120  # paragraphs stay on one line
