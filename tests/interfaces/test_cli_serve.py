"""`cdt serve`: creates the database on first run, then hands the application to uvicorn."""

from __future__ import annotations

import gc
import os
import pickle
from pathlib import Path
from typing import Any

import pytest
import typer
import uvicorn
from fastapi import FastAPI
from typer.testing import CliRunner

from cdtoolbox.interfaces.cli import serve
from cdtoolbox.interfaces.http import server
from cdtoolbox.interfaces.http.secret_key import SECRET_KEY_FILE, SECRET_KEY_VARIABLE
from cdtoolbox.interfaces.http.server_protocol import HeaderDeadlineProtocol
from cdtoolbox.interfaces.http.settings import HEADER_TIMEOUT_SECONDS
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import DATABASE_URL_VARIABLE, Settings, Toolbox
from cdtoolbox.toolbox.settings import SERVER_STALENESS
from web_support import TestClient


def serve_app() -> typer.Typer:
    """`serve` under a root that takes the database URL, as `cdt` registers it."""
    app = typer.Typer()

    @app.callback()
    def root(ctx: typer.Context, database_url: str = typer.Option(...)) -> None:
        ctx.ensure_object(dict)["database_url"] = database_url

    app.command("serve")(serve.serve_command)
    return app


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What uvicorn would have been asked to serve (the test does not listen on a port)."""
    calls: dict[str, Any] = {}

    def run(app: FastAPI | str, **options: Any) -> None:
        calls["app"] = app
        calls.update(options)

    monkeypatch.setattr(uvicorn, "run", run)
    return calls


def invoke(knowledge: KnowledgeBase, url: str, *args: str) -> Any:
    return CliRunner().invoke(
        serve_app(),
        ["--database-url", url, "serve", *args],
        obj={"knowledge": knowledge},
        catch_exceptions=False,
    )


def test_first_run_creates_the_database_and_serves_loopback(
    tmp_path: Path, knowledge: KnowledgeBase, served: dict[str, Any]
) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'cdt.sqlite3'}"
    result = invoke(knowledge, url)
    assert result.exit_code == 0, result.output
    assert "creating it with the bundled data" in result.output
    assert (served["host"], served["port"]) == ("127.0.0.1", 8000)
    assert isinstance(served["app"], FastAPI)
    # Bounded before trust: headers have a deadline, connections a ceiling, and forwarded
    # addresses are believed only from CDT_TRUSTED_PROXIES (by the application).
    assert issubclass(served["http"], HeaderDeadlineProtocol)
    assert served["http"].header_seconds == HEADER_TIMEOUT_SECONDS
    assert served["limit_concurrency"] == server.MAX_CONNECTIONS
    assert served["proxy_headers"] is False
    with Toolbox(Settings(url), knowledge=knowledge) as toolbox:
        assert (toolbox.incidents.list(by=SYSTEM_USER).total or 0) >= 30


def test_a_second_run_leaves_the_data_alone(
    tmp_path: Path, knowledge: KnowledgeBase, served: dict[str, Any]
) -> None:
    url = f"sqlite:///{tmp_path / 'cdt.sqlite3'}"
    with Toolbox(Settings(url), knowledge=knowledge) as toolbox:
        toolbox.init()
        toolbox.incidents.edit("wannacry-2017", {"tlp": "green"}, by=SYSTEM_USER)
    result = invoke(knowledge, url, "--host", "0.0.0.0", "--port", "8080")
    assert result.exit_code == 0, result.output
    assert "creating" not in result.output
    assert (served["host"], served["port"]) == ("0.0.0.0", 8080)
    with Toolbox(Settings(url), knowledge=knowledge) as toolbox:
        assert toolbox.incidents.get("wannacry-2017", by=SYSTEM_USER).tlp.value == "green"


def test_the_port_must_be_a_port(tmp_path: Path, knowledge: KnowledgeBase) -> None:
    result = CliRunner().invoke(
        serve_app(), ["--database-url", f"sqlite:///{tmp_path}/x.db", "serve", "--port", "70000"]
    )
    assert result.exit_code == 2


def test_once_started_the_server_freezes_its_heap_and_keeps_collecting(
    tmp_path: Path, knowledge: KnowledgeBase, served: dict[str, Any]
) -> None:
    url = f"sqlite:///{tmp_path / 'cdt.sqlite3'}"
    assert invoke(knowledge, url).exit_code == 0
    gc.unfreeze()
    try:
        with TestClient(served["app"]):  # runs the application's start-up
            assert gc.get_freeze_count() > 0
            assert gc.isenabled()
    finally:
        gc.unfreeze()


def test_workers_build_their_own_application_from_the_prepared_database(
    tmp_path: Path,
    knowledge: KnowledgeBase,
    served: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The command sets the database's variable for the workers it starts: set here first, so
    # that the variable is restored (removed) after the test and leaks into no other test.
    monkeypatch.setenv(DATABASE_URL_VARIABLE, "")
    monkeypatch.delenv(DATABASE_URL_VARIABLE)
    monkeypatch.delenv(SECRET_KEY_VARIABLE, raising=False)
    url = f"sqlite:///{tmp_path / 'cdt.sqlite3'}"
    result = invoke(knowledge, url, "--workers", "2")
    assert result.exit_code == 0, result.output
    assert "with 2 worker processes" in result.output
    assert (served["app"], served["factory"], served["workers"]) == (
        server.WORKER_APPLICATION,
        True,
        2,
    )
    # Each worker inherits the database prepared here, and finds the one secret key made here.
    assert os.environ[DATABASE_URL_VARIABLE] == url
    assert (tmp_path / SECRET_KEY_FILE).exists()
    # uvicorn pickles its configuration to start each worker: the protocol class included.
    assert pickle.loads(pickle.dumps(served["http"])) is served["http"]
    assert served["http"].header_seconds == HEADER_TIMEOUT_SECONDS
    assert served["limit_concurrency"] == server.MAX_CONNECTIONS
    assert served["proxy_headers"] is False


def test_workers_need_a_database_every_process_can_open(
    knowledge: KnowledgeBase, served: dict[str, Any]
) -> None:
    result = invoke(knowledge, "sqlite://", "--workers", "2")
    assert result.exit_code == 2
    assert "an in-memory one lives in one process" in result.output
    assert "app" not in served


def test_a_worker_builds_the_application_over_a_toolbox_it_closes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'cdt.sqlite3'}"
    with Toolbox(Settings(url)) as toolbox:
        toolbox.database.migrate()
    monkeypatch.setenv(DATABASE_URL_VARIABLE, url)
    app = server.worker_application()
    toolbox = app.state.toolbox
    assert toolbox.settings.database_url == url
    assert toolbox.settings.staleness == SERVER_STALENESS
    closed: list[bool] = []
    monkeypatch.setattr(toolbox, "close", lambda: closed.append(True))
    gc.unfreeze()
    before = gc.get_threshold()
    try:
        with TestClient(app) as client:  # start-up, then shutdown
            assert client.get("/api/v1/incidents").status_code == 200
            assert not closed
            # Young collections are rarer while it serves: requests' objects die young.
            assert gc.get_threshold()[0] == 50_000
    finally:
        gc.unfreeze()
    assert gc.get_threshold() == before
    assert closed == [True]
    type(toolbox).close(toolbox)
