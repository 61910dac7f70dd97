"""The statement extraction benchmark runs, and scores as it says (not a timed test)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "statement_extraction.py"


@pytest.fixture(scope="module")
def benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("statement_extraction", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["statement_extraction"] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def test_precision_recall_and_f1_count_the_sets_read_against_the_expected(
    benchmark: ModuleType,
) -> None:
    score = benchmark.Score()
    score.add({"APT28", "APT29"}, {"APT28", "Sandworm"})
    score.add(set(), {"Turla"})
    assert (score.true_positives, score.false_positives, score.false_negatives) == (1, 1, 2)
    assert score.precision == 0.5 and score.recall == pytest.approx(1 / 3)
    assert score.f1 == pytest.approx(0.4)
    assert benchmark.Score().f1 == 1.0  # nothing expected, nothing read


def test_each_labelled_text_is_padded_to_five_kilobytes(benchmark: ModuleType) -> None:
    text = "Title\n\nFirst paragraph.\n\nSecond paragraph."
    padded = benchmark.padded(text)
    assert len(padded) == 5 * 1024 and padded.startswith(text)


def test_the_labelled_set_has_the_parts_and_languages_the_issue_asks_for(
    benchmark: ModuleType,
) -> None:
    train, test = benchmark.labelled("train"), benchmark.labelled("test")
    everything = train + test
    assert len(everything) >= 30 and len(test) >= 10
    french = [item for item in everything if item.expected["language"] == "fr"]
    assert len(french) >= 10
    assert len([item for item in test if item.expected["language"] == "fr"]) >= 3
    assert {item.path.name for item in train}.isdisjoint({item.path.name for item in test})
    assert all(item.path.is_file() for item in everything)


def test_the_benchmark_runs_on_a_tiny_subset_and_prints_every_field(
    benchmark: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert benchmark.main(["--limit", "2", "--repeats", "1"]) == 0
    printed = capsys.readouterr().out
    assert "train part: 2 statements" in printed and "test part: 2 statements" in printed
    for field in benchmark.FIELDS:
        assert printed.count(f"  {field} ") == 2
    assert "statements/s" in printed
