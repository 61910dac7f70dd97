"""A process for the crash tests to kill: it writes in a loop and acknowledges each commit.

    python crash_worker.py import URL BUNDLE…   import each bundle, print "ACK <n>" after each
    python crash_worker.py case URL CASE_ID      edit a case's measure m1 forever, "ACK <n>" each

An acknowledgement is printed only after the library call returned, i.e. after COMMIT.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Settings, Toolbox


def _acknowledge(number: int) -> None:
    sys.stdout.write(f"ACK {number}\n")
    sys.stdout.flush()


def import_bundles(url: str, bundles: list[str]) -> None:
    with Toolbox(Settings(url)) as toolbox:
        for number, bundle in enumerate(bundles):
            toolbox.stix.import_bundle(Path(bundle), by=SYSTEM_USER)
            _acknowledge(number)


def edit_case(url: str, case_id: str) -> None:
    with Toolbox(Settings(url)) as toolbox:
        version = toolbox.cases.get(case_id, by=SYSTEM_USER).case.version
        number = 0
        while True:
            case = toolbox.cases.measures.edit(
                case_id,
                "m1",
                by=SYSTEM_USER,
                text=f"edit-{number}",
                justification=f"crash test edit {number}",
                expected_version=version,
            )
            version = case.version
            _acknowledge(number)
            number += 1


if __name__ == "__main__":
    mode, database_url, *rest = sys.argv[1:]
    if mode == "import":
        import_bundles(database_url, rest)
    else:
        edit_case(database_url, rest[0])
