"""PQC tracker benchmark: reading a large CycloneDX 1.6 CBOM, and importing it.

    python benchmarks/pqc_import.py [--assets 5000] [--repeats 3]

Builds a CBOM of ``--assets`` algorithm components (a mix of RSA, ECDSA, AES and ML-KEM, each
used by one library) and measures, each the median of ``--repeats`` runs in this process:

- read: ``formats.cbom.read_cbom`` (JSON, the CycloneDX 1.6 schema, the component model);
- import: ``toolbox.pqc.import_file`` into a new SQLite database (reading, resolving the
  Member State and sector, one transaction replacing the inventory, one audit entry);
- classify: ``toolbox.pqc.progress`` over the imported inventory.

Prints the seconds of each. Not a test: nothing here asserts a target.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cdtoolbox.formats.cbom import read_cbom
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Settings, Toolbox

_NAMES = ("RSA-2048", "ECDSA P-256", "AES-128-GCM", "AES-256-GCM", "ML-KEM-768")


def median_seconds(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cbom(assets: int) -> bytes:
    components: list[dict[str, object]] = [
        {"type": "library", "name": "OpenSSL", "version": "3.0.13", "bom-ref": "openssl"}
    ]
    for number in range(assets):
        components.append(
            {
                "type": "cryptographic-asset",
                "name": _NAMES[number % len(_NAMES)],
                "bom-ref": f"algorithm-{number}",
                "cryptoProperties": {"assetType": "algorithm"},
                "properties": [{"name": "cdtoolbox:pqc:data-lifetime-years", "value": "20"}],
            }
        )
    document = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "metadata": {"component": {"type": "application", "name": "Benchmark system"}},
        "components": components,
        "dependencies": [
            {"ref": "openssl", "dependsOn": [f"algorithm-{n}" for n in range(assets)]}
        ],
    }
    return json.dumps(document).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    data = cbom(options.assets)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "inventory.cdx.json"
        path.write_bytes(data)
        read = median_seconds(lambda: read_cbom(data, "benchmark"), options.repeats)
        with Toolbox(Settings(f"sqlite:///{Path(folder) / 'cdt.sqlite3'}")) as toolbox:
            toolbox.database.migrate()
            imported = median_seconds(
                lambda: toolbox.pqc.import_file(
                    path, organisation="Benchmark", member_state="DE", by=SYSTEM_USER
                ),
                options.repeats,
            )
            progress = median_seconds(lambda: toolbox.pqc.progress(by=SYSTEM_USER), options.repeats)
    print(f"{options.assets} assets ({len(data) / 1e6:.1f} MB)")
    print(f"read     {read:.2f} s")
    print(f"import   {imported:.2f} s")
    print(f"classify {progress:.2f} s (progress over the inventory)")


if __name__ == "__main__":
    main()
