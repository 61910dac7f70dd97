"""docs/web.md lists every page of the navigation, and every page it lists answers."""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path

from cdtoolbox.interfaces.web.extensions import DEFAULT_NAVIGATION
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from web_support import TestClient

WEB_DOC = Path(__file__).resolve().parents[2] / "docs" / "web.md"
VIASAT = (
    Path(__file__).resolve().parents[1] / "data" / "statements" / "train" / "viasat-2022-en.txt"
)
SAMPLES = {
    "{slug}": "wannacry-2017",
    "{name}": "apt28",
    "{id}": "gao-qiang",
    "{state}": "DE",
    "{country}": "UA",
    "{dialogue}": "eu-cn-cyber-dialogue",
}


def documented_pages() -> list[str]:
    table = WEB_DOC.read_text(encoding="utf-8").split("## The pages", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    return [path for row in rows for path in re.findall(r"`(/[^`]*)`", row.split(" | ")[0])]


def test_every_navigation_entry_is_documented() -> None:
    documented = set(documented_pages())
    for item in DEFAULT_NAVIGATION:
        assert item.path in documented, f"docs/web.md does not list {item.path}"


def test_every_documented_page_answers(admin_client: TestClient, app_toolbox: Toolbox) -> None:
    # An administrator may open every page (the accounts page is theirs alone).
    pages = documented_pages()
    assert len(pages) >= 12
    # A statement's pages need a statement in the archive (adding it again changes nothing).
    (viasat,) = app_toolbox.statements.add([VIASAT], by=SYSTEM_USER)
    samples = {**SAMPLES, "{statement}": viasat.statement.id}
    for path in pages:
        for placeholder, sample in samples.items():
            path = path.replace(placeholder, sample)
        response = admin_client.get(path)
        assert response.status_code == 200, path
        # A documented download (the brief as PDF) answers in its own media type.
        expected = mimetypes.guess_type(path.split("?")[0])[0] or "text/html"
        assert response.headers["content-type"].startswith(expected), path
