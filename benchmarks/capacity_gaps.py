"""Latency of the capacity gap query: 200 countries with incidents x every theme.

    .venv/bin/python benchmarks/capacity_gaps.py                     # SQLite in a temporary folder
    .venv/bin/python benchmarks/capacity_gaps.py --repeat 100
    .venv/bin/python benchmarks/capacity_gaps.py --database-url postgresql+psycopg://…

Stores, through the Toolbox (the same validation and audit as `cdt incidents add` and
`cdt capacity add`), one incident against each of 200 countries, the bundled projects and one
more project per 4 countries (two themes each, so a quarter of the States are partly served),
then times ``toolbox.capacity.gaps`` as `cdt capacity gaps` calls it: the incidents' States,
kinds and severities (kept until the incidents change), the CBM records and the projects, then
the gaps computed. The first query after the incidents change, which reads them all and their
severities from the assessments' precedent index, is timed apart ("first").
The theme vocabulary is closed at eight themes, so the grid is 200 x 8 (State, theme) cells.
Target: p95 < 100 ms.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time

from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.model.capacity import CapacityTheme
from cdtoolbox.toolbox import Settings, Toolbox

COUNTRIES = 200
TARGET_P95_MS = 100.0


def fill(toolbox: Toolbox) -> list[str]:
    """One incident against each of ``COUNTRIES`` countries and one project per four of them;
    the countries, in order."""
    codes = [country.code for country in toolbox.knowledge.countries.all()][:COUNTRIES]
    documents = [
        {
            "title": f"Benchmark ransomware against a ministry of {code}",
            "start": "2025-03",
            # Kinds that together call for all eight themes (THEMES_FOR_INCIDENT_TYPE), so
            # every (State, theme) cell of the grid is in need.
            "types": ["ransomware", "wiper", "espionage", "defacement"],
            "summary": "Ransomware and a wiper disrupted a ministry; its website was defaced.",
            "victims": {"countries": [code], "sectors": ["government"]},
            "sources": [{"title": "Advisory", "url": "https://example.org/advisory"}],
        }
        for code in codes
    ]
    toolbox.incidents.add(documents, source="benchmark", by=SYSTEM_USER)
    toolbox.capacity.seed()
    themes = list(CapacityTheme)
    for number, code in enumerate(codes[::4]):
        toolbox.capacity.add(
            title=f"Benchmark project {number} for {code}",
            funder="European Union",
            themes=[themes[number % len(themes)], themes[(number + 3) % len(themes)]],
            partner_countries=[code],
            sources=["https://example.org/project"],
            by=SYSTEM_USER,
        )
    return codes


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=50, help="timed gap queries")
    parser.add_argument("--database-url", help="default: SQLite in a temporary folder")
    options = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="cdt-bench-capacity-")
    url = options.database_url or f"sqlite:///{folder}/cdt.sqlite3"
    try:
        with Toolbox(Settings(url)) as toolbox:
            toolbox.database.migrate()
            codes = fill(toolbox)
            started = time.perf_counter()
            toolbox.capacity.gaps(by=SYSTEM_USER)  # first: incidents and severities read
            first = (time.perf_counter() - started) * 1000
            timings = []
            for _ in range(options.repeat):
                started = time.perf_counter()
                gaps = toolbox.capacity.gaps(by=SYSTEM_USER)
                timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p50 = timings[len(timings) // 2]
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        states = {gap.state for gap in gaps}
        print(
            f"gaps over {len(codes)} countries x {len(CapacityTheme)} themes: "
            f"{len(gaps)} gaps in {len(states)} States; "
            f"first {first:.0f} ms; p50 {p50:.1f} ms, p95 {p95:.1f} ms "
            f"over {options.repeat} queries "
            f"(target p95 < {TARGET_P95_MS:.0f} ms: {'met' if p95 < TARGET_P95_MS else 'MISSED'})"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
