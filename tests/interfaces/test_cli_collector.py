"""The cyclic garbage collector is paused by the command line alone, for its bulk commands, and
always resumed after; the library, which the threaded server runs, leaves it alone."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cdtoolbox.interfaces.cli.collector import collector_paused
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Settings, Toolbox
from cdtoolbox.toolbox.incidents import IncidentService
from cdtoolbox.toolbox.stix import StixService
from tests_support import Cli

EMPTY_BUNDLE = (
    '{"type": "bundle", "id": "bundle--6b9d5c1e-1f0a-4c8e-9f1e-2a3b4c5d6e7f", "objects": []}'
)


@pytest.fixture(autouse=True)
def collector_running() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    path = tmp_path / "bundle.json"
    path.write_text(EMPTY_BUNDLE)
    return path


def test_paused_inside_and_resumed_after_even_on_error() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("the import failed")
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_the_library_never_pauses_it(
    initialised_url: str, knowledge: KnowledgeBase, bundle: Path
) -> None:
    running: list[bool] = []
    with Toolbox(Settings(initialised_url), knowledge=knowledge) as toolbox:
        toolbox.stix.import_bundle(
            bundle, progress=lambda *_: running.append(gc.isenabled()), by=SYSTEM_USER
        )
    assert running and all(running)  # a request of the server shares the process's collector


def test_cdt_import_stix_pauses_it_during_the_import(
    cli: Cli,
    initialised_url: str,
    bundle: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    running: list[bool] = []
    import_bundle = StixService.import_bundle

    def watched(self: StixService, *args: Any, **kwargs: Any) -> Any:
        running.append(gc.isenabled())
        return import_bundle(self, *args, **kwargs)

    monkeypatch.setattr(StixService, "import_bundle", watched)
    result = cli(initialised_url, "import", "stix", bundle)
    assert result.exit_code == 0, result.output
    assert running == [False]
    assert gc.isenabled()


@pytest.mark.parametrize(
    ("method", "command", "name", "text"),
    [
        (
            "import_file",
            ("incidents", "add", "--file"),
            "incidents.json",
            '[{"title": "Grid attack", "start": "2020", "types": ["sabotage"]}]',
        ),
        (
            "import_csv",
            ("incidents", "import-csv"),
            "incidents.csv",
            "title,start,types\nGrid attack,2020,sabotage\n",
        ),
    ],
)
def test_cdt_incident_files_pause_it_during_the_import(
    cli: Cli,
    fresh_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    method: str,
    command: tuple[str, ...],
    name: str,
    text: str,
) -> None:
    running: list[bool] = []
    original = getattr(IncidentService, method)

    def watched(self: IncidentService, *args: Any, **kwargs: Any) -> Any:
        running.append(gc.isenabled())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(IncidentService, method, watched)
    path = tmp_path / name
    path.write_text(text)
    result = cli(fresh_url, *command, path)
    assert result.exit_code == 0, result.output
    assert running == [False]
    assert gc.isenabled()
