"""kill -9 in the middle of writes: nothing acknowledged is lost, nothing half-written stays.

A worker process imports STIX bundles (or edits a response case) in a loop and prints an
acknowledgement after each commit; it is killed with SIGKILL at a random moment (seeded, so a
failure can be replayed). Afterwards the database must pass its integrity check, the audit
chain must verify, every acknowledged write must be there, and the write in flight must be
either entirely present or entirely absent.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.store import Database
from cdtoolbox.store.stix_schema import stix_imports
from cdtoolbox.toolbox import Settings, Toolbox
from workload_support import write_workload

WORKER = Path(__file__).with_name("crash_worker.py")
KILL_POINTS = int(os.environ.get("CDT_CRASH_KILL_POINTS", "2"))  # more with `--long` runs
SEED = int(os.environ.get("CDT_CRASH_SEED", "20261125"))


def _run_and_kill(
    arguments: list[str], delay: float, *, after_first_ack: bool = False
) -> list[int]:
    """Start the worker, SIGKILL it after ``delay`` seconds; the numbers it acknowledged.

    With ``after_first_ack`` the delay counts from the worker's first acknowledgement, so a
    slow start on a busy machine cannot leave the kill with nothing to interrupt."""
    process = subprocess.Popen(
        [sys.executable, str(WORKER), *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first = ""
    if after_first_ack:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("ACK "), f"the worker ended before its first write: {first!r}"
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    out, err = process.communicate(timeout=60)
    assert process.returncode in (-signal.SIGKILL, 0), err
    lines = [first, *out.splitlines()]
    return [int(line.split()[1]) for line in lines if line.startswith("ACK ")]


def _integrity(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        with sqlite3.connect(str(parsed.database)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


BUNDLES_PER_ROUND = 3


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Distinct bundles for every kill point, so each round writes new objects."""
    folder = tmp_path_factory.mktemp("bundles")
    return [
        write_workload(folder / f"bundle-{seed}.json", 3000, seed)
        for seed in range(1, BUNDLES_PER_ROUND * KILL_POINTS + 1)
    ]


def _incident_ids(bundle: Path) -> set[str]:
    objects = json.loads(bundle.read_text(encoding="utf-8"))["objects"]
    return {o["id"] for o in objects if o["type"] == "incident"}


def _imported(url: str, ids: set[str]) -> int:
    database = Database(url)
    try:
        with database.connect(read_only=True) as connection:
            rows = connection.execute(select(stix_imports.c.stix_id)).scalars()
            return len(ids.intersection(rows))
    finally:
        database.dispose()


def test_killed_imports_keep_every_acknowledged_bundle_and_no_partial_one(
    fresh_url: str, bundles: list[Path], knowledge: KnowledgeBase
) -> None:
    chance = random.Random(SEED)
    for round_number in range(KILL_POINTS):
        batch = bundles[round_number * BUNDLES_PER_ROUND : (round_number + 1) * BUNDLES_PER_ROUND]
        acknowledged = _run_and_kill(
            ["import", fresh_url, *map(str, batch)], chance.uniform(1.0, 5.0)
        )
        _integrity(fresh_url)
        with Toolbox(Settings(fresh_url), knowledge=knowledge) as toolbox:
            assert toolbox.audit.verify(by=SYSTEM_USER).intact
        for number, bundle in enumerate(batch):
            ids = _incident_ids(bundle)
            present = _imported(fresh_url, ids)
            if number in acknowledged:
                assert present == len(ids), (number, present, len(ids))
            elif number == len(acknowledged):  # in flight when killed: all or nothing
                assert present in (0, len(ids)), (number, present, len(ids))
            else:
                assert present == 0, (number, present)


def test_killed_case_edits_keep_every_acknowledged_edit_and_the_audit_chain(
    fresh_url: str, knowledge: KnowledgeBase
) -> None:
    with Toolbox(Settings(fresh_url), knowledge=knowledge) as toolbox:
        case = toolbox.cases.open(["wannacry-2017"], by=SYSTEM_USER)
    chance = random.Random(SEED + 1)
    for _ in range(KILL_POINTS):
        with Toolbox(Settings(fresh_url), knowledge=knowledge) as toolbox:
            before = toolbox.cases.get(case.id, by=SYSTEM_USER).case.version
        acknowledged = _run_and_kill(
            ["case", fresh_url, case.id], chance.uniform(0.2, 2.5), after_first_ack=True
        )
        _integrity(fresh_url)
        with Toolbox(Settings(fresh_url), knowledge=knowledge) as toolbox:
            assert toolbox.audit.verify(by=SYSTEM_USER).intact
            stored = toolbox.cases.get(case.id, by=SYSTEM_USER).case
            # Every acknowledged edit is there; at most the one in flight went further.
            assert before + len(acknowledged) <= stored.version <= before + len(acknowledged) + 1
            measure = stored.measure("m1")
            assert measure is not None
            last_text = int(measure.text.removeprefix("edit-"))
            assert last_text in (acknowledged[-1], acknowledged[-1] + 1)
            edits = toolbox.audit.entries(by=SYSTEM_USER, entity="case", key=case.id)
            assert len([e for e in edits if e.action == "case.measure.edit"]) == stored.version - 1
