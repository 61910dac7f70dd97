"""A real server and Debian's Chromium for the browser tests.

The tests skip when /usr/bin/chromium is missing, except under ``CI=true`` where they fail:
`scripts/install-test-browser` installs it (never Playwright's own browser download).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from account_support import CHEAP_PASSWORDS, add_user
from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import Role
from cdtoolbox.toolbox import Settings, Toolbox
from database_support import SqliteStages, Stage
from web_support import live_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"browser tests need {CHROMIUM} (scripts/install-test-browser)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory, knowledge: KnowledgeBase, sqlite_stages: SqliteStages
) -> Iterator[tuple[str, Toolbox]]:
    """`cdt serve` in miniature: uvicorn on a free loopback port over a new database, with
    an analyst (``browser-analyst``) and Germany's delegate (``delegate-de``)."""
    _require_chromium()
    url = sqlite_stages.copy(Stage.INITIALISED, tmp_path_factory.mktemp("browser") / "cdt.sqlite3")
    with Toolbox(Settings(url), knowledge=knowledge, passwords=CHEAP_PASSWORDS) as toolbox:
        add_user(toolbox, "browser-analyst", Role.ANALYST)
        add_user(toolbox, "delegate-de", Role.DELEGATE, member_state="DE")
        with live_server(create_app(toolbox)) as base_url:
            yield base_url, toolbox


@pytest.fixture(scope="module")
def server_url(served: tuple[str, Toolbox]) -> str:
    return served[0]


class PageProblems:
    """What went wrong in the page: script errors, console errors, requests leaving the host."""

    def __init__(self, base_url: str) -> None:
        self.host = urlsplit(base_url).netloc
        self.errors: list[str] = []
        self.outside: list[str] = []

    def watch(self, page: Any) -> None:
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", self._console)
        page.on("response", self._response)
        page.route("**/*", self._route)

    def _console(self, message: Any) -> None:
        # A page answered 4xx on purpose (a refused import) logs "Failed to load resource";
        # failed scripts, styles and data are caught by _response instead.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)

    def _response(self, response: Any) -> None:
        if response.status >= 400 and not _is_page_answer(response.request):
            self.errors.append(f"{response.status} for {response.url}")

    def _route(self, route: Any) -> None:
        target = urlsplit(route.request.url)
        if target.scheme in ("data", "blob") or target.netloc == self.host:
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()


def _is_page_answer(request: Any) -> bool:
    """A page, or a form a page's script sent in its stead (the Import page posts its upload
    by XMLHttpRequest to show progress): a 4xx there is the page's answer, such as a refused
    import, not a resource that failed to load."""
    if request.resource_type == "document":
        return True
    return request.method == "POST" and request.resource_type in ("xhr", "fetch")


@pytest.fixture
def page(browser: Any, server_url: str) -> Iterator[Any]:
    """A fresh browser tab on the test server; fails the test on script errors or on any
    request to another host (the application must work offline)."""
    context = browser.new_context(base_url=server_url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    problems = PageProblems(server_url)
    problems.watch(tab)
    yield tab
    context.close()
    assert not problems.outside, f"requests left the server: {problems.outside}"
    assert not problems.errors, f"errors in the page: {problems.errors}"


@pytest.fixture
def screenshot() -> Any:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Any, name: str, *, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
