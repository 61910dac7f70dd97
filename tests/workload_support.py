"""The project's STIX workload generator, ``benchmarks/stix_workload.py``, for the tests.

``benchmarks/`` is no package: the module is loaded by its path inside this repository, so a
test finds it whatever the current directory, and nothing outside the clone is read.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPOSITORY = Path(__file__).resolve().parents[1]
WORKLOAD_SCRIPT = REPOSITORY / "benchmarks" / "stix_workload.py"


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    # Registered before it runs, as an import would: its dataclasses look themselves up there.
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


stix_workload = sys.modules.get("stix_workload") or _load("stix_workload", WORKLOAD_SCRIPT)


def write_workload(path: Path, count: int, seed: int) -> Path:
    """A workload bundle of ``count`` objects written to ``path``."""
    with path.open("w", encoding="utf-8") as out:
        stix_workload.generate(count, seed, out)
    return path
