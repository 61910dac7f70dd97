"""Latency of the pages with 10,000 incidents: dashboard, filtered incident list, incident page.

    .venv/bin/python benchmarks/web_latency.py                     # SQLite in a temporary folder
    .venv/bin/python benchmarks/web_latency.py --incidents 2000 --clients 8
    .venv/bin/python benchmarks/web_latency.py --clients 8 --workers 2
    .venv/bin/python benchmarks/web_latency.py --database-url postgresql+psycopg://…

Seeds generated incidents through the Toolbox (the same validation as any import), starts
`cdt serve` (or, before it exists, the same application under uvicorn) in its own process on
loopback, then drives each page with a few concurrent HTTP clients for a fixed number of
requests and prints p50/p95/max in milliseconds. Target: p95 < 150 ms.

With ``--workers N`` (N > 1) the same requests are driven twice, one server after the other:
first `cdt serve` as one process (the reference), then `cdt serve --workers N`; each page's
p95 is printed for both, with their ratio.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

from cdtoolbox.model import IncidentType
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import DATABASE_URL_VARIABLE, Settings, Toolbox

TARGET_P95_MS = 150.0
BATCH = 1000

COUNTRIES = [
    "US",
    "DE",
    "GB",
    "FR",
    "UA",
    "PL",
    "EE",
    "LT",
    "IT",
    "ES",
    "NL",
    "BE",
    "JP",
    "KR",
    "IN",
    "AU",
    "CA",
    "BR",
    "SE",
    "FI",
    "NO",
    "DK",
    "CZ",
    "AT",
    "IL",
    "SA",
    "TW",
    "MX",
]
SECTORS = [
    "energy",
    "energy.electricity",
    "health",
    "banking",
    "transport",
    "government",
    "digital-infrastructure",
    "manufacturing",
    "research",
    "civil-society",
]
ACTORS = [
    "APT28",
    "APT29",
    "Sandworm",
    "Lazarus Group",
    "APT1",
    "APT10",
    "APT41",
    "Turla",
    "Kimsuky",
    "APT33",
    "APT35",
    "Gamaredon Group",
    "Callisto",
    "Ghostwriter",
]
STATES = ["RU", "CN", "KP", "IR", "BY"]
VERBS = [
    "Intrusion into",
    "Ransomware attack on",
    "Wiper attack on",
    "Espionage against",
    "DDoS campaign against",
    "Data theft from",
    "Compromise of",
    "Leak operation against",
]
TARGETS = [
    "a national grid operator",
    "a foreign ministry",
    "a hospital network",
    "a bank",
    "a port authority",
    "an election commission",
    "a telecom operator",
    "a research institute",
    "a defence contractor",
    "a news agency",
]
SERVE_SNIPPET = """
import sys, uvicorn
from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.toolbox import Settings, Toolbox
toolbox = Toolbox(Settings(sys.argv[1]))
uvicorn.run(create_app(toolbox), host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def generated_documents(count: int, seed: int = 2017) -> list[dict[str, object]]:
    """``count`` plausible incident documents, the same ones for the same seed."""
    rng = random.Random(seed)
    types = [kind.value for kind in IncidentType]
    documents: list[dict[str, object]] = []
    for number in range(count):
        year = rng.randint(2000, 2025)
        month = rng.randint(1, 12)
        attributions = []
        if rng.random() < 0.4:
            attributions.append(
                {
                    "by": {"kind": "state", "name": "United Kingdom", "country": "GB"},
                    "state": rng.choice(STATES),
                    "date": f"{min(year + 1, 2025)}-{month:02d}",
                    "likelihood": rng.choice(["likely", "very-likely", "almost-certain"]),
                    "basis": ["political"],
                }
            )
        documents.append(
            {
                "title": f"{rng.choice(VERBS)} {rng.choice(TARGETS)} #{number}",
                "summary": "Generated for the latency benchmark. " * rng.randint(1, 4),
                "start": f"{year}-{month:02d}",
                "types": rng.sample(types, rng.randint(1, 2)),
                "victims": {
                    "countries": rng.sample(COUNTRIES, rng.randint(1, 3)),
                    "sectors": rng.sample(SECTORS, rng.randint(0, 2)),
                },
                "actors": rng.sample(ACTORS, rng.randint(0, 1)),
                "attributions": attributions,
                "sources": [{"title": f"Report {number}", "url": f"https://example.org/{number}"}],
            }
        )
    return documents


def seed(url: str, count: int) -> list[str]:
    """Create the database with the bundled data and ``count`` generated incidents."""
    with Toolbox(Settings(url)) as toolbox:
        toolbox.init()
        present = toolbox.incidents.list(limit=1, by=SYSTEM_USER).total or 0
        wanted = max(0, count - present)
        documents = generated_documents(wanted)
        slugs: list[str] = []
        started = time.perf_counter()
        for start in range(0, len(documents), BATCH):
            report = toolbox.incidents.add(
                documents[start : start + BATCH], source="benchmark", by=SYSTEM_USER
            )
            slugs.extend(incident.slug for incident in report.created)
            done = min(start + BATCH, len(documents))
            print(f"  seeded {done}/{len(documents)}", end="\r", flush=True)
        elapsed = time.perf_counter() - started
        total = toolbox.incidents.list(limit=1, by=SYSTEM_USER).total
        print(f"  {total} incidents in the database ({len(documents)} added in {elapsed:.0f} s)")
        if not slugs:
            slugs = [item.slug for item in toolbox.incidents.list(limit=1000, by=SYSTEM_USER).items]
        return slugs


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(url: str, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    environment = {**os.environ, DATABASE_URL_VARIABLE: url}
    cdt = shutil.which("cdt", path=str(Path(sys.executable).parent)) or shutil.which("cdt")
    has_serve = (
        cdt
        and subprocess.run(
            [cdt, "serve", "--help"], capture_output=True, env=environment, check=False
        ).returncode
        == 0
    )
    if cdt and has_serve:
        command = [cdt, "serve", "--host", "127.0.0.1", "--port", str(port)]
        if workers > 1:
            command += ["--workers", str(workers)]
    elif workers > 1:
        raise SystemExit("this cdt has no `serve` command to run several workers with")
    else:
        command = [sys.executable, "-c", SERVE_SNIPPET, url, str(port)]
    print(f"  server: {' '.join(command[:2])} … on 127.0.0.1:{port}, {workers} process(es)")
    server = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/norms", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not start within 60 s")


@dataclass
class Result:
    name: str
    latencies_ms: list[float]
    seconds: float

    @property
    def p95(self) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[max(0, int(len(ordered) * 0.95) - 1)]

    def line(self) -> str:
        ordered = sorted(self.latencies_ms)
        p50 = statistics.median(ordered)
        p95 = self.p95
        rate = len(ordered) / self.seconds
        verdict = "ok" if p95 < TARGET_P95_MS else "OVER TARGET"
        return (
            f"{self.name:<28} n={len(ordered):<5} p50={p50:7.1f} ms  p95={p95:7.1f} ms  "
            f"max={ordered[-1]:7.1f} ms  {rate:6.1f} req/s  {verdict}"
        )


def drive(base: str, name: str, paths: list[str], requests: int, clients: int) -> Result:
    """``requests`` GETs spread over ``clients`` concurrent keep-alive connections."""

    def worker(offset: int) -> list[float]:
        timings = []
        with httpx.Client(base_url=base, timeout=30) as http:
            for number in range(offset, requests, clients):
                path = paths[number % len(paths)]
                started = time.perf_counter()
                response = http.get(path)
                timings.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{path} answered {response.status_code}")
        return timings

    def warm(_: int) -> None:
        with httpx.Client(base_url=base, timeout=120) as http:
            for path in paths[:5]:
                http.get(path)

    # Each server process builds its own caches (the precedent index, the dashboard's
    # counts): warmed over as many connections as the clients use, so that every worker is.
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(warm, range(clients)))
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        latencies = [t for part in pool.map(worker, range(clients)) for t in part]
    return Result(name, latencies, time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300, help="per page kind")
    parser.add_argument("--clients", type=int, default=4, help="concurrent connections")
    parser.add_argument("--database-url", help="default: SQLite in a temporary folder")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes (`cdt serve --workers`); above 1, one process is measured first "
        "as the reference",
    )
    options = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="cdt-bench-")
    url = options.database_url or f"sqlite:///{folder}/cdt.sqlite3"
    print(f"Seeding {options.incidents} incidents into {url.split('@')[-1]}")
    slugs = seed(url, options.incidents)
    rng = random.Random(7)
    lists = [
        "/incidents?type=espionage&victim_country=DE&since=2015",
        "/incidents?sponsor=RU&sector=energy",
        "/incidents?actor=fancy+bear&sort=title",
        "/incidents?victim_country=Ukraine&type=wiper&type=ddos&until=2022",
        "/incidents?text=hospital&limit=100",
    ]
    pages = [f"/incidents/{slug}" for slug in rng.sample(slugs, min(200, len(slugs)))]
    kinds = (
        ("dashboard /", ["/"]),
        ("incident list, filtered", lists),
        ("incident page", pages),
    )
    measured: dict[int, list[Result]] = {}
    try:
        for workers in sorted({1, options.workers}):
            port = free_port()
            server = start_server(url, port, workers)
            base = f"http://127.0.0.1:{port}"
            try:
                print(
                    f"Driving {base} ({workers} process(es)) with {options.clients} clients, "
                    f"{options.requests} requests each:"
                )
                measured[workers] = []
                for name, paths in kinds:
                    result = drive(base, name, paths, options.requests, options.clients)
                    measured[workers].append(result)
                    print("  " + result.line())
            finally:
                server.terminate()
                server.wait(timeout=30)
    finally:
        if not options.database_url:
            shutil.rmtree(folder, ignore_errors=True)
    if options.workers > 1:
        print(f"p95 with {options.workers} workers against one process (the reference):")
        for one, several in zip(measured[1], measured[options.workers], strict=True):
            print(
                f"  {one.name:<28} {several.p95:7.1f} ms vs {one.p95:7.1f} ms: "
                f"ratio {several.p95 / one.p95:.2f}"
            )


if __name__ == "__main__":
    main()
