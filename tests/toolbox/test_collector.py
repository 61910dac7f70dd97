"""The cyclic garbage collector is paused for bulk imports and always resumed after."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from cdtoolbox.toolbox.collector import collector_paused


@pytest.fixture(autouse=True)
def collector_running() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_paused_inside_and_resumed_after_even_on_error() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("the import failed")
    assert gc.isenabled()


def test_overlapping_imports_resume_it_when_the_last_ends() -> None:
    first_inside, release = threading.Event(), threading.Event()
    seen_after_second: list[bool] = []

    def long_import() -> None:
        with collector_paused():
            first_inside.set()
            release.wait(10)

    worker = threading.Thread(target=long_import)
    worker.start()
    first_inside.wait(10)
    with collector_paused():
        pass
    seen_after_second.append(gc.isenabled())
    release.set()
    worker.join(10)
    assert seen_after_second == [False]  # the first import still runs
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_a_stix_import_runs_with_the_collector_paused(toolbox: Toolbox, tmp_path: Path) -> None:
    bundle = tmp_path / "bundle.json"
    bundle.write_text(
        '{"type": "bundle", "id": "bundle--6b9d5c1e-1f0a-4c8e-9f1e-2a3b4c5d6e7f", "objects": []}'
    )
    running: list[bool] = []
    toolbox.stix.import_bundle(
        bundle, progress=lambda *_: running.append(gc.isenabled()), by=SYSTEM_USER
    )
    assert False in running  # while the bundle was read, inside the transaction
    assert gc.isenabled()
