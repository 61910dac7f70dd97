"""Bulk incident files: `cdt incidents add --file` and `cdt incidents import-csv`, end to end.

    python benchmarks/incident_files.py [--incidents 10000] [--repeats 3] [--postgres URL]

Writes N generated incidents (the seeded generator of ``benchmarks/assess_throughput.py``:
dated, typed, victim countries and sectors, actors and attributions by name, impact figures,
a source) once as an incident file (JSON, what ``add --file`` reads) and once as a CSV file
(the spreadsheet columns; attributions have no column there). Then, round after round so that
a busy spell on a shared machine weighs on every figure alike, it times:

- ``cdt incidents add --file incidents.json`` and ``cdt incidents import-csv incidents.csv``,
  each a separate process (start-up, knowledge loading, reading, validation, name resolution
  and the one transaction included) into a fresh store as ``cdt init`` leaves it: a copy of
  one initialised SQLite file, or, with ``--postgres``, that database's public schema wiped
  and initialised again before each run (untimed);
- parsing alone: ``json.load`` of the incident file, and ``csv.reader`` over the CSV file;
- the ceiling (SQLite only): ``json.load`` of the incident file, then the same incident rows
  (id, slug, title, dates, marking, status, version, the document as JSON) written by one
  ``executemany`` in one transaction into the store's own, indexed ``incidents`` table, with
  no validation, no model and no filter or full-text index rows: what no import that stores
  every incident can beat.

Each command is also run on a file of one incident: its time is the fixed cost (start-up,
knowledge, opening the store), and the rate past it, (N - 1) / (time for N - time for 1), is
what each further incident costs. The commands run from compiled modules, as an installed
package does (``PYTHONDONTWRITEBYTECODE`` is lifted for them and the bytecode cached in the
scratch folder, after one untimed run).

Prints the median incidents/s of each and each command's ratio to the ceiling and to parsing
alone measured in the same run. Not a test: nothing here asserts the target (>= 2,000
incidents/s for 10,000 incidents on SQLite).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assess_throughput import generated_documents

from cdtoolbox.toolbox import DATABASE_URL_VARIABLE, Settings, Toolbox

TARGET_PER_SECOND = 2_000


def write_files(folder: Path, count: int, template_url: str) -> tuple[Path, Path]:
    """The incident file and the CSV file of ``count`` generated incidents, in ``folder``."""
    folder.mkdir(exist_ok=True)
    with Toolbox(Settings(template_url)) as toolbox:
        knowledge = toolbox.knowledge
        actors = [a.name for a in knowledge.actors.all() if a.sponsor][:200]
        countries = [c.code for c in knowledge.countries.all()]
        sectors = [s.id for s in knowledge.sectors.all()]
    documents: list[dict[str, Any]] = list(generated_documents(count, actors, countries, sectors))
    incident_file = folder / "incidents.json"
    incident_file.write_text(json.dumps(documents, ensure_ascii=False), encoding="utf-8")
    csv_file = folder / "incidents.csv"
    with csv_file.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            [
                "title",
                "summary",
                "start",
                "types",
                "victim_countries",
                "victim_sectors",
                "actors",
                "source_title",
                "source_url",
                "people_affected",
                "financial_loss_usd",
                "outage_hours",
            ]
        )
        for document in documents:
            impact = document["impact"]
            source = document["sources"][0]
            writer.writerow(
                [
                    document["title"],
                    document["summary"],
                    document["start"],
                    "; ".join(document["types"]),
                    "; ".join(document["victims"]["countries"]),
                    "; ".join(document["victims"]["sectors"]),
                    "; ".join(document["actors"]),
                    source["title"],
                    source["url"],
                    _cell(impact["people_affected"]),
                    _cell(impact["financial_loss_usd"]),
                    _cell(impact["outage_hours"]),
                ]
            )
    return incident_file, csv_file


def _cell(value: object) -> str:
    return "" if value is None else str(value)


class SqliteStores:
    """Fresh SQLite stores: copies of one file initialised by ``cdt init`` (the Toolbox's)."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._template = folder / "template.sqlite3"
        self.template_url = f"sqlite:///{self._template}"
        with Toolbox(Settings(self.template_url)) as toolbox:
            toolbox.init()

    def fresh(self) -> tuple[str, Path]:
        target = self._folder / f"run-{uuid.uuid4().hex}.sqlite3"
        shutil.copyfile(self._template, target)
        return f"sqlite:///{target}", target

    def discard(self, path: Path) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


class PostgresStores:
    """A PostgreSQL database whose public schema is wiped and initialised before each run."""

    def __init__(self, url: str) -> None:
        self.template_url = url

    def fresh(self) -> tuple[str, Path]:
        from sqlalchemy import create_engine, text

        engine = create_engine(self.template_url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        with Toolbox(Settings(self.template_url)) as toolbox:
            toolbox.init()
        return self.template_url, Path()

    def discard(self, path: Path) -> None:
        pass


def run_command(
    url: str, arguments: Sequence[str], count: int, bytecode: Path
) -> tuple[float, float]:
    """Seconds ``cdt ARGUMENTS --json`` takes to store ``count`` incidents into ``url``: on the
    clock, and on the processor (user + system time of the command's process)."""
    cdt = Path(sys.executable).with_name("cdt")
    environment = {
        **os.environ,
        DATABASE_URL_VARIABLE: url,
        "PYTHONPYCACHEPREFIX": str(bytecode),
    }
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    used = _children_cpu()
    started = time.perf_counter()
    result = subprocess.run(
        [str(cdt), *arguments, "--json"], env=environment, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    cpu = _children_cpu() - used
    if result.returncode != 0:
        raise SystemExit(f"cdt {' '.join(arguments)} failed:\n{result.stderr[-2000:]}")
    created = len(json.loads(result.stdout)["created"])
    if created != count:
        raise SystemExit(f"cdt {' '.join(arguments)} created {created}, not {count}")
    return seconds, cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def parse_json(path: Path, count: int) -> float:
    started = time.perf_counter()
    with path.open("rb") as stream:
        documents = json.load(stream)
    seconds = time.perf_counter() - started
    assert len(documents) == count
    return count / seconds


def parse_csv(path: Path, count: int) -> float:
    started = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    seconds = time.perf_counter() - started
    assert len(rows) == count + 1
    return count / seconds


def ceiling(incident_file: Path, database: Path, count: int) -> float:
    """The incident rows, without validation or index rows, in one ``executemany``."""
    started = time.perf_counter()
    with incident_file.open("rb") as stream:
        documents = json.load(stream)
    rows = [
        (
            f"incident--{uuid.uuid4()}",
            f"ceiling-{number}",
            document["title"],
            document["start"],
            document["start"],
            "clear",
            0,
            "confirmed",
            1,
            json.dumps(document, ensure_ascii=False),
        )
        for number, document in enumerate(documents)
    ]
    connection = sqlite3.connect(database)
    with connection:
        connection.executemany(
            "INSERT INTO incidents (id, slug, title, start_date, end_date, tlp, tlp_rank,"
            " status, version, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    connection.close()
    seconds = time.perf_counter() - started
    assert len(rows) == count
    return count / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="time the commands against this PostgreSQL database (its public schema is "
        "wiped before each run) instead of SQLite files",
    )
    options = parser.parse_args()
    count = options.incidents
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        bytecode = folder / "bytecode"
        sqlite_stores = SqliteStores(folder)
        stores: SqliteStores | PostgresStores = (
            PostgresStores(options.postgres) if options.postgres else sqlite_stores
        )
        incident_file, csv_file = write_files(folder, count, sqlite_stores.template_url)
        one_file, one_csv = write_files(folder / "one", 1, sqlite_stores.template_url)
        commands = {
            "cdt incidents add --file (JSON)": (
                ["incidents", "add", "--file"],
                incident_file,
                one_file,
            ),
            "cdt incidents import-csv": (["incidents", "import-csv"], csv_file, one_csv),
        }

        def timed(arguments: list[str], path: Path, size: int) -> tuple[float, float]:
            url, database = stores.fresh()
            try:
                return run_command(url, [*arguments, str(path)], size, bytecode)
            finally:
                stores.discard(database)

        timed(["incidents", "add", "--file"], one_file, 1)  # compiles and caches the modules
        seconds: dict[str, list[tuple[float, float]]] = {label: [] for label in commands}
        fixed: dict[str, list[tuple[float, float]]] = {label: [] for label in commands}
        rates: dict[str, list[float]] = {
            label: [] for label in ("parse JSON alone", "parse CSV alone", "ceiling (SQLite)")
        }
        for _ in range(options.repeats):
            for label, (arguments, path, one) in commands.items():
                seconds[label].append(timed(arguments, path, count))
                fixed[label].append(timed(arguments, one, 1))
            rates["parse JSON alone"].append(parse_json(incident_file, count))
            rates["parse CSV alone"].append(parse_csv(csv_file, count))
            _, path = sqlite_stores.fresh()
            try:
                rates["ceiling (SQLite)"].append(ceiling(incident_file, path, count))
            finally:
                sqlite_stores.discard(path)
    backend = "PostgreSQL" if options.postgres else "SQLite"
    print(f"{count:,} incidents, {backend}, median of {options.repeats}:")
    medians = {label: statistics.median(runs) for label, runs in rates.items()}
    for label in commands:
        runs = [count / clock for clock, _ in seconds[label]]
        medians[label] = statistics.median(runs)
        print(
            f"  {label:32} {medians[label]:>10,.0f} incidents/s "
            f"(runs: {', '.join(f'{rate:,.0f}' for rate in runs)})"
        )
        on_processor = statistics.median(count / cpu for _, cpu in seconds[label])
        one = statistics.median(clock for clock, _ in fixed[label])
        one_cpu = statistics.median(cpu for _, cpu in fixed[label])
        past = statistics.median(
            (count - 1) / (whole[0] - single[0])
            for whole, single in zip(seconds[label], fixed[label], strict=True)
        )
        print(
            f"  {'':4}by processor time: {on_processor:,.0f} incidents/s; fixed cost (a file of "
            f"one incident) {one:.2f} s ({one_cpu:.2f} s processor); past it {past:,.0f}/s"
        )
    for label, runs in rates.items():
        print(
            f"  {label:32} {medians[label]:>10,.0f} incidents/s "
            f"(runs: {', '.join(f'{rate:,.0f}' for rate in runs)})"
        )
    parsing = {
        "cdt incidents add --file (JSON)": "parse JSON alone",
        "cdt incidents import-csv": "parse CSV alone",
    }
    for label in commands:
        parse = parsing[label]
        print(
            f"  {label}: {medians[label] / medians['ceiling (SQLite)']:.2f} of the ceiling, "
            f"{medians[label] / medians[parse]:.3f} of {parse}, "
            f"{medians[label] / TARGET_PER_SECOND:.2f}x the {TARGET_PER_SECOND:,}/s target"
        )


if __name__ == "__main__":
    main()
