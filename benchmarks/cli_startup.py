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
same run, which a loaded machine disturbs less than the seconds themselves, and with the
processor time the process used (user + system), which waiting for a busy processor does not
add to. The commands run from compiled modules, as an installed package does
(``PYTHONDONTWRITEBYTECODE`` is lifted for them and the bytecode cached in the scratch folder
by the untimed first round); ``--compile-each-run`` keeps the caller's setting instead.

With ``--before FOLDER`` (the ``src`` folder of another version, e.g. extracted with
``git archive``), both ``cdt`` commands also run from that code, in the same rounds, right
after the same commands of this one: a before-and-after comparison that a busy spell of the
machine disturbs alike. The store is the one this version's ``cdt init`` made.

Then each command runs ``--import-rounds`` times more with ``-X importtime``: the sum of its
modules' own import times (each module's least over the rounds, so a busy spell does not
count) and the packages that took most of it show where the start-up goes.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import resource
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


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(command: list[str], environment: dict[str, str]) -> tuple[float, float]:
    """Seconds from spawn to exit, and the processor seconds the process used."""
    used = _children_cpu()
    started = time.perf_counter()
    subprocess.run(command, env=environment, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started, _children_cpu() - used


# One line of `-X importtime`: "import time: <self us> | <cumulative us> | <indent><module>".
_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)")


def _import_times(command: list[str], environment: dict[str, str], rounds: int) -> dict[str, int]:
    """Each module's own import time in microseconds, the least over ``rounds`` runs."""
    least: dict[str, int] = {}
    for _ in range(rounds):
        done = subprocess.run(
            command,
            env={**environment, "PYTHONPROFILEIMPORTTIME": "1"},
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for match in _IMPORT_LINE.finditer(done.stderr):
            module, microseconds = match[2], int(match[1])
            least[module] = min(microseconds, least.get(module, microseconds))
    return least


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=15, help="rounds (default 15)")
    parser.add_argument(
        "--import-rounds",
        type=int,
        default=5,
        help="runs of each command with -X importtime (default 5; 0: none)",
    )
    parser.add_argument(
        "--compile-each-run",
        action="store_true",
        help="keep PYTHONDONTWRITEBYTECODE as set, so a process may compile what it imports",
    )
    parser.add_argument(
        "--before",
        type=Path,
        help="the src folder of another version, whose cdt commands run in the same rounds",
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cdt-startup-") as folder:
        environment = {
            **os.environ,
            "CDT_DATABASE_URL": f"sqlite:///{Path(folder) / 'cdtoolbox.db'}",
        }
        if not options.compile_each_run:
            environment["PYTHONPYCACHEPREFIX"] = str(Path(folder) / "bytecode")
            environment.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run([*CDT, "init"], env=environment, check=True, capture_output=True)
        runs = {name: (command, environment) for name, command in _commands().items()}
        if options.before is not None:
            before = {**environment, "PYTHONPATH": str(options.before.resolve())}
            for name in TARGETS:
                runs[f"{name} (before)"] = (runs[name][0], before)
        for command, variables in runs.values():  # warm the file cache and the bytecode
            _run(command, variables)
        times: dict[str, list[float]] = {name: [] for name in runs}
        cpu: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(options.repeats):
            for name, (command, variables) in runs.items():
                seconds, processor = _run(command, variables)
                times[name].append(seconds)
                cpu[name].append(processor)
        imports = {
            name: _import_times(command, variables, options.import_rounds)
            for name, (command, variables) in runs.items()
            if options.import_rounds
        }
    bytecode = "compiled when imported" if options.compile_each_run else "bytecode cached"
    eager = statistics.median(times["eager import (reference)"])
    print(f"{options.repeats} rounds ({bytecode}), seconds per process (median, min-max):")
    for name, samples in times.items():
        median = statistics.median(samples)
        line = f"  {name:<40} {median:6.3f}  ({min(samples):.3f}-{max(samples):.3f})"
        line += f"  processor {statistics.median(cpu[name]):.3f}"
        line += f"  {median / eager:5.2f}x the eager import"
        target = TARGETS.get(name.removesuffix(" (before)"))
        if target is not None:
            line += f", {median / target:4.2f}x the {target} s target"
        print(line)
    if imports:
        print(f"import time, each module's least of {options.import_rounds} runs (milliseconds):")
    for name, least in imports.items():
        packages: collections.Counter[str] = collections.Counter()
        for module, microseconds in least.items():
            packages[module.partition(".")[0]] += microseconds
        top = ", ".join(f"{package} {us / 1000:.0f}" for package, us in packages.most_common(6))
        print(f"  {name:<40} {sum(least.values()) / 1000:6.1f} in {len(least)} modules: {top}")


if __name__ == "__main__":
    main()
