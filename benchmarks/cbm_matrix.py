"""Latency of the CBM implementation matrix: the OSCE's 57 participating States x 16 measures.

    .venv/bin/python benchmarks/cbm_matrix.py                      # SQLite in a temporary folder
    .venv/bin/python benchmarks/cbm_matrix.py --requests 500 --clients 2
    .venv/bin/python benchmarks/cbm_matrix.py --database-url postgresql+psycopg://…

Records a status for every cell of the OSCE matrix through the Toolbox (the same validation
and audit as `cdt cbms record`), starts the server on loopback as benchmarks/web_latency.py
does, and drives the matrix page next to the incident list, measured in the same run as a
reference: the ratio of the two p95s says whether the matrix is slow or the machine is.
Target: p95 < 150 ms.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time

from web_latency import TARGET_P95_MS, Result, drive, free_port, seed, start_server

from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.model.cooperation import ImplementationStatus
from cdtoolbox.toolbox import Settings, Toolbox

FRAMEWORK = "osce"
MATRIX = f"/cbms/matrix?framework={FRAMEWORK}"
REFERENCE = "/incidents"


def fill_matrix(url: str) -> tuple[int, int]:
    """A status (cycling through the four) with evidence for every State x measure of the
    OSCE; returns the matrix's size."""
    statuses = list(ImplementationStatus)
    with Toolbox(Settings(url)) as toolbox:
        states = toolbox.knowledge.cbms.framework(FRAMEWORK).members
        measures = toolbox.cbms.measures(FRAMEWORK, by=SYSTEM_USER)
        started = time.perf_counter()
        for row, state in enumerate(states):
            for column, measure in enumerate(measures):
                toolbox.cbms.record(
                    state,
                    measure.id,
                    status=statuses[(row + column) % len(statuses)],
                    evidence=f"Benchmark note {state} {measure.number}",
                    evidence_date="2025-06-01",
                    by=SYSTEM_USER,
                )
        cells = len(states) * len(measures)
        print(f"  recorded {cells} cells in {time.perf_counter() - started:.1f} s")
        return len(states), len(measures)


def p95(result: Result) -> float:
    ordered = sorted(result.latencies_ms)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="per page")
    parser.add_argument("--clients", type=int, default=2, help="concurrent connections")
    parser.add_argument("--database-url", help="default: SQLite in a temporary folder")
    options = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="cdt-bench-cbm-")
    url = options.database_url or f"sqlite:///{folder}/cdt.sqlite3"
    print(f"Seeding the bundled data and the OSCE matrix into {url.split('@')[-1]}")
    seed(url, 0)
    states, measures = fill_matrix(url)
    port = free_port()
    server = start_server(url, port)
    base = f"http://127.0.0.1:{port}"
    try:
        print(f"Driving {base} with {options.clients} clients, {options.requests} requests:")
        matrix = drive(
            base, f"matrix {states}x{measures}", [MATRIX], options.requests, options.clients
        )
        reference = drive(base, "incident list", [REFERENCE], options.requests, options.clients)
        for result in (matrix, reference):
            print("  " + result.line())
        ratio = p95(matrix) / p95(reference)
        median = statistics.median(matrix.latencies_ms)
        verdict = "ok" if p95(matrix) < TARGET_P95_MS else "OVER TARGET"
        print(
            f"  matrix p95 {p95(matrix):.1f} ms (median {median:.1f} ms) = {ratio:.2f} x the "
            f"incident list's p95; target < {TARGET_P95_MS:.0f} ms: {verdict}"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not options.database_url:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
