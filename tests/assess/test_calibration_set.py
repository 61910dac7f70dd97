"""Calibration against a hand-coded set: the loader, the split rule fixed before tuning, the
rank correlation and the agreement on the level of response (on a small fixture set)."""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import pytest

from cdtoolbox.assess import Assessor, calibrate_set, held_out_slugs, spearman
from cdtoolbox.assess.calibration import average_ranks
from cdtoolbox.assess.cues import Cue
from cdtoolbox.errors import ImportRejected
from cdtoolbox.ingest.calibration_set import LABEL_COLUMNS, SPLIT_FILE, read_calibration_set
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import ResponseLevel, SeverityLevel

FIXTURE = Path(__file__).parent / "data" / "calibration"
REPOSITORY_SET = Path(__file__).parents[1] / "data" / "calibration"


def test_average_ranks_share_ties() -> None:
    assert average_ranks([10, 20, 20, 30]) == [1.0, 2.5, 2.5, 4.0]
    assert average_ranks([3, 1, 2]) == [3.0, 1.0, 2.0]
    assert average_ranks([5, 5, 5]) == [2.0, 2.0, 2.0]


@pytest.mark.parametrize(
    ("xs", "ys", "expected"),
    [
        ([1, 2, 3, 4, 5], [5, 6, 7, 8, 9], 1.0),
        ([1, 2, 3, 4, 5], [9, 8, 7, 6, 5], -1.0),
        # No ties: 1 - 6 * sum(d²) / (n (n² - 1)) with d = (0, -2, 1, 1): 1 - 36/60.
        ([1, 2, 3, 4], [1, 4, 2, 3], 0.4),
        # Ties: ranks x = (1.5, 1.5, 3, 4), y = (1, 2.5, 2.5, 4); Pearson of the ranks by
        # hand: covariance 3.75 over sqrt(4.5) * sqrt(4.5) = 0.8333.
        ([1, 1, 2, 3], [1, 2, 2, 3], 3.75 / 4.5),
    ],
)
def test_spearman_against_hand_computed_values(
    xs: list[float], ys: list[float], expected: float
) -> None:
    rho = spearman(xs, ys)
    assert rho is not None and math.isclose(rho, expected, abs_tol=1e-12)


def test_spearman_is_undefined_for_constant_or_tiny_series() -> None:
    assert spearman([1, 1, 1], [1, 2, 3]) is None
    assert spearman([1], [2]) is None
    with pytest.raises(ValueError):
        spearman([1, 2], [1])


def _first_byte(slug: str) -> int:
    return hashlib.sha256(slug.encode("utf-8")).digest()[0]


def test_a_slug_outside_the_frozen_parts_is_held_out_by_its_digest_alone() -> None:
    slugs = [f"cal-incident-{number}" for number in range(60)]
    held_out = held_out_slugs(slugs)
    assert held_out == {slug for slug in slugs if _first_byte(slug) < 0x55}
    # Content-blind and about a third: the digest rule, not a count, decides.
    assert 0 < len(held_out) < len(slugs) / 2
    # Stable under addition: no slug changes part when others are added or reordered.
    more = [f"cal-added-{number}" for number in range(40)]
    assert held_out_slugs([*reversed(slugs), *more]) & set(slugs) == held_out


def test_the_frozen_parts_override_the_digest_rule() -> None:
    low = next(s for s in (f"cal-x-{n}" for n in range(100)) if _first_byte(s) < 0x55)
    high = next(s for s in (f"cal-x-{n}" for n in range(100)) if _first_byte(s) >= 0x55)
    frozen = {low: "train", high: "test"}
    assert held_out_slugs([low, high], frozen) == {high}
    assert held_out_slugs([low, high]) == {low}


def test_the_repositorys_frozen_split_keeps_its_parts(knowledge: KnowledgeBase) -> None:
    """The parts frozen before incidents were added: 61 held out of the first 183, and every
    later incident parted by its digest alone."""
    calibration_set = read_calibration_set(REPOSITORY_SET, knowledge)
    frozen = calibration_set.frozen_parts
    assert len(frozen) == 183 and sum(part == "test" for part in frozen.values()) == 61
    slugs = [incident.slug for incident in calibration_set.incidents]
    held_out = held_out_slugs(slugs, frozen)
    for slug in slugs:
        expected = frozen[slug] == "test" if slug in frozen else _first_byte(slug) < 0x55
        assert (slug in held_out) is expected, slug


