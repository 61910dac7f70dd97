"""How well and how fast the statement reader reads: per-field precision, recall and F1 on the
labelled statements of tests/data/statements, train and held-out test parts apart, and the
statements read per second.

    .venv/bin/python benchmarks/statement_extraction.py
    .venv/bin/python benchmarks/statement_extraction.py --repeats 9 --limit 3

Scores (micro-averaged over the statements of a part; each field a set per statement):

- actors: canonical actor names; states: the States held responsible at any strength;
  attributions: (State, strength) pairs; instrument, date, language, issuer: one value each
  (precision = recall = accuracy when the reader always answers); norms: 13a…13k; targets:
  countries named as victims.

Throughput: every labelled text padded to 5 KB with its own paragraphs, read on one core by a
reader built beforehand (start-up excluded), the median of ``--repeats`` runs over all of them.
Targets on the test part: F1 ≥ 0.9 for actors, states, instrument and date, ≥ 0.8 for norms;
≥ 200 statements/s. Not a test: nothing here asserts the targets.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cdtoolbox.ingest.bundled import bundled_incident_documents
from cdtoolbox.ingest.statements import IncidentName, IncidentNames, StatementReader
from cdtoolbox.knowledge import load_knowledge
from cdtoolbox.model.statement import StatementReading

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "data" / "statements"
PARTS = ("train", "test")
FIELDS = (
    "actors",
    "states",
    "attributions",
    "instrument",
    "date",
    "norms",
    "targets",
    "language",
    "issuer",
)
TARGETS = {"actors": 0.9, "states": 0.9, "instrument": 0.9, "date": 0.9, "norms": 0.8}
TARGET_PER_SECOND = 200.0
PADDED_CHARACTERS = 5 * 1024


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    def add(self, found: set[str], expected: set[str]) -> None:
        self.true_positives += len(found & expected)
        self.false_positives += len(found - expected)
        self.false_negatives += len(expected - found)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    @property
    def f1(self) -> float:
        both = self.precision + self.recall
        return 2 * self.precision * self.recall / both if both else 0.0


@dataclass(frozen=True)
class Labelled:
    path: Path
    expected: dict[str, Any]


def labelled(part: str, limit: int | None = None) -> list[Labelled]:
    manifest = yaml.safe_load((LABELLED / part / "manifest.yaml").read_text("utf-8"))
    items = [
        Labelled(LABELLED / part / entry["file"], entry["expected"])
        for entry in manifest["statements"]
    ]
    return items[:limit] if limit is not None else items


def found_values(reading: StatementReading) -> dict[str, set[str]]:
    return {
        "actors": {item.id for item in reading.actors},
        "states": set(reading.attributed_states),
        "attributions": {
            f"{item.state}:{item.strength.value}"
            for item in reading.attributions
            if item.state is not None
        },
        "instrument": {reading.instrument.id},
        "date": {reading.date.value.isoformat()} if reading.date else set(),
        "norms": {item.id for item in reading.norms},
        "targets": {item.id for item in reading.targets.countries},
        "language": {reading.language} if reading.language else set(),
        "issuer": {reading.issuer.kind.value},
    }


def expected_values(expected: dict[str, Any]) -> dict[str, set[str]]:
    attributions = expected.get("attributions") or []
    return {
        "actors": set(expected.get("actors") or []),
        "states": {item["state"] for item in attributions if item.get("strength") != "none"},
        "attributions": {f"{item['state']}:{item['strength']}" for item in attributions},
        "instrument": {expected["instrument"]},
        "date": {str(expected["date"])} if expected.get("date") else set(),
        "norms": {str(norm) for norm in expected.get("norms") or []},
        "targets": set(expected.get("targets") or []),
        "language": {expected["language"]},
        "issuer": {expected["issuer"]},
    }


def score_part(
    reader: StatementReader, incidents: IncidentNames, items: Iterable[Labelled]
) -> tuple[dict[str, Score], list[str]]:
    """The scores of a part, and one line per statement where a field was read wrong."""
    scores = {name: Score() for name in FIELDS}
    misses: list[str] = []
    for item in items:
        reading = reader.read(item.path.read_text("utf-8"), incidents)
        found = found_values(reading)
        expected = expected_values(item.expected)
        for name in FIELDS:
            scores[name].add(found[name], expected[name])
            if found[name] != expected[name]:
                misses.append(
                    f"{item.path.name}: {name} read {sorted(found[name])}, "
                    f"expected {sorted(expected[name])}"
                )
    return scores, misses


def padded(text: str, size: int = PADDED_CHARACTERS) -> str:
    """``text`` grown to ``size`` characters by repeating its paragraphs after the first."""
    paragraphs = text.split("\n\n")
    body = paragraphs[1:] or paragraphs
    grown = text
    index = 0
    while len(grown) < size:
        grown += "\n\n" + body[index % len(body)]
        index += 1
    return grown[:size]


def per_second(
    reader: StatementReader, incidents: IncidentNames, texts: Sequence[str], repeats: int
) -> tuple[float, float]:
    """Statements read per second of wall-clock time and per second of this process's CPU
    time (the second does not count the time other processes took the core away)."""
    wall, cpu = [], []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        for text in texts:
            reader.read(text, incidents)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return len(texts) / statistics.median(wall), len(texts) / statistics.median(cpu)


def incident_names(reader: StatementReader) -> IncidentNames:
    return reader.incident_names(
        IncidentName(str(document["slug"]), str(document["title"]))
        for document in bundled_incident_documents()
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="throughput runs (median)")
    parser.add_argument("--limit", type=int, default=None, help="statements per part")
    parser.add_argument("--misses", action="store_true", help="list the fields read wrong")
    parser.add_argument(
        "--part", choices=PARTS, action="append", help="score only this part (repeatable)"
    )
    arguments = parser.parse_args(argv)

    started = time.perf_counter()
    reader = StatementReader.from_knowledge(load_knowledge())
    incidents = incident_names(reader)
    reader.read("Warm-up: Declaration by the High Representative, 1 May 2024.", incidents)
    print(f"start-up (knowledge, automaton, models): {time.perf_counter() - started:.2f} s")

    texts: list[str] = []
    for part in arguments.part or PARTS:
        items = labelled(part, arguments.limit)
        scores, misses = score_part(reader, incidents, items)
        print(f"\n{part} part: {len(items)} statements")
        print(f"  {'field':<13} {'precision':>9} {'recall':>7} {'F1':>6}  target")
        for name in FIELDS:
            score = scores[name]
            target = TARGETS.get(name)
            mark = ""
            if target is not None and part == "test":
                mark = f"≥ {target:.1f} {'met' if score.f1 >= target else 'NOT met'}"
            print(
                f"  {name:<13} {score.precision:>9.3f} {score.recall:>7.3f} "
                f"{score.f1:>6.3f}  {mark}"
            )
        if arguments.misses:
            for line in misses:
                print(f"    miss: {line}")
        texts.extend(padded(item.path.read_text("utf-8")) for item in items)

    rate, cpu_rate = per_second(reader, incidents, texts, arguments.repeats)
    verdict = "met" if rate >= TARGET_PER_SECOND else "NOT met"
    print(
        f"\nthroughput: {rate:.0f} statements/s wall-clock ({cpu_rate:.0f} per CPU second) on "
        f"{len(texts)} texts of {PADDED_CHARACTERS // 1024} KB, one core, median of "
        f"{arguments.repeats} (target ≥ {TARGET_PER_SECOND:.0f}: {verdict})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
