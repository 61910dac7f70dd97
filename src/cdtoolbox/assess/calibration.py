"""Calibration: the engine's recommended top tier against the EU's actual response.

Each incident of the calibration set (knowledge ``responses``: the incidents the EU or Member
States answered and those known to have had no response) is assessed as the record stood
before the EU acted: the EU's own attributions — declarations and sanctions listings — are
removed from it and from the precedents, so the engine cannot read the answer from the
question. Dates are not used: the rest of the record is taken as it stands today.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cdtoolbox.assess.engine import Assessor
from cdtoolbox.model import Incident, PartyKind, ResponseTier

__all__ = ["CalibrationCase", "CalibrationReport", "calibrate", "without_eu_attributions"]


@dataclass(frozen=True)
class CalibrationCase:
    slug: str
    title: str
    actual: ResponseTier
    predicted: ResponseTier
    top_option: str
    rationale: str

    @property
    def agrees(self) -> bool:
        return self.actual is self.predicted


@dataclass(frozen=True)
class CalibrationReport:
    cases: tuple[CalibrationCase, ...]

    @property
    def agreement(self) -> float:
        """Share of cases whose predicted tier equals the actual one (0 … 1)."""
        return sum(case.agrees for case in self.cases) / len(self.cases) if self.cases else 0.0

    def confusion(self) -> dict[tuple[ResponseTier, ResponseTier], int]:
        """(actual, predicted) → number of cases, for every pair of tiers."""
        counts = {(actual, predicted): 0 for actual in ResponseTier for predicted in ResponseTier}
        for case in self.cases:
            counts[(case.actual, case.predicted)] += 1
        return counts

    def disagreements(self) -> tuple[CalibrationCase, ...]:
        return tuple(case for case in self.cases if not case.agrees)

    def table(self) -> str:
        """The confusion table as aligned text: rows are actual tiers, columns predicted ones."""
        tiers = list(ResponseTier)
        width = max(len(tier.value) for tier in tiers) + 2
        counts = self.confusion()
        lines = [
            "actual \\ predicted".ljust(width + 8) + "".join(t.value.rjust(width) for t in tiers)
        ]
        for actual in tiers:
            cells = "".join(str(counts[(actual, predicted)]).rjust(width) for predicted in tiers)
            lines.append(actual.value.ljust(width + 8) + cells)
        agreed = sum(case.agrees for case in self.cases)
        lines.append(f"agreement: {agreed}/{len(self.cases)} = {self.agreement:.1%}")
        return "\n".join(lines)


def without_eu_attributions(incident: Incident) -> Incident:
    """The incident as it stood before the EU's own acts: EU attributions removed."""
    kept = tuple(a for a in incident.attributions if a.party.kind is not PartyKind.EU)
    return (
        incident if len(kept) == len(incident.attributions) else incident.evolve(attributions=kept)
    )


def calibrate(incidents: Sequence[Incident], assessor: Assessor) -> CalibrationReport:
    """Assess every calibration incident among ``incidents`` against all the others."""
    responses = assessor.knowledge.responses
    wanted = set(responses.calibration_slugs())
    before = [without_eu_attributions(incident) for incident in incidents]
    index = assessor.index(assessor.precedents_from(before))
    cases = []
    for incident in before:
        if incident.slug not in wanted:
            continue
        assessment = assessor.assess(incident, index)
        recommendation = assessment.recommendation
        cases.append(
            CalibrationCase(
                slug=incident.slug,
                title=incident.title,
                actual=responses.tier_for(incident.slug),
                predicted=recommendation.expected_tier,
                top_option=recommendation.ranked[0].instrument_id if recommendation.ranked else "",
                rationale=recommendation.rationale,
            )
        )
    return CalibrationReport(tuple(cases))