def test_a_broken_split_file_is_refused_with_every_error(
    knowledge: KnowledgeBase, tmp_path: Path
) -> None:
    folder = _copy_fixture(tmp_path, (FIXTURE / "fixture-labels.csv").read_text(encoding="utf-8"))
    (folder / SPLIT_FILE).write_text(
        "slug,part\nfix-kaseya-2021,held\nfix-kaseya-2021,test\ncal-nowhere-2020,train\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as raised:
        read_calibration_set(folder, knowledge)
    message = str(raised.value)
    assert "'held' is not one of: train, test" in message
    assert "cal-nowhere-2020" in message and "names no incident" in message
    (folder / SPLIT_FILE).write_text("slug,side\n", encoding="utf-8")
    with pytest.raises(ImportRejected, match="must be the header slug,part"):
        read_calibration_set(folder, knowledge)


def test_a_calibration_folder_is_read_with_its_labels(knowledge: KnowledgeBase) -> None:
    calibration_set = read_calibration_set(FIXTURE, knowledge)
    slugs = [incident.slug for incident in calibration_set.incidents]
    assert len(slugs) == 6 and set(slugs) == set(calibration_set.labels)
    assert all(
        incident.id == f"calibration:{incident.slug}" for incident in calibration_set.incidents
    )
    label = calibration_set.labels["fix-estonia-ddos-2007"]
    assert (label.severity, label.response_level) == (SeverityLevel.HIGH, ResponseLevel.NATIONAL)
    assert calibration_set.labels["fix-pegasus-hungary-2021"].response_level is None  # unknown


def _copy_fixture(folder: Path, labels: str) -> Path:
    (folder / "region.yaml").write_text(
        (FIXTURE / "fixture.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (folder / "region-labels.csv").write_text(labels, encoding="utf-8")
    return folder


def test_every_label_error_is_reported_together(knowledge: KnowledgeBase, tmp_path: Path) -> None:
    rows = (FIXTURE / "fixture-labels.csv").read_text(encoding="utf-8").splitlines()
    broken = [
        rows[0],
        rows[1].replace(",severe,", ",extreme,"),
        rows[2].replace(",none,", ",sanctions,"),
        *rows[4:],  # the Estonian incident has no label
        "cal-nowhere-2020,low,none,x,https://example.org,",
    ]
    with pytest.raises(ImportRejected) as raised:
        read_calibration_set(_copy_fixture(tmp_path, "\n".join(broken) + "\n"), knowledge)
    message = str(raised.value)
    assert "'extreme' is not one of: low, medium, high, severe, critical" in message
    assert "'sanctions' is not one of" in message
    assert "fix-estonia-ddos-2007" in message and "has no label" in message
    assert "cal-nowhere-2020" in message and "labels no incident" in message


def test_a_wrong_header_or_a_missing_labels_file_is_refused(
    knowledge: KnowledgeBase, tmp_path: Path
) -> None:
    with pytest.raises(ImportRejected, match="must be the header"):
        read_calibration_set(_copy_fixture(tmp_path, "slug,band\n"), knowledge)
    (tmp_path / "region-labels.csv").unlink()
    with pytest.raises(ImportRejected, match=r"region-labels\.csv"):
        read_calibration_set(tmp_path, knowledge)
    assert LABEL_COLUMNS[0] == "slug"


def test_the_report_scores_each_part_separately(
    knowledge: KnowledgeBase, assessor: Assessor
) -> None:
    report = calibrate_set(read_calibration_set(FIXTURE, knowledge), assessor)
    assert {case.slug for case in report.cases if case.part == "test"} == {
        "fix-kaseya-2021",
        "fix-pegasus-hungary-2021",
    }  # frozen in the fixture's split.csv; the digest rule would hold out none of its six
    train, test = report.part("train"), report.part("test")
    assert train.incidents + test.incidents == 6 and test.incidents == 2
    # Frozen (split.csv: two test slugs, one train slug) apart from those parted by digest.
    assert report.part("test", frozen=True).incidents == 2
    assert report.part("test", frozen=False).incidents == 0
    assert report.part("train", frozen=True).incidents == 1
    assert report.part("train", frozen=False).incidents == 3
    # "unknown" responses are not scored.
    unknown = sum(case.coded_response is None for case in report.cases if case.part == "test")
    assert test.scored == test.incidents - unknown
    for part in (train, test):
        cases = [case for case in report.cases if case.part == part.part]
        agreed = sum(case.response is case.coded_response for case in cases)
        assert part.agreed == agreed
        expected = spearman(
            [case.coded_severity.rank for case in cases], [case.severity.rank for case in cases]
        )
        assert part.spearman == expected


DOCS = Path(__file__).parents[2] / "docs" / "assessment.md"


def test_the_docs_state_the_results_on_the_repositorys_calibration_set(
    knowledge: KnowledgeBase, assessor: Assessor
) -> None:
    """The figures published in docs/assessment.md are those the engine gives (aggregates
    only: per-incident test-part results are never shown)."""
    report = calibrate_set(read_calibration_set(REPOSITORY_SET, knowledge), assessor)
    text = DOCS.read_text(encoding="utf-8")
    for name, part in (
        ("train", report.part("train")),
        ("test", report.part("test")),
        ("test, frozen", report.part("test", frozen=True)),
        ("test, added", report.part("test", frozen=False)),
    ):
        assert part.spearman is not None and part.agreement is not None
        row = (
            f"| {name} | {part.incidents} | {part.spearman:.3f} | {part.agreed} of "
            f"{part.scored} ({part.agreement:.1%}) |"
        ).replace("%", " %")
        assert row in text, name
    assert f"{len(report.cases)} incidents of 2007" in text


def test_the_docs_name_every_cue() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert all(f"`{cue.value}`" in text for cue in Cue)
