"""Correlation of observables at a million: bulk import and "which incidents share this".

    .venv/bin/python benchmarks/observable_correlation.py                 # SQLite, temporary
    .venv/bin/python benchmarks/observable_correlation.py --observables 200000 --lookups 500
    .venv/bin/python benchmarks/observable_correlation.py --database-url postgresql+psycopg://…

Seeds the bundled data plus ``--incidents`` generated incidents (benchmarks/web_latency.py's
generator), then:

- normalise: ``model.observables.observable`` over every generated value (what an import
  and a hand entry pay per value), in values per second;
- import: the ``--observables`` records written to the observables index in one transaction
  (``store.observables.add_many``, the bulk path STIX and MISP imports take), in rows per
  second; target >= 50,000/s;
- find: ``toolbox.observables.find`` for ``--lookups`` values drawn from the index (a fifth
  of them shared by several incidents), p50/p95/max in milliseconds; target p95 < 50 ms;
- linked: ``toolbox.observables.linked`` for ``--lookups`` incidents, p50/p95/max.

Values: a mix of IPv4 addresses, domains, URLs and SHA-256 hashes; 80 % unique, 20 % drawn
from a pool of shared values, so lookups meet both single and shared observables. On
PostgreSQL the benchmark's rows are deleted at the end (the incidents stay, as seeded).
Prints the figures and the machine's load average. Not a test: nothing here asserts a target.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

# The benchmark folder is not a package: its generator is imported from beside this file.
from web_latency import seed

from cdtoolbox.model import IncidentFilter, Tlp
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.model.observables import Observable, ObservableKind, ObservableRecord, observable
from cdtoolbox.toolbox import Settings, Toolbox

IMPORT_TARGET = 50_000
LOOKUP_TARGET_MS = 50.0
SOURCE = "benchmark"


def raw_value(number: int) -> tuple[ObservableKind, str]:
    """A value in the form a partner writes it (mixed case, default port…)."""
    kind = number % 4
    if kind == 0:
        return (
            ObservableKind.IPV4,
            f"{10 + number % 200}.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}",
        )
    if kind == 1:
        return ObservableKind.DOMAIN, f"Host{number}.Example{number % 97}.ORG."
    if kind == 2:
        return ObservableKind.URL, f"HTTP://c2-{number}.example.net:80/gate.php?id={number}"
    return ObservableKind.SHA256, hashlib.sha256(number.to_bytes(8, "big")).hexdigest().upper()


def generated(count: int, incident_ids: list[str], rng: random.Random) -> Iterator[tuple[str, int]]:
    """(incident id, value number) pairs: 80 % unique numbers, 20 % from a shared pool."""
    pool = max(1, count // 50)
    for index in range(count):
        number = rng.randrange(pool) if index % 5 == 0 else pool + index
        yield incident_ids[index % len(incident_ids)], number


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def timed(run: Callable[[], object], times: list[float]) -> None:
    started = time.perf_counter()
    run()
    times.append((time.perf_counter() - started) * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--incidents", type=int, default=2000)
    parser.add_argument("--observables", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=18)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    with tempfile.TemporaryDirectory() as folder:
        url = options.database_url or f"sqlite:///{Path(folder) / 'correlation.sqlite3'}"
        print(f"Seeding {options.incidents} incidents…")
        seed(url, options.incidents)
        with Toolbox(Settings(url)) as toolbox:
            with toolbox.database.read() as store:
                incident_ids = [
                    i.id for i in store.incidents.every(IncidentFilter(max_tlp=Tlp.RED))
                ]
            pairs = list(generated(options.observables, incident_ids, rng))

            started = time.perf_counter()
            canonical: dict[int, Observable] = {}
            for _, number in pairs:
                if number not in canonical:
                    canonical[number] = observable(*raw_value(number))
            normalise_rate = len(canonical) / (time.perf_counter() - started)

            records = [
                ObservableRecord(incident_id, canonical[number], SOURCE, Tlp.CLEAR)
                for incident_id, number in pairs
            ]
            started = time.perf_counter()
            with toolbox.database.transaction() as store:
                store.observables.add_many(records)
            seconds = time.perf_counter() - started
            import_rate = len(records) / seconds

            drawn = [canonical[number].value for _, number in rng.sample(pairs, options.lookups)]
            find_times: list[float] = []
            hits = 0
            for value in drawn:
                timed(lambda v=value: toolbox.observables.find(v, by=SYSTEM_USER), find_times)
            hits = sum(len(toolbox.observables.find(v, by=SYSTEM_USER)) for v in drawn[:100])
            linked_times: list[float] = []
            for incident_id in rng.choices(incident_ids, k=options.lookups):
                timed(
                    lambda i=incident_id: toolbox.observables.linked(i, by=SYSTEM_USER),
                    linked_times,
                )

            if options.database_url:
                with toolbox.database.transaction() as store:
                    store.observables.remove_source(SOURCE)

    backend = "PostgreSQL" if options.database_url else "SQLite"
    print(f"{backend}: {len(records):,} observables on {len(incident_ids):,} incidents")
    print(f"  normalise  {normalise_rate:,.0f} values/s ({len(canonical):,} distinct)")
    verdict = "meets" if import_rate >= IMPORT_TARGET else "MISSES"
    rate = f"{import_rate:,.0f} rows/s in {seconds:.1f} s"
    print(f"  import     {rate} ({verdict} >= {IMPORT_TARGET:,}/s)")
    for name, times in (("find", find_times), ("linked", linked_times)):
        p95 = percentile(times, 0.95)
        verdict = "meets" if p95 < LOOKUP_TARGET_MS else "MISSES"
        print(
            f"  {name:<10} p50 {statistics.median(times):.2f} ms, p95 {p95:.2f} ms, "
            f"max {max(times):.2f} ms over {len(times)} ({verdict} p95 < {LOOKUP_TARGET_MS:.0f} ms)"
        )
    print(f"  find: {hits / 100:.1f} incidents per value on average")
    print(
        f"  load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs"
    )


if __name__ == "__main__":
    main()
