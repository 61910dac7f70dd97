"""Assessing every incident of a precedent index as JSON, on every core, in order.

Once the index is built, each assessment depends on nothing but its incident, the index and
the cooperation registers' context (read once),
so a long batch is cut into runs of consecutive incidents that worker processes assess and
serialise while this process hands the documents on in order. The workers are forked after
the index is built: they start with the engine and the index already in memory (shared copy
on write), and only the finished JSON bytes travel back. At most a few runs per worker are
under way at once, so a slow reader of the output does not make the batch pile up in memory.

Where forking is not safe (on macOS system libraries may not survive it; Windows has none),
or the batch is too small to repay starting processes, this process assesses every incident
itself. Either way the documents are the same bytes in the same order.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterator
from itertools import islice
from multiprocessing.pool import AsyncResult

from cdtoolbox.assess import Assessor, PrecedentIndex, assessment_to_json
from cdtoolbox.assess.cooperation import CooperationContext
from cdtoolbox.model import Incident

__all__ = ["MIN_PARALLEL", "RUN_LENGTH", "assessed_json", "available_cores"]

# Incidents per task: about a tenth of a second of work, against a millisecond of hand-over.
RUN_LENGTH = 250
# Below this many incidents, starting the workers costs more than they save.
MIN_PARALLEL = 2_000
_RUNS_IN_FLIGHT_PER_WORKER = 2

# What a worker process assesses with, set once in each worker as it starts (never in the
# process that starts them).
_adopted: tuple[Assessor, PrecedentIndex, CooperationContext, list[Incident]] | None = None


def available_cores() -> int:
    """The processor cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def assessed_json(
    assessor: Assessor,
    index: PrecedentIndex,
    cooperation: CooperationContext,
    *,
    processes: int,
    run_length: int = RUN_LENGTH,
    min_parallel: int = MIN_PARALLEL,
) -> Iterator[bytes]:
    """``assessment_to_json`` of the assessment of every precedent of ``index`` (against the
    index and ``cooperation``), in the index's order; with up to ``processes`` worker
    processes when there are at least ``min_parallel`` incidents."""
    incidents = [precedent.incident for precedent in index]
    if processes < 2 or len(incidents) < max(min_parallel, 2) or sys.platform != "linux":
        for incident in incidents:
            yield assessment_to_json(assessor.assess(incident, index, cooperation))
        return
    runs = iter(
        [
            (start, min(start + run_length, len(incidents)))
            for start in range(0, len(incidents), run_length)
        ]
    )
    workers = min(processes, -(-len(incidents) // run_length))
    context = multiprocessing.get_context("fork")
    # With fork, the initializer's arguments reach the workers in memory, never pickled.
    with context.Pool(
        workers, initializer=_adopt, initargs=(assessor, index, cooperation, incidents)
    ) as pool:
        pending: deque[AsyncResult[list[bytes]]] = deque(
            pool.apply_async(_assess_run, run)
            for run in islice(runs, workers * _RUNS_IN_FLIGHT_PER_WORKER)
        )
        while pending:
            documents = pending.popleft().get()
            following = next(runs, None)
            if following is not None:
                pending.append(pool.apply_async(_assess_run, following))
            yield from documents


def _adopt(
    assessor: Assessor,
    index: PrecedentIndex,
    cooperation: CooperationContext,
    incidents: list[Incident],
) -> None:
    global _adopted
    _adopted = (assessor, index, cooperation, incidents)


def _assess_run(start: int, stop: int) -> list[bytes]:
    assert _adopted is not None, "run in a worker started by assessed_json"
    assessor, index, cooperation, incidents = _adopted
    return [
        assessment_to_json(assessor.assess(incidents[n], index, cooperation))
        for n in range(start, stop)
    ]
