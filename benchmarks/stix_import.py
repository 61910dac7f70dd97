"""STIX 2.1 import benchmark: our streaming import against stix2.parse + MemoryStore.

    python benchmarks/stix_import.py [--sizes 10000,100000] [--repeats 3] [--reference-max 10000]

Bundles come from the project's workload generator, ``benchmarks/stix_workload.py``;
``--generator PATH`` runs the benchmark on the bundles of another generator taking the same
``N OUT.json`` arguments, to compare. They are cached in ``--work-dir`` under the generator's
name and the size.
Each measurement runs in a fresh child process, so its peak RSS is its own:

- ours: ``Toolbox.stix.import_bundle``, what ``cdt import stix`` runs: decode + validation
  + one transaction into a fresh, migrated (indexed) SQLite database that already holds the
  reference threat actors, as after ``cdt init``; with the cyclic collector paused, as the
  command line pauses it (``--collector running``: running, its start-up heap frozen, as in
  the server, where a POSTed TAXII envelope or an uploaded bundle is imported);
- reference: ``stix2.parse`` of the same bundle, then ``stix2.MemoryStore`` over it
  (only up to ``--reference-max`` objects: it runs at a few thousand objects/s);
  the ceiling below runs at every size;
- ceiling: the whole bundle decoded by ``json.load`` and written by one ``executemany`` into
  a SQLite table indexed like ours (id + modified key, type index), with no validation and
  no model: what no import that stores every object can beat.

Prints the median objects/s and peak RSS of each, our ratio to stix2 and our share of the
ceiling. Not a test: nothing here asserts the targets (>= 15,000 objects/s at 100k, >= 10x
stix2, peak RSS < 1 GiB at 1M).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cdtoolbox.model.access import SYSTEM_USER

REPOSITORY = Path(__file__).resolve().parents[1]
DEFAULT_GENERATOR = REPOSITORY / "benchmarks" / "stix_workload.py"


def peak_rss_mib() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_ours(bundle: Path, database: Path, collector: str) -> dict[str, float]:
    """What `cdt import stix` does, timed from opening the bundle to the commit."""
    import contextlib
    import gc

    from cdtoolbox.interfaces.cli.collector import collector_paused
    from cdtoolbox.knowledge import load_knowledge
    from cdtoolbox.toolbox import Settings, Toolbox

    knowledge = load_knowledge()
    with Toolbox(Settings(f"sqlite:///{database}"), knowledge=knowledge) as toolbox:
        toolbox.database.migrate()
        with toolbox.database.transaction() as repositories:
            repositories.actors.upsert_many(knowledge.actors.all())
        baseline = peak_rss_mib()
        if collector == "running":
            gc.freeze()
        paused = collector_paused() if collector == "paused" else contextlib.nullcontext()
        started = time.perf_counter()
        with paused:
            report = toolbox.stix.import_bundle(bundle, by=SYSTEM_USER)
        seconds = time.perf_counter() - started
    if report.rejected:
        raise SystemExit(f"{bundle.name}: {report.rejected} objects rejected")
    return {
        "objects": report.objects,
        "seconds": seconds,
        "peak_rss_mib": peak_rss_mib(),
        "baseline_rss_mib": baseline,
        "created": report.created,
    }


def measure_reference(bundle: Path) -> dict[str, float]:
    import stix2

    baseline = peak_rss_mib()
    started = time.perf_counter()
    parsed = stix2.parse(bundle.read_text(encoding="utf-8"), allow_custom=True)
    memory = stix2.MemoryStore(stix_data=parsed)
    seconds = time.perf_counter() - started
    objects = len(parsed.objects)
    del memory
    return {
        "objects": objects,
        "seconds": seconds,
        "peak_rss_mib": peak_rss_mib(),
        "baseline_rss_mib": baseline,
    }


def measure_ceiling(bundle: Path, database: Path) -> dict[str, float]:
    import sqlite3

    baseline = peak_rss_mib()
    started = time.perf_counter()
    with bundle.open("rb") as stream:
        objects = json.load(stream)["objects"]
    rows = [
        (obj["id"], obj.get("modified") or obj.get("created") or "", obj["type"], json.dumps(obj))
        for obj in objects
    ]
    connection = sqlite3.connect(database)
    connection.execute(
        "CREATE TABLE objects (id TEXT, modified TEXT, type TEXT, document TEXT,"
        " PRIMARY KEY (id, modified))"
    )
    connection.execute("CREATE INDEX objects_type_id ON objects (type, id)")
    with connection:
        connection.executemany("INSERT OR IGNORE INTO objects VALUES (?, ?, ?, ?)", rows)
    connection.close()
    seconds = time.perf_counter() - started
    return {
        "objects": len(rows),
        "seconds": seconds,
        "peak_rss_mib": peak_rss_mib(),
        "baseline_rss_mib": baseline,
    }


def run_child(
    kind: str, bundle: Path, work_dir: Path, collector: str = "paused"
) -> dict[str, float]:
    with tempfile.TemporaryDirectory(dir=work_dir) as scratch:
        command = [
            sys.executable,
            __file__,
            "--child",
            kind,
            "--bundle",
            str(bundle),
            "--work-dir",
            scratch,
            "--collector",
            collector,
        ]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return result


def generate(generator: Path, size: int, work_dir: Path) -> Path:
    # Named after the generator too, so a comparison run never reuses the other's bundles.
    path = work_dir / f"bundle-{generator.stem}-{size}.json"
    if not path.exists():
        print(f"generating {size:,} objects …", file=sys.stderr)
        subprocess.run([sys.executable, str(generator), str(size), str(path)], check=True)
    return path


def median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated object counts")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--reference-max", type=int, default=10_000)
    parser.add_argument(
        "--generator",
        type=Path,
        default=DEFAULT_GENERATOR,
        help="run as `GENERATOR N OUT.json` (default: benchmarks/stix_workload.py)",
    )
    parser.add_argument("--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "cdt-bench")
    parser.add_argument("--child", choices=["ours", "reference", "ceiling"], help=argparse.SUPPRESS)
    parser.add_argument("--bundle", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--collector",
        choices=["paused", "running"],
        default="paused",
        help="our import with the cyclic collector paused (cdt import stix) or running (server)",
    )
    args = parser.parse_args(argv)

    if args.child:
        if args.child == "ours":
            result = measure_ours(args.bundle, args.work_dir / "bench.sqlite3", args.collector)
        elif args.child == "ceiling":
            result = measure_ceiling(args.bundle, args.work_dir / "ceiling.sqlite3")
        else:
            result = measure_reference(args.bundle)
        print(json.dumps(result))
        return 0

    if not args.generator.exists():
        parser.error(f"workload generator not found at {args.generator} (use --generator)")
    args.work_dir.mkdir(parents=True, exist_ok=True)
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    print(f"STIX import, median of {args.repeats} runs (objects/s; peak RSS of the process)")
    header = (
        f"{'objects':>10} {'ours obj/s':>11} {'ours RSS':>9} "
        f"{'stix2 obj/s':>12} {'stix2 RSS':>10} {'ratio':>7} {'ceiling obj/s':>14} {'share':>6}"
    )
    print(header)
    print("-" * len(header))
    ours_rates: dict[int, float] = {}
    for size in sizes:
        bundle = generate(args.generator, size, args.work_dir)
        ours = [
            run_child("ours", bundle, args.work_dir, args.collector) for _ in range(args.repeats)
        ]
        rate = median(ours, "objects") / median(ours, "seconds")
        ours_rates[size] = rate
        line = f"{size:>10,} {rate:>11,.0f} {median(ours, 'peak_rss_mib'):>6.0f} MiB"
        if size <= args.reference_max:
            reference = [run_child("reference", bundle, args.work_dir) for _ in range(args.repeats)]
            reference_rate = median(reference, "objects") / median(reference, "seconds")
            line += (
                f" {reference_rate:>12,.0f} {median(reference, 'peak_rss_mib'):>6.0f} MiB"
                f" {rate / reference_rate:>6.1f}x"
            )
        else:
            line += f" {'(not run)':>12} {'':>10} {'':>7}"
        # The ceiling at every size, unlike stix2: it is fast, and our share of it is the figure
        # the import is judged by, at a million objects as at ten thousand.
        ceiling = [run_child("ceiling", bundle, args.work_dir) for _ in range(args.repeats)]
        ceiling_rate = median(ceiling, "objects") / median(ceiling, "seconds")
        line += f" {ceiling_rate:>14,.0f} {rate / ceiling_rate:>5.0%}"
        print(line)
        baseline = median(ours, "baseline_rss_mib")
        print(f"{'':>10} (RSS before the import, reference data loaded: {baseline:.0f} MiB)")
    if len(ours_rates) > 1:
        smallest, largest = min(ours_rates), max(ours_rates)
        ratio = ours_rates[largest] / ours_rates[smallest]
        print(
            f"linearity: objects/s at {largest:,} is {ratio:.2f} x objects/s at {smallest:,}"
            " (1.00 = perfectly linear)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
