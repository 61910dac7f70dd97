"""A short run of benchmarks/load_mix.py's mixed load: reads, searches, TAXII pulls and writes
from concurrent clients against a real server on loopback, with zero errors. The full run
(50 clients for 60 s) is `python benchmarks/load_mix.py`; its figures are in docs/reliability.md.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox import Settings, Toolbox
from tests_support import CHEAP_PASSWORDS
from web_support import live_server

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "load_mix.py"
SECONDS = float(os.environ.get("CDT_LOAD_SECONDS", "6"))


def _load_mix() -> ModuleType:
    spec = importlib.util.spec_from_file_location("load_mix", BENCHMARK)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["load_mix"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def target(fresh_url: str, knowledge: KnowledgeBase) -> Iterator[object]:
    load_mix = _load_mix()
    with Toolbox(Settings(fresh_url), knowledge=knowledge, passwords=CHEAP_PASSWORDS) as box:
        box.users.add(
            by=SYSTEM_USER, username="load", display_name="L", role=Role.ANALYST, clearance=Tlp.RED
        )
        _, token = box.users.issue_token("load", "load", by=SYSTEM_USER)
        case = box.cases.open(["wannacry-2017"], by=SYSTEM_USER)
        slugs = [incident.slug for incident in box.incidents.list(limit=100, by=SYSTEM_USER).items]
        with live_server(create_app(box, secret_key=b"l" * 32)) as base_url:
            yield load_mix.Target(base_url, token, case.id, slugs, slugs[:3])


def test_a_mixed_load_gets_no_errors(target: object) -> None:
    load_mix = sys.modules["load_mix"]
    tally, elapsed = load_mix.run_load(target, clients=10, seconds=SECONDS)
    print(load_mix.report(tally, elapsed, 10))
    assert tally.requests > 50
    assert not tally.errors, load_mix.report(tally, elapsed, 10)
    kinds = {outcome.split()[0] for outcome in tally.outcomes}
    assert kinds == {"page", "search", "taxii", "case", "write"}
