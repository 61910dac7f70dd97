"""Calibration: the recommended top tier against the EU's actual response, on real incidents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cdtoolbox.assess import Assessor, CalibrationReport, calibrate
from cdtoolbox.assess.calibration import without_eu_attributions
from cdtoolbox.model import Incident, PartyKind, ResponseTier

DOCS = Path(__file__).parents[2] / "docs" / "assessment.md"
MINIMUM_AGREEMENT = 0.8
MINIMUM_CASES = 20


@pytest.fixture(scope="module")
def report(bundled: dict[str, Incident], assessor: Assessor) -> CalibrationReport:
    return calibrate(list(bundled.values()), assessor)


def _documented_disagreements() -> dict[str, tuple[str, str, str]]:
    """slug → (actual, recommended, phrase the rationale must contain) from the docs table."""
    section = DOCS.read_text(encoding="utf-8").split("### Disagreements", 1)[1]
    rows = {}
    for line in section.split("\n## ", 1)[0].splitlines():
        match = re.match(r'^\| `([a-z0-9-]+)` \| ([a-z-]+) \| ([a-z-]+) \| "([^"]+)" \|', line)
        if match:
            slug, actual, recommended, phrase = match.groups()
            rows[slug] = (actual, recommended, phrase)
    return rows


def test_agreement_with_the_eus_actual_responses(report: CalibrationReport) -> None:
    print("\n" + report.table())
    for case in report.disagreements():
        print(f"  {case.slug}: actual {case.actual.value}, recommended {case.predicted.value}")
    assert len(report.cases) >= MINIMUM_CASES
    assert report.agreement >= MINIMUM_AGREEMENT, report.table()


def test_the_set_covers_every_kind_of_actual_response(report: CalibrationReport) -> None:
    actual = {case.actual for case in report.cases}
    assert {ResponseTier.RESTRICTIVE, ResponseTier.STABILITY, ResponseTier.NONE} <= actual


def test_every_disagreement_is_documented_and_explained_by_its_rationale(
    report: CalibrationReport,
) -> None:
    documented = _documented_disagreements()
    found = {
        case.slug: (case.actual.value, case.predicted.value) for case in report.disagreements()
    }
    assert found == {slug: row[:2] for slug, row in documented.items()}
    for case in report.disagreements():
        assert documented[case.slug][2] in case.rationale, case.slug


def test_the_docs_table_matches_the_confusion_counts(report: CalibrationReport) -> None:
    text = DOCS.read_text(encoding="utf-8")
    counts = report.confusion()
    for actual in ResponseTier:
        cells = " | ".join(str(counts[(actual, predicted)]) for predicted in ResponseTier)
        assert f"| {actual.value} | {cells} |" in text
    agreed = sum(case.agrees for case in report.cases)
    assert (
        f"**{agreed} of {len(report.cases)} ({report.agreement:.1%})**".replace("%", " %") in text
    )


def test_the_eus_own_attributions_are_removed_before_assessing(
    bundled: dict[str, Incident],
) -> None:
    wannacry = bundled["wannacry-2017"]
    before = without_eu_attributions(wannacry)
    assert any(a.party.kind is PartyKind.EU for a in wannacry.attributions)
    assert not any(a.party.kind is PartyKind.EU for a in before.attributions)
    assert len(before.attributions) == len(wannacry.attributions) - 1
    untouched = bundled["dyn-ddos-2016"]
    assert without_eu_attributions(untouched) is untouched


def test_the_table_lists_every_tier_with_the_agreement(report: CalibrationReport) -> None:
    table = report.table()
    for tier in ResponseTier:
        assert tier.value in table
    assert table.splitlines()[-1].startswith("agreement: ")
