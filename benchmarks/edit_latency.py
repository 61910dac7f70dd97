"""Edit latency against the size of the repository: what saving one incident costs as it grows.

    python benchmarks/edit_latency.py [--sizes 1000,10000,30000] [--edits 200]
    python benchmarks/edit_latency.py --before OLD/src     # the same, with other code beside

For each size, a fresh SQLite store is made by ``cdt init`` and seeded with the generated
incidents of ``benchmarks/web_latency.py`` (in batches, as ``cdt incidents add --file``
stores them); then ``--edits`` incidents are edited one after the other, each once:

- edit: ``Toolbox.incidents.edit`` changing the summary, what ``PATCH /api/v1/incidents/{key}``
  and the web form run (the read, the document check, the write and its index rows, the audit
  entry, and the alert rules the write sets off);
- update: the store's ``IncidentRepository.update`` alone, in its own transaction.

Each size runs in a child process of its own. With ``--before FOLDER`` (the ``src`` folder of
another version, e.g. ``git worktree add /tmp/old REV``), the same sizes are measured with that
code too, alternating, and the ratios are printed: the reference measured in the same run.
Prints medians and 95th percentiles in milliseconds. Not a test: nothing here asserts a target.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]


def measure(size: int, edits: int) -> dict[str, float]:
    """Seed a store of ``size`` incidents and time ``edits`` edits and updates (in ms)."""
    sys.path.insert(0, str(REPOSITORY / "benchmarks"))
    from web_latency import seed

    from cdtoolbox.model.access import SYSTEM_USER
    from cdtoolbox.toolbox import Settings, Toolbox

    with tempfile.TemporaryDirectory(prefix="cdt-edit-") as folder:
        url = f"sqlite:///{Path(folder) / 'cdt.sqlite3'}"
        slugs = seed(url, size)
        chosen = slugs[:: max(1, len(slugs) // (2 * edits))][: 2 * edits]
        with Toolbox(Settings(url)) as toolbox:
            edit_times: list[float] = []
            for number, slug in enumerate(chosen[:edits]):
                started = time.perf_counter()
                toolbox.incidents.edit(slug, {"summary": f"Edited {number}."}, by=SYSTEM_USER)
                edit_times.append((time.perf_counter() - started) * 1000)
            update_times: list[float] = []
            for number, slug in enumerate(chosen[edits:]):
                with toolbox.database.read() as store:
                    incident = store.incidents.get(slug)
                started = time.perf_counter()
                with toolbox.database.transaction() as store:
                    store.incidents.update(
                        incident.evolve(summary=f"Updated {number}."),
                        expected_version=incident.version,
                    )
                update_times.append((time.perf_counter() - started) * 1000)
    return {
        "edit_median": statistics.median(edit_times),
        "edit_p95": _p95(edit_times),
        "update_median": statistics.median(update_times),
        "update_p95": _p95(update_times),
    }


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _child(size: int, edits: int, source: Path) -> dict[str, float]:
    environment = {**os.environ, "PYTHONPATH": str(source.resolve())}
    command = [sys.executable, __file__, "--child", str(size), "--edits", str(edits)]
    done = subprocess.run(
        command, env=environment, capture_output=True, text=True, check=True, cwd=REPOSITORY
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,30000", help="comma-separated counts")
    parser.add_argument("--edits", type=int, default=200, help="edits (and updates) per size")
    parser.add_argument("--before", type=Path, help="the src folder of the version to compare")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child is not None:
        # Only the figures on the last line: the seeding prints its progress before.
        print(json.dumps(measure(options.child, options.edits)))
        return
    sizes = [int(part) for part in options.sizes.split(",")]
    if min(sizes) < 2 * options.edits:
        # Each incident is edited once and another updated once: none is changed twice.
        parser.error(f"--sizes must each be at least twice --edits ({2 * options.edits})")
    sources = {"this code": REPOSITORY / "src"}
    if options.before is not None:
        sources["before"] = options.before
    print(f"incidents edited one after the other, {options.edits} per size (ms)")
    print(f"{'incidents':>10}  {'code':<10} {'edit p50':>9} {'edit p95':>9} {'update p50':>11}")
    for size in sizes:
        results = {name: _child(size, options.edits, source) for name, source in sources.items()}
        for name, figures in results.items():
            print(
                f"{size:>10,}  {name:<10} {figures['edit_median']:>9.2f} "
                f"{figures['edit_p95']:>9.2f} {figures['update_median']:>11.2f}"
            )
        if "before" in results:
            now, then = results["this code"], results["before"]
            print(
                f"{'':>10}  ratio      {now['edit_median'] / then['edit_median']:>9.2f} "
                f"{now['edit_p95'] / then['edit_p95']:>9.2f} "
                f"{now['update_median'] / then['update_median']:>11.2f}"
            )


if __name__ == "__main__":
    main()
