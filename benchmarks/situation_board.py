"""Latency of the situation board: 200 incidents followed, 10 events each.

    .venv/bin/python benchmarks/situation_board.py                # SQLite in a temporary folder
    .venv/bin/python benchmarks/situation_board.py --repeat 50
    .venv/bin/python benchmarks/situation_board.py --database-url postgresql+psycopg://…

Stores, through the Toolbox (the same validation and audit as `cdt situation …`), 200
incidents against Member States, and on each ten events: a detection, status changes, level
escalations and de-escalations with their reasons, meetings, half of them marked TLP:RED; one
response case per ten incidents. Then times ``toolbox.situation.board`` as `cdt situation
board` calls it, for a reader cleared to TLP:AMBER (the RED events are left out of every
status, level and time) and with a filter. The board's reads do not grow with its rows: the
latest status and level of every incident come from one statement. Target: p95 < 250 ms.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from datetime import UTC, datetime, timedelta

from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox import Settings, Toolbox

INCIDENTS = 200
TARGET_P95_MS = 250.0
_START = datetime(2026, 1, 1, tzinfo=UTC)


def fill(toolbox: Toolbox) -> None:
    members = [country.code for country in toolbox.knowledge.countries.eu_members()]
    documents = [
        {
            "title": f"Benchmark ransomware wave number {number}",
            "start": "2025-11",
            "types": ["ransomware"],
            "summary": "Ransomware disrupted hospitals.",
            "victims": {
                "countries": [members[number % len(members)], "US"],
                "sectors": ["health"],
            },
            "sources": [{"title": "Advisory", "url": "https://example.org/advisory"}],
        }
        for number in range(INCIDENTS)
    ]
    created = toolbox.incidents.add(documents, source="benchmark", by=SYSTEM_USER).created
    situation = toolbox.situation
    for number, incident in enumerate(created):
        at = _START + timedelta(hours=number)

        def when(step: int, base: datetime = at) -> str:
            return (base + timedelta(minutes=step)).isoformat()

        red = {"tlp": Tlp.RED}
        situation.record_event(
            incident.id, by=SYSTEM_USER, kind="detected", summary="Detected.", occurred_at=when(0)
        )
        situation.set_status(incident.id, "suspected", by=SYSTEM_USER, occurred_at=when(1))
        situation.change_level(
            incident.id, "technical", by=SYSTEM_USER, reason="CSIRTs.", occurred_at=when(2)
        )
        situation.set_status(incident.id, "confirmed", by=SYSTEM_USER, occurred_at=when(3), **red)
        situation.change_level(
            incident.id, "operational", by=SYSTEM_USER, reason="Wide.", occurred_at=when(4), **red
        )
        situation.record_event(
            incident.id, by=SYSTEM_USER, kind="meeting-held", summary="Met.", occurred_at=when(5)
        )
        situation.record_event(
            incident.id,
            by=SYSTEM_USER,
            kind="measure-taken",
            summary="Patched.",
            occurred_at=when(6),
            **red,
        )
        situation.set_status(incident.id, "contained", by=SYSTEM_USER, occurred_at=when(7))
        situation.change_level(
            incident.id, "none", by=SYSTEM_USER, reason="Over.", occurred_at=when(8), **red
        )
        situation.record_event(
            incident.id, by=SYSTEM_USER, kind="notified", summary="Notified.", occurred_at=when(9)
        )
        if number % 10 == 0:
            toolbox.cases.open([incident.id], by=SYSTEM_USER)


def timed(repeat: int, query: object) -> tuple[float, float, int]:
    assert callable(query)
    timings = []
    rows = 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = len(query())
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return timings[len(timings) // 2], timings[max(0, int(len(timings) * 0.95) - 1)], rows


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=30, help="timed board reads")
    parser.add_argument("--database-url", help="default: SQLite in a temporary folder")
    options = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="cdt-bench-situation-")
    url = options.database_url or f"sqlite:///{folder}/cdt.sqlite3"
    try:
        with Toolbox(Settings(url)) as toolbox:
            toolbox.database.migrate()
            started = time.perf_counter()
            fill(toolbox)
            filled = time.perf_counter() - started
            reader = User("bench", "Bench", Role.VIEWER, clearance=Tlp.AMBER)
            toolbox.situation.board(by=reader)  # warm: knowledge loaded, statements compiled
            p50, p95, rows = timed(options.repeat, lambda: toolbox.situation.board(by=reader))
            f50, f95, narrowed = timed(
                options.repeat,
                lambda: toolbox.situation.board(by=reader, state="FR", status="contained"),
            )
        print(
            f"{INCIDENTS * 10} events on {INCIDENTS} incidents recorded in {filled:.1f} s; "
            f"board ({rows} rows, TLP:AMBER reader): p50 {p50:.1f} ms, p95 {p95:.1f} ms; "
            f"filtered (state FR, contained: {narrowed} rows): p50 {f50:.1f} ms, p95 {f95:.1f} ms "
            f"over {options.repeat} reads (target p95 < {TARGET_P95_MS:.0f} ms: "
            f"{'met' if max(p95, f95) < TARGET_P95_MS else 'MISSED'})"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
