"""A bounded mixed load on loopback: page reads, searches, TAXII pulls and writes together.

    .venv/bin/python benchmarks/load_mix.py                       # 50 clients, 60 s, SQLite
    .venv/bin/python benchmarks/load_mix.py --clients 20 --seconds 30 --incidents 2000
    .venv/bin/python benchmarks/load_mix.py --database-url postgresql+psycopg://…
    .venv/bin/python benchmarks/load_mix.py --clients 50 --seconds 60 --workers 2

Seeds the bundled data plus generated incidents (benchmarks/web_latency.py's generator), an
analyst account with a bearer token and a response case, starts `cdt serve` in its own process,
then runs ``--clients`` asyncio clients for ``--seconds``. Each client picks, per request:
40 % pages (dashboard, filtered list, incident page), 20 % API searches, 20 % TAXII pages of
the repository collection, 10 % case reads, 10 % writes (incident edits with the version it
just read; a 409 from a concurrent edit is counted as a conflict, not an error). Prints
throughput, p50/p99 per kind and overall, and the error count (5xx, transport errors or an
unexpected status), which must be 0. `tests/reliability/test_load.py` runs the same mix for
a few seconds against an in-process server.

With ``--workers N`` (N > 1) the mix runs twice, one server after the other: first `cdt serve`
as one process (the reference), then `cdt serve --workers N`; the throughput and the overall
p99 of both are printed with their ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))

TAXII = "application/taxii+json;version=2.1"
MIX = (("page", 40), ("search", 20), ("taxii", 20), ("case", 10), ("write", 10))
SEARCHES = ("ransomware", "grid", "election", "espionage", "ministry", "bank")


@dataclass
class Target:
    base_url: str
    token: str
    case_id: str
    slugs: list[str]
    writable: list[str]


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    outcomes: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return sum(len(values) for values in self.latencies.values())


async def _one(http: httpx.AsyncClient, target: Target, kind: str, chance: random.Random) -> str:
    auth = {"Authorization": f"Bearer {target.token}"}
    if kind == "page":
        path = chance.choice(
            [
                "/",
                "/incidents?type=ransomware&since=2015-01-01",
                f"/incidents/{chance.choice(target.slugs)}",
            ]
        )
        return str((await http.get(path)).status_code)
    if kind == "search":
        text = chance.choice(SEARCHES)
        return str((await http.get(f"/api/v1/incidents?text={text}&limit=20")).status_code)
    if kind == "taxii":
        response = await http.get(
            "/taxii2/cdt/collections/repository/objects/?limit=100",
            headers={**auth, "Accept": TAXII},
        )
        return str(response.status_code)
    if kind == "case":
        return str((await http.get(f"/api/v1/cases/{target.case_id}", headers=auth)).status_code)
    slug = chance.choice(target.writable)
    current = await http.get(f"/api/v1/incidents/{slug}", headers=auth)
    version = current.json()["version"]
    response = await http.patch(
        f"/api/v1/incidents/{slug}",
        json={
            "changes": {"summary": f"load test {chance.random():.6f}"},
            "expected_version": version,
        },
        headers=auth,
    )
    return str(response.status_code)


_EXPECTED = {
    "page": {"200"},
    "search": {"200"},
    "taxii": {"200"},
    "case": {"200"},
    "write": {"200", "409"},
}


async def _client(number: int, target: Target, deadline: float, tally: Tally) -> None:
    chance = random.Random(number)
    kinds = [kind for kind, weight in MIX for _ in range(weight)]
    async with httpx.AsyncClient(base_url=target.base_url, timeout=60) as http:
        while time.perf_counter() < deadline:
            kind = chance.choice(kinds)
            started = time.perf_counter()
            try:
                status = await _one(http, target, kind, chance)
            except httpx.HTTPError as error:
                status = f"transport error {type(error).__name__}"
            tally.latencies[kind].append((time.perf_counter() - started) * 1000)
            tally.outcomes[f"{kind} {status}"] += 1
            if status not in _EXPECTED[kind]:
                tally.errors.append(f"{kind}: {status}")


def run_load(target: Target, *, clients: int, seconds: float) -> tuple[Tally, float]:
    """Run the mix; the tally and the wall time it took."""
    tally = Tally()

    async def main() -> None:
        deadline = time.perf_counter() + seconds
        await asyncio.gather(*(_client(n, target, deadline, tally) for n in range(clients)))

    # A thread of its own, so the run also works where an event loop is already running
    # (a test session, a notebook).
    started = time.perf_counter()
    runner = threading.Thread(target=lambda: asyncio.run(main()), name="load-mix")
    runner.start()
    runner.join()
    return tally, time.perf_counter() - started


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def report(tally: Tally, elapsed: float, clients: int) -> str:
    lines = [
        f"{clients} clients for {elapsed:.0f} s: {tally.requests} requests, "
        f"{tally.requests / elapsed:.0f} req/s, errors = {len(tally.errors)}"
    ]
    everything = [t for values in tally.latencies.values() for t in values]
    for kind, values in [*sorted(tally.latencies.items()), ("all", everything)]:
        if values:
            lines.append(
                f"  {kind:<7} n={len(values):<6} p50={statistics.median(values):7.1f} ms  "
                f"p99={_percentile(values, 0.99):7.1f} ms"
            )
    conflicts = tally.outcomes.get("write 409", 0)
    lines.append(f"  write conflicts answered 409 (expected under contention): {conflicts}")
    for error in sorted(set(tally.errors))[:10]:
        lines.append(f"  ERROR {error}")
    return "\n".join(lines)


def prepare(url: str, incidents: int) -> tuple[str, str, list[str], list[str]]:
    """Seed the store; the token, case id, readable slugs and slugs clients may edit."""
    from web_latency import seed

    from cdtoolbox.model.access import SYSTEM_USER, Role
    from cdtoolbox.model.vocabulary import Tlp
    from cdtoolbox.toolbox import Settings, Toolbox

    slugs = seed(url, incidents)
    with Toolbox(Settings(url)) as toolbox:
        if not any(user.username == "load" for user in toolbox.users.list(by=SYSTEM_USER)):
            toolbox.users.add(
                by=SYSTEM_USER,
                username="load",
                display_name="Load",
                role=Role.ANALYST,
                clearance=Tlp.RED,
            )
        _, token = toolbox.users.issue_token("load", "load test", by=SYSTEM_USER)
        case = toolbox.cases.open(["wannacry-2017"], by=SYSTEM_USER)
    return token, case.id, slugs[:500], slugs[:20]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes (`cdt serve --workers`); above 1, one process is measured first "
        "as the reference",
    )
    arguments = parser.parse_args()
    from web_latency import free_port, start_server

    folder = tempfile.mkdtemp(prefix="cdt-load-")
    url = arguments.database_url or f"sqlite:///{folder}/cdt.sqlite3"
    token, case_id, slugs, writable = prepare(url, arguments.incidents)
    runs: dict[int, tuple[Tally, float]] = {}
    for workers in sorted({1, arguments.workers}):
        port = free_port()
        server = start_server(url, port, workers)
        try:
            target = Target(f"http://127.0.0.1:{port}", token, case_id, slugs, writable)
            warm(target, arguments.clients)
            tally, elapsed = run_load(target, clients=arguments.clients, seconds=arguments.seconds)
            runs[workers] = (tally, elapsed)
            print(f"{workers} server process(es):")
            print(report(tally, elapsed, arguments.clients))
        finally:
            server.terminate()
            server.wait(timeout=30)
    if arguments.workers > 1:
        (one, one_seconds), (several, several_seconds) = runs[1], runs[arguments.workers]
        rates = (several.requests / several_seconds, one.requests / one_seconds)
        p99s = (_overall_p99(several), _overall_p99(one))
        print(
            f"{arguments.workers} workers against one process (the reference): "
            f"{rates[0]:.0f} vs {rates[1]:.0f} req/s (ratio {rates[0] / rates[1]:.2f}), "
            f"p99 {p99s[0]:.1f} vs {p99s[1]:.1f} ms (ratio {p99s[0] / p99s[1]:.2f})"
        )
    if any(tally.errors for tally, _ in runs.values()):
        raise SystemExit(1)


def warm(target: Target, clients: int) -> None:
    """Each server process builds its own caches (the precedent index, the dashboard's
    counts) on first use: warmed over as many connections as there are clients, so that
    every worker is, before the clock starts."""
    paths = ["/", "/incidents?type=ransomware&since=2015-01-01", f"/incidents/{target.slugs[0]}"]

    def one(_: int) -> None:
        with httpx.Client(base_url=target.base_url, timeout=120) as http:
            for path in paths:
                http.get(path)

    with ThreadPoolExecutor(max_workers=min(clients, 16)) as pool:
        list(pool.map(one, range(clients)))


def _overall_p99(tally: Tally) -> float:
    return _percentile([t for values in tally.latencies.values() for t in values], 0.99)


if __name__ == "__main__":
    main()
