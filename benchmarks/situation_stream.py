"""Delivery latency of the situation board's server-sent events to 50 open boards.

    .venv/bin/python benchmarks/situation_stream.py                 # SQLite in a temporary folder
    .venv/bin/python benchmarks/situation_stream.py --workers 2 --writes 30
    .venv/bin/python benchmarks/situation_stream.py --database-url postgresql+psycopg://…
    .venv/bin/python benchmarks/situation_stream.py --accounts 10   # 10 readers, not anonymous

Prepares the database as `cdt init` does and starts `cdt serve` in its own process(es). Opens
``--clients`` streams on loopback (`GET /situation/stream`, as the page opens it, after the
revision it shows), anonymous by default or spread over ``--accounts`` signed-in viewers (each
reads its own board). This process then records ``--writes`` TLP:CLEAR events, one every
``--gap`` seconds (1.3 by default), through its own Toolbox: the server learns of them only
through the database, as of a write by any other process or host. The latency of a delivery
is from the moment the write's transaction committed (the library call returned) to the
moment a client has read the whole message; each client's first board message after a write
is that write's.
Prints p50/p95/max over every delivery, the deliveries missing, and the machine's load.
Target: p95 < 1 s. No assertion: the figures are for the reader to judge.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox import DATABASE_URL_VARIABLE, Settings, Toolbox

TARGET_P95_S = 1.0
INCIDENTS = ("wannacry-2017", "notpetya-2017", "solarwinds-2020", "albania-2022")
PASSWORD = "benchmark passphrase of the stream"


def prepare(url: str, accounts: int) -> None:
    environment = {**os.environ, DATABASE_URL_VARIABLE: url}
    cdt = Path(sys.executable).with_name("cdt")
    done = subprocess.run(
        [str(cdt), "init"], env=environment, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"cdt init failed:\n{done.stderr}")
    with Toolbox(Settings(url)) as toolbox:
        existing = {user.username for user in toolbox.users.list(by=SYSTEM_USER)}
        for number in range(accounts):
            name = f"stream-reader-{number}"
            if name not in existing:
                toolbox.users.add(
                    by=SYSTEM_USER,
                    username=name,
                    display_name=name,
                    role=Role.VIEWER,
                    clearance=Tlp.AMBER,
                    password=PASSWORD,
                )


async def client(
    base_url: str,
    path: str,
    auth: tuple[str, str] | None,
    received: list[float],
    opened: asyncio.Semaphore,
) -> None:
    """Read board messages until cancelled, noting when each was read whole; ``opened`` is
    released once the stream has answered."""
    async with (
        httpx.AsyncClient(
            base_url=base_url, auth=auth, timeout=httpx.Timeout(30, read=None)
        ) as http,
        http.stream("GET", path) as response,
    ):
        if response.status_code != 200:
            raise SystemExit(f"the stream answered {response.status_code}")
        opened.release()
        event = ""
        async for line in response.aiter_lines():
            if line.startswith("event:"):
                event = line.removeprefix("event:").strip()
            elif not line:
                if event == "board":
                    received.append(time.time())
                event = ""


def write(toolbox: Toolbox, number: int) -> float:
    """Record one event; the moment its transaction committed, taken in the writing thread
    (the event loop may resume later than the deliveries begin)."""
    toolbox.situation.record_event(
        INCIDENTS[number % len(INCIDENTS)],
        by=SYSTEM_USER,
        kind="meeting-held",
        summary=f"Benchmark meeting {number}.",
        tlp="clear",
    )
    return time.time()


async def run(options: argparse.Namespace, base_url: str, url: str) -> None:
    with Toolbox(Settings(url)) as toolbox:
        revision = ".".join(str(counter) for counter in toolbox.situation.revision())
        path = f"/situation/stream?after={revision}"
        inboxes: list[list[float]] = [[] for _ in range(options.clients)]
        opened = asyncio.Semaphore(0)
        tasks = [
            asyncio.create_task(
                client(
                    base_url,
                    path,
                    (f"stream-reader-{number % options.accounts}", PASSWORD)
                    if options.accounts
                    else None,
                    inboxes[number],
                    opened,
                )
            )
            for number in range(options.clients)
        ]
        # Every stream open (a signed-in one checks its password first), the watchers' first
        # read done.
        for _ in tasks:
            waiting = asyncio.create_task(opened.acquire())
            await asyncio.wait([waiting, *tasks], timeout=120, return_when="FIRST_COMPLETED")
            for task in tasks:
                if task.done():
                    task.result()  # a refused stream says why
            if not waiting.done():
                raise SystemExit("the streams did not open within 120 s")
        await asyncio.sleep(1)
        commits: list[float] = []
        for number in range(options.writes):
            committed = await asyncio.to_thread(write, toolbox, number)
            commits.append(committed)
            await asyncio.sleep(options.gap)
        await asyncio.sleep(2)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    latencies: list[float] = []
    missing = 0
    missed: dict[int, int] = {}
    for inbox in inboxes:
        for index, committed in enumerate(commits):
            until = commits[index + 1] if index + 1 < len(commits) else float("inf")
            delivered = [moment for moment in inbox if committed <= moment < until]
            if delivered:
                latencies.append(delivered[0] - committed)
            else:
                missing += 1
                missed[index] = missed.get(index, 0) + 1
    latencies.sort()
    if not latencies:
        raise SystemExit("no delivery at all")

    def at(share: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * share))]

    one, five, fifteen = os.getloadavg()
    verdict = "met" if at(0.95) < TARGET_P95_S else "MISSED"
    print(
        f"{options.clients} streams ({options.accounts or 'anonymous'} "
        f"{'accounts' if options.accounts else 'readers'}), {options.writes} writes "
        f"{options.gap} s apart, {options.workers} server process(es): "
        f"{len(latencies)} deliveries, {missing} missing; latency from commit to receipt "
        f"p50 {at(0.5) * 1000:.0f} ms, p95 {at(0.95) * 1000:.0f} ms, "
        f"max {latencies[-1] * 1000:.0f} ms (target p95 < {TARGET_P95_S:.0f} s: {verdict})"
    )
    if missed:
        print(f"missing by write: {missed}")
    print(f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--writes", type=int, default=20)
    # Not a multiple of the watchers' 0.5 s: the writes fall at every phase of their reads.
    parser.add_argument("--gap", type=float, default=1.3, help="seconds between writes")
    parser.add_argument("--accounts", type=int, default=0, help="0: anonymous readers")
    parser.add_argument("--workers", type=int, default=1, help="`cdt serve --workers`")
    parser.add_argument("--database-url", help="default: SQLite in a temporary folder")
    options = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    from web_latency import free_port

    folder = tempfile.mkdtemp(prefix="cdt-bench-stream-")
    url = options.database_url or f"sqlite:///{folder}/cdt.sqlite3"
    prepare(url, options.accounts)
    port = free_port()
    environment = {
        **os.environ,
        DATABASE_URL_VARIABLE: url,
        "XDG_DATA_HOME": str(Path(folder) / "data-home"),
    }
    command = [str(Path(sys.executable).with_name("cdt")), "serve", "--port", str(port)]
    if options.workers > 1:
        command += ["--workers", str(options.workers)]
    server = subprocess.Popen(
        command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v1/norms", timeout=2).is_success:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start within 60 s")
            time.sleep(0.2)
        asyncio.run(run(options, f"http://127.0.0.1:{port}", url))
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
