"""Start-up of the command line: whole `cdt` processes, timed from spawn to exit.

    .venv/bin/python benchmarks/cli_startup.py [--repeats 15]

Initialises a SQLite database with the bundled data in a temporary folder, then runs each
command below as a process of its own, ``--repeats`` rounds, the commands interleaved within a
round so a busy spell of the machine falls on all of them alike; prints the median and the
spread of each:

- ``python -c pass``: the interpreter alone, the floor no command can go under;
- eager import: every sub-command's module, the Toolbox's composition and the store with all
  its repositories, what every command paid before the command line imported the library
  and its own commands on use (the reference);
- ``cdt --help`` (target < 0.15 s on a quiet machine);
- ``cdt incidents list --limit 10`` (target < 0.4 s on a quiet machine).

Each figure is also given as a ratio to its target and to the eager import measured in the
same run, which a loaded machine disturbs less than the seconds themselves.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The console script the package installs beside the interpreter, as users run it.
CDT = [str(Path(sys.executable).with_name("cdt"))]
TARGETS = {"cdt --help": 0.15, "cdt incidents list --limit 10": 0.4}


# Spelt out rather than derived from `cdt`'s declarations, so the reference stays the same
# whatever the command line defers.
_EAGER_IMPORT = "; ".join(
    f"import cdtoolbox.{module}"
    for module in (
        "toolbox.composition",
        "knowledge.base",
        *(
            f"store.{name}"
            for name in [
                "database",
                "table_dump",
                "account_repository",
                "actor_repository",
                "audit_log",
                "case_repository",
                "cooperation_repository",
                "incident_repository",
                "keyring_repository",
                "pqc_repository",
                "sanction_repository",
                "session_repository",
                "statistics",
                "stix_repository",
                "taxii_repository",
            ]
        ),
        *(
            f"interfaces.cli.{name}"
            for name in [
                "actors",
                "assess",
                "audit",
                "cases",
                "cbms",
                "exchange",
                "incidents",
                "init",
                "keys",
                "pocs",
                "pqc",
                "report",
                "sanctions",
                "serve",
                "taxii",
                "users",
            ]
        ),
    )
)


def _commands() -> dict[str, list[str]]:
    return {
        "python -c pass (floor)": [sys.executable, "-c", "pass"],
        "eager import (reference)": [
            sys.executable,
            "-c",
            _EAGER_IMPORT,
        ],
        "cdt --help": [*CDT, "--help"],
        "cdt incidents list --limit 10": [*CDT, "incidents", "list", "--limit", "10"],
    }


def _run(command: list[str], environment: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=environment, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=15, help="rounds (default 15)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cdt-startup-") as folder:
        environment = {
            **os.environ,
            "CDT_DATABASE_URL": f"sqlite:///{Path(folder) / 'cdtoolbox.db'}",
        }
        subprocess.run([*CDT, "init"], env=environment, check=True, capture_output=True)
        commands = _commands()
        for command in commands.values():  # warm the file cache and the bytecode
            _run(command, environment)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(options.repeats):
            for name, command in commands.items():
                times[name].append(_run(command, environment))
    eager = statistics.median(times["eager import (reference)"])
    print(f"{options.repeats} rounds, seconds per process (median, min-max):")
    for name, samples in times.items():
        median = statistics.median(samples)
        line = f"  {name:<32} {median:6.3f}  ({min(samples):.3f}-{max(samples):.3f})"
        line += f"  {median / eager:5.2f}x the eager import"
        if name in TARGETS:
            line += f", {median / TARGETS[name]:4.2f}x the {TARGETS[name]} s target"
        print(line)


if __name__ == "__main__":
    main()
