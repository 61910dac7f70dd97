"""TAXII 2.1 benchmark: our server against medallion, through the same taxii2-client code.

    python benchmarks/taxii_fetch.py [--sizes 10000,100000] [--million]
        [--medallion-sizes 1000,2000] [--repeats 3] [--page 1000]

Bundles come from the project's workload generator, ``benchmarks/stix_workload.py``;
``--generator PATH`` runs the benchmark on the bundles of another generator taking the same
``N OUT.json`` arguments, to compare. They are cached in ``--work-dir`` under the generator's
name and the size.
Each server runs in its own process on 127.0.0.1, started by this script, and is measured
from this process with HTTP Basic authentication:

- ours: what ``cdt serve`` runs (``create_app``) over a fresh SQLite database; the bundle is
  loaded by POSTing envelopes of ``--post-batch`` objects to the partner-exchange
  collection, which is the ingest measurement (objects / time spent in the POSTs);
- medallion 3.0, memory backend, as a Flask server (its ``max_page_size`` set to ``--page``),
  loaded through its own POST endpoint in envelopes of 500 objects. It pages by keeping
  server-side state and copies the collection on every first page, so it is measured at the
  small sizes only (``--medallion-sizes``); at 10,000 objects it does not serve a page
  within a minute.

Measured: a full paged fetch (``taxii2client.v21.as_pages(collection.get_objects,
per_request=--page)``, counting every object), ``--repeats`` times, median objects/s; the
first-page latency (GET objects/?limit=--page, body read, not parsed) and the filtered
``match[type]`` latency (one type per request, cycling over the bundle's types), each over
``--latency-requests`` requests: median and p95. Not a test: nothing here asserts the
targets (first page < 100 ms at 1M, paged fetch >= 20,000 objects/s at 100k and >= 100x
medallion, ingest >= 5,000 objects/s, match[type] p95 < 50 ms at 1M).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parents[1]
DEFAULT_GENERATOR = REPOSITORY / "benchmarks" / "stix_workload.py"
TAXII = "application/taxii+json;version=2.1"
USER, PASSWORD = "bench", "benchmark password 1"
TYPES = (
    "indicator",
    "relationship",
    "incident",
    "malware",
    "campaign",
    "intrusion-set",
    "threat-actor",
    "report",
    "note",
    "identity",
)


# servers (run as child processes of this script) ---------------------------------------


def serve_ours(database: str, port: int) -> None:
    import uvicorn

    from cdtoolbox.interfaces.http.app import create_app
    from cdtoolbox.toolbox import Settings, Toolbox

    with Toolbox(Settings(database)) as toolbox:
        uvicorn.run(
            create_app(toolbox), host="127.0.0.1", port=port, log_level="warning", access_log=False
        )


def serve_medallion(config: str, port: int) -> None:
    import logging

    from medallion import application_instance, register_blueprints, set_config

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with open(config, encoding="utf-8") as handle:
        configuration = json.load(handle)
    for name in ("users", "taxii", "backend"):
        set_config(application_instance, name, configuration)
    register_blueprints(application_instance)
    application_instance.run(host="127.0.0.1", port=port, threaded=True)


# helpers ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bundle(generator: Path, size: int, work: Path) -> Path:
    # Named after the generator too, so a comparison run never reuses the other's bundles.
    path = work / f"bundle-{generator.stem}-{size}.json"
    if not path.exists():
        print(f"  generating {size:,} objects …", flush=True)
        subprocess.run(
            [sys.executable, str(generator), str(size), str(path)],
            check=True,
            stderr=subprocess.DEVNULL,
        )
    return path


def objects_of(path: Path) -> Iterator[dict[str, Any]]:
    import ijson

    with path.open("rb") as stream:
        yield from ijson.items(stream, "objects.item", use_float=True)


def start(arguments: list[str], url: str) -> subprocess.Popen[bytes]:
    import requests

    process = subprocess.Popen(
        [sys.executable, __file__, *arguments], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(url, headers={"Accept": TAXII}, timeout=2)
            return process
        except requests.ConnectionError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"the server at {url} did not start")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def median_p95(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def paged_fetch(collection_url: str, page: int, repeats: int, timeout: float) -> list[float]:
    """objects/s of each full paged fetch through taxii2-client."""
    from taxii2client.v21 import Collection, as_pages

    rates = []
    for _ in range(repeats):
        collection = Collection(collection_url, user=USER, password=PASSWORD)
        started = time.perf_counter()
        count = 0
        for envelope in as_pages(collection.get_objects, per_request=page):
            count += len(envelope.get("objects", []))
            if time.perf_counter() - started > timeout:
                raise TimeoutError(f"no full fetch within {timeout:.0f} s ({count} objects)")
        rates.append(count / (time.perf_counter() - started))
    return rates


def latencies(url: str, requests_count: int, parameters: list[dict[str, str]]) -> list[float]:
    import requests

    session = requests.Session()
    session.auth = (USER, PASSWORD)
    session.headers["Accept"] = TAXII
    session.get(url, params=parameters[0]).raise_for_status()  # warm the connection
    found = []
    for number in range(requests_count):
        started = time.perf_counter()
        response = session.get(url, params=parameters[number % len(parameters)])
        response.raise_for_status()
        _ = response.content
        found.append((time.perf_counter() - started) * 1000)
    return found


# ours ------------------------------------------------------------------------------------


def measure_ours(path: Path, size: int, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    import orjson
    import requests

    from cdtoolbox.model import Tlp
    from cdtoolbox.model.access import SYSTEM_USER, Role
    from cdtoolbox.toolbox import Settings, Toolbox

    folder = Path(tempfile.mkdtemp(dir=work))
    database = f"sqlite:///{folder / 'cdt.sqlite3'}"
    with Toolbox(Settings(database)) as toolbox:
        toolbox.database.migrate()
        toolbox.taxii.create_default_collections()
        exchange = toolbox.taxii.collection("partner-exchange", by=SYSTEM_USER).id
        toolbox.users.add(
            by=SYSTEM_USER,
            username=USER,
            display_name="Benchmark",
            role=Role.ANALYST,
            clearance=Tlp.RED,
            password=PASSWORD,
        )
    port = free_port()
    # taxii2-client wants the collection's id in its address, not its alias.
    base = f"http://127.0.0.1:{port}/taxii2/cdt/collections/{exchange}/"
    server = start(["serve-ours", database, str(port)], f"http://127.0.0.1:{port}/taxii2/")
    try:
        session = requests.Session()
        session.auth = (USER, PASSWORD)
        session.headers.update({"Accept": TAXII, "Content-Type": TAXII})
        # Sign in once before timing: the first check of a password runs scrypt on purpose.
        session.get(base).raise_for_status()
        posted = 0
        seconds = 0.0
        batch: list[bytes] = []

        def send() -> None:
            nonlocal posted, seconds
            body = b'{"objects":[' + b",".join(batch) + b"]}"
            started = time.perf_counter()
            response = session.post(base + "objects/", data=body)
            seconds += time.perf_counter() - started
            response.raise_for_status()
            status = response.json()
            if status["failure_count"]:
                raise SystemExit(f"refused: {status['failures'][:3]}")
            posted += status["success_count"]
            batch.clear()

        for obj in objects_of(path):
            batch.append(orjson.dumps(obj))
            if len(batch) >= args.post_batch:
                send()
        if batch:
            send()
        rates = paged_fetch(base, args.page, args.repeats, timeout=3600)
        first = latencies(base + "objects/", args.latency_requests, [{"limit": str(args.page)}])
        typed = latencies(
            base + "objects/",
            args.latency_requests,
            [{"match[type]": kind, "limit": str(args.page)} for kind in TYPES],
        )
    finally:
        stop(server)
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "objects": posted,
        "ingest": posted / seconds,
        "fetch": rates,
        "first_page_ms": median_p95(first),
        "type_ms": median_p95(typed),
    }


# medallion -------------------------------------------------------------------------------


def measure_medallion(path: Path, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    from taxii2client.v21 import Collection

    port = free_port()
    collection_id = "91a7b528-80eb-42ed-a74d-c6fbd5a26116"
    data = {
        "/discovery": {
            "title": "medallion",
            "default": f"http://127.0.0.1:{port}/bench/",
            "api_roots": [f"http://127.0.0.1:{port}/bench/"],
        },
        "bench": {
            "information": {
                "title": "bench",
                "versions": [TAXII],
                "max_content_length": 100 * 1024 * 1024,
            },
            "status": [],
            "collections": [
                {
                    "id": collection_id,
                    "title": "bench",
                    "can_read": True,
                    "can_write": True,
                    "media_types": ["application/stix+json;version=2.1"],
                    "objects": [],
                    "manifest": [],
                }
            ],
        },
    }
    folder = Path(tempfile.mkdtemp(dir=work))
    (folder / "data.json").write_text(json.dumps(data), encoding="utf-8")
    config = {
        "users": {USER: PASSWORD},
        "taxii": {"max_page_size": args.page},
        "backend": {
            "module": "medallion.backends.memory_backend",
            "module_class": "MemoryBackend",
            "filename": str(folder / "data.json"),
        },
    }
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    server = start(
        ["serve-medallion", str(folder / "config.json"), str(port)],
        f"http://127.0.0.1:{port}/taxii2/",
    )
    url = f"http://127.0.0.1:{port}/bench/collections/{collection_id}/"
    try:
        collection = Collection(url, user=USER, password=PASSWORD)
        batch: list[dict[str, Any]] = []
        loaded = 0
        for obj in objects_of(path):
            batch.append(obj)
            if len(batch) == 500:
                loaded += collection.add_objects({"objects": batch}).success_count
                batch = []
        if batch:
            loaded += collection.add_objects({"objects": batch}).success_count
        rates = paged_fetch(url, args.page, args.repeats, timeout=600)
    finally:
        stop(server)
        shutil.rmtree(folder, ignore_errors=True)
    return {"objects": loaded, "fetch": rates}


# main ------------------------------------------------------------------------------------


def sizes(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part]


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "serve-ours":
        serve_ours(sys.argv[2], int(sys.argv[3]))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "serve-medallion":
        serve_medallion(sys.argv[2], int(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=sizes, default=[10_000, 100_000])
    parser.add_argument("--million", action="store_true", help="also measure ours at 1,000,000")
    parser.add_argument("--medallion-sizes", type=sizes, default=[1000, 2000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--page", type=int, default=1000, help="objects per page (both servers)")
    parser.add_argument("--post-batch", type=int, default=5000, help="objects per POST (ours)")
    parser.add_argument("--latency-requests", type=int, default=60)
    parser.add_argument(
        "--generator",
        type=Path,
        default=DEFAULT_GENERATOR,
        help="run as `GENERATOR N OUT.json` (default: benchmarks/stix_workload.py)",
    )
    parser.add_argument(
        "--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "cdt-taxii-bench"
    )
    args = parser.parse_args()
    if not args.generator.exists():
        parser.error(f"workload generator not found at {args.generator} (use --generator)")
    args.work_dir.mkdir(parents=True, exist_ok=True)
    ours_sizes = sorted(
        set(args.medallion_sizes) | set(args.sizes) | ({1_000_000} if args.million else set())
    )
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores, page {args.page}, "
        f"{args.repeats} repeats",
        flush=True,
    )
    results: dict[int, dict[str, Any]] = {}
    for size in ours_sizes:
        print(f"ours, {size:,} objects:", flush=True)
        path = bundle(args.generator, size, args.work_dir)
        result = measure_ours(path, size, args, args.work_dir)
        results[size] = result
        runs = ", ".join(f"{rate:,.0f}" for rate in result["fetch"])
        print(
            f"  ingest (POST, {args.post_batch}/envelope): {result['ingest']:,.0f} objects/s\n"
            f"  paged fetch: median {statistics.median(result['fetch']):,.0f} objects/s "
            f"(runs {runs})\n"
            f"  first page: median {result['first_page_ms'][0]:.1f} ms, "
            f"p95 {result['first_page_ms'][1]:.1f} ms\n"
            f"  match[type] page: median {result['type_ms'][0]:.1f} ms, "
            f"p95 {result['type_ms'][1]:.1f} ms",
            flush=True,
        )
    for size in args.medallion_sizes:
        print(f"medallion, {size:,} objects:", flush=True)
        path = bundle(args.generator, size, args.work_dir)
        reference = measure_medallion(path, args, args.work_dir)
        ours = statistics.median(results[size]["fetch"])
        theirs = statistics.median(reference["fetch"])
        runs = ", ".join(f"{rate:,.1f}" for rate in reference["fetch"])
        print(
            f"  paged fetch: median {theirs:,.1f} objects/s (runs {runs}); "
            f"ours {ours:,.0f} objects/s: {ours / theirs:,.0f}x",
            flush=True,
        )


if __name__ == "__main__":
    main()
