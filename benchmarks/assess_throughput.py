"""Assessment throughput: how many incidents per second the engine assesses.

    python benchmarks/assess_throughput.py [--incidents 10000] [--repeats 3]

Seeds a fresh SQLite database with the bundled dataset plus N generated incidents (through
the Toolbox, so they pass the same validation as any import), then measures, in one run:

- engine: ``Assessor.assess`` + ``assessment_to_dict`` (and, separately, + the
  ``assessment_to_json`` bytes the CLI writes) over every stored incident, with every other
  incident as a precedent, indexed before the clock starts, without the cycle collector (as
  the CLI runs), on one core;
- end to end: ``cdt assess --all --json`` as a separate process writing the JSON array to
  /dev/null (start-up, knowledge loading, store reads, indexing, assessment and serialisation
  included); it assesses a large store on every core it may use (the number is printed), so
  on a machine busy with other work it gains less than the cores promise.

The three are measured in turn, ``--repeats`` rounds; each is reported as the median of its
runs. There is no reference implementation of this assessment to compare with, so the ratio
printed is against the issue's target of 2,000 incidents/s; the end-to-end figure is also
given as a share of the engine's in the same round, which a busy machine disturbs less than
either figure.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cdtoolbox.assess import Assessment, Assessor, assessment_to_dict, assessment_to_json
from cdtoolbox.knowledge import load_knowledge
from cdtoolbox.model import Incident, IncidentType
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import DATABASE_URL_VARIABLE, Settings, Toolbox
from cdtoolbox.toolbox.assessment_batch import available_cores

TARGET_PER_SECOND = 2_000
SEED = 2026


def generated_documents(count: int, actors: list[str], countries: list[str], sectors: list[str]):  # type: ignore[no-untyped-def]
    rng = random.Random(SEED)
    kinds = [kind.value for kind in IncidentType]
    for number in range(count):
        year = rng.randint(2005, 2026)
        attributions = [
            {
                "by": {
                    "kind": "state",
                    "name": rng.choice(["United Kingdom", "United States", "Germany"]),
                },
                "actor": rng.choice(actors),
                "state": rng.choice(["RU", "CN", "KP", "IR"]),
                "date": f"{year}-{rng.randint(1, 12):02d}",
                "confidence": rng.choice(["low", "moderate", "high"]),
                "basis": [rng.choice(["technical", "political", "legal"])],
                "perpetrators": [f"Person {rng.randint(1, 400)}"] if rng.random() < 0.2 else [],
            }
            for _ in range(rng.randint(0, 2))
        ]
        yield {
            "title": f"Generated incident {number}",
            "summary": "A generated incident for the assessment benchmark.",
            "start": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "types": rng.sample(kinds, rng.randint(1, 3)),
            "victims": {
                "countries": rng.sample(countries, rng.randint(1, 3)),
                "sectors": rng.sample(sectors, rng.randint(0, 2)),
            },
            "actors": rng.sample(actors, rng.randint(0, 1)),
            "attributions": attributions,
            "impact": {
                "people_affected": rng.choice([None, rng.randint(10, 10_000_000)]),
                "outage_hours": rng.choice([None, round(rng.random() * 72, 1)]),
                "financial_loss_usd": rng.choice([None, rng.randint(10_000, 10**9)]),
            },
            "sources": [{"title": "Generated source", "url": f"https://example.org/{number}"}],
        }


def seed(url: str, count: int) -> None:
    with Toolbox(Settings(url)) as toolbox:
        toolbox.init()
        knowledge = toolbox.knowledge
        actors = [a.name for a in knowledge.actors.all() if a.sponsor][:200]
        countries = [c.code for c in knowledge.countries.all()]
        sectors = [s.id for s in knowledge.sectors.all()]
        documents = list(generated_documents(count, actors, countries, sectors))
        for start in range(0, count, 1000):
            toolbox.incidents.add(
                documents[start : start + 1000], source="benchmark", by=SYSTEM_USER
            )


def engine_rate(
    assessor: Assessor, incidents: list[Incident], serialise: Callable[[Assessment], object]
) -> float:
    # A fresh index per run: facts and severities derived while indexing are kept with it,
    # and a second run over the same index would find them ready.
    index = assessor.index(assessor.precedents_from(incidents))
    # Without the cycle collector, as `cdt assess --all` runs.
    gc.disable()
    try:
        started = time.perf_counter()
        for incident in incidents:
            serialise(assessor.assess(incident, index))
        return len(incidents) / (time.perf_counter() - started)
    finally:
        gc.enable()


def end_to_end_rate(url: str, count: int) -> float:
    cdt = Path(sys.executable).with_name("cdt")
    environment = {**os.environ, DATABASE_URL_VARIABLE: url}
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        subprocess.run(
            [str(cdt), "assess", "--all", "--json"], stdout=sink, env=environment, check=True
        )
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    labels = ("engine (assess + to_dict)", "engine (assess + to_json)", "cdt assess --all --json")
    rates: dict[str, list[float]] = {label: [] for label in labels}
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        started = time.perf_counter()
        seed(url, options.incidents)
        seconds = time.perf_counter() - started
        print(f"seeded {options.incidents} generated incidents in {seconds:.1f} s")
        with Toolbox(Settings(url)) as toolbox:
            incidents = list(toolbox.assessments._stored_incidents(None))
        assessor = Assessor(load_knowledge())
        gc.freeze()  # the knowledge base is long-lived: keep the collector from rescanning it
        # The three measures taken in turn, round after round, so that a busy spell on a shared
        # machine weighs on all three alike and their ratio stays meaningful.
        for _ in range(options.repeats):
            rates[labels[0]].append(engine_rate(assessor, incidents, assessment_to_dict))
            rates[labels[1]].append(engine_rate(assessor, incidents, assessment_to_json))
            rates[labels[2]].append(end_to_end_rate(url, len(incidents)))
    print(f"cores available to `cdt assess --all --json`: {available_cores()}")
    for label in labels:
        median = statistics.median(rates[label])
        print(
            f"{label:28} {len(incidents)} incidents: median {median:,.0f}/s "
            f"(runs: {', '.join(f'{r:,.0f}' for r in rates[label])}); "
            f"ratio to the {TARGET_PER_SECOND:,}/s target: {median / TARGET_PER_SECOND:.2f}"
        )
    shares = [
        whole / engine for whole, engine in zip(rates[labels[2]], rates[labels[1]], strict=True)
    ]
    print(
        f"{'end to end / engine (json)':28} median {statistics.median(shares):.2f} "
        f"(rounds: {', '.join(f'{share:.2f}' for share in shares)})"
    )


if __name__ == "__main__":
    main()
