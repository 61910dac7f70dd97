"""Assessment throughput: how many incidents per second the engine assesses.

    python benchmarks/assess_throughput.py [--incidents 10000] [--repeats 3]

Seeds a fresh SQLite database with the bundled dataset plus N generated incidents (through
the Toolbox, so they pass the same validation as any import), then measures, in one run:

- engine: ``Assessor.assess`` + ``assessment_to_dict`` (and, separately, + the
  ``assessment_to_json`` bytes the CLI writes) over every stored incident, with every other
  incident as a precedent, indexed before the clock starts (median of ``--repeats`` runs, one
  core);
- end to end: ``cdt assess --all --json`` as a separate process writing the JSON array to
  /dev/null (knowledge loading, store reads, assessment and serialisation included).

There is no reference implementation of this assessment to compare with, so the ratio printed
is against the issue's target of 2,000 incidents/s on one core.
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
from cdtoolbox.model import IncidentType
from cdtoolbox.toolbox import DATABASE_URL_VARIABLE, Settings, Toolbox

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
            toolbox.incidents.add(documents[start : start + 1000], source="benchmark")


def engine_rate(
    url: str, repeats: int, serialise: Callable[[Assessment], object]
) -> tuple[int, list[float]]:
    with Toolbox(Settings(url)) as toolbox:
        incidents = list(toolbox.assessments._stored_incidents())
        knowledge = load_knowledge()
    gc.freeze()  # the knowledge base is long-lived: keep the collector from rescanning it
    assessor = Assessor(knowledge)
    rates = []
    for _ in range(repeats):
        # A fresh index per run: facts derived while indexing are kept with it, and a second
        # run over the same index would find them ready.
        index = assessor.index(assessor.precedents_from(incidents))
        started = time.perf_counter()
        for incident in incidents:
            serialise(assessor.assess(incident, index))
        rates.append(len(incidents) / (time.perf_counter() - started))
    return len(incidents), rates


def end_to_end_rate(url: str, count: int, repeats: int) -> list[float]:
    cdt = Path(sys.executable).with_name("cdt")
    environment = {**os.environ, DATABASE_URL_VARIABLE: url}
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        with open(os.devnull, "wb") as sink:
            subprocess.run(
                [str(cdt), "assess", "--all", "--json"], stdout=sink, env=environment, check=True
            )
        rates.append(count / (time.perf_counter() - started))
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        started = time.perf_counter()
        seed(url, options.incidents)
        seconds = time.perf_counter() - started
        print(f"seeded {options.incidents} generated incidents in {seconds:.1f} s")
        count, engine = engine_rate(url, options.repeats, assessment_to_dict)
        _, engine_json = engine_rate(url, options.repeats, assessment_to_json)
        end_to_end = end_to_end_rate(url, count, options.repeats)
    for label, rates in (
        ("engine (assess + to_dict)", engine),
        ("engine (assess + to_json)", engine_json),
        ("cdt assess --all --json", end_to_end),
    ):
        median = statistics.median(rates)
        print(
            f"{label:28} {count} incidents: median {median:,.0f}/s "
            f"(runs: {', '.join(f'{r:,.0f}' for r in rates)}); "
            f"ratio to the {TARGET_PER_SECOND:,}/s target: {median / TARGET_PER_SECOND:.2f}"
        )


if __name__ == "__main__":
    main()
