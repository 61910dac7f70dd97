"""Calibration: the engine against what actually happened and what expert coders judged.

**The EU's actual responses.** The engine's recommended top tier against the EU's response.

Each incident of the calibration set (knowledge ``responses``: the incidents the EU or Member
States answered and those known to have had no response) is assessed as the record stood
before the EU acted: the EU's own attributions — declarations and sanctions listings — are
removed from it and from the precedents, and the sanctions register's listings that cite any
calibration incident are left out, so the engine cannot read the answer from the question.
Dates are not used: the rest of the record is taken as it stands today.

**A hand-coded calibration set** (``calibrate_set``): real incidents recorded sparsely, as
research repositories record them, each labelled by a coder with a severity band and the
actual level of response (codebook in docs/assessment.md). Severity is scored by Spearman's
rank correlation, the level of response by agreement, separately on a train part (the only
one tuning may look at) and a test part fixed in advance by ``SPLIT_RULE``.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from cdtoolbox.assess.engine import Assessor
from cdtoolbox.model import (
    CalibrationSet,
    Incident,
    PartyKind,
    ResponseLevel,
    ResponseTier,
    SeverityLevel,
)
from cdtoolbox.model.calibration import SPLIT_RULE

__all__ = [
    "SPLIT_RULE",
    "CalibrationCase",
    "CalibrationReport",
    "LabelledCase",
    "PartScore",
    "SetCalibrationReport",
    "average_ranks",
    "calibrate",
    "calibrate_set",
    "held_out_slugs",
    "spearman",
    "without_eu_attributions",
]


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
    # Listings citing a calibration incident are the EU's act on it, like its attributions.
    assessor = assessor.with_listings(
        listing for listing in assessor.listings if not wanted.intersection(listing.incidents)
    )
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


# --- A calibration set of hand-coded incidents (tests/data/calibration) ----------------------


#: A slug not in the frozen parts is held out iff its digest's first byte is below this: 0x55
#: of 0x100 values, one third of the space.
_HELD_OUT_BELOW = 0x55


def held_out_slugs(
    slugs: Iterable[str], frozen_parts: Mapping[str, str] | None = None
) -> frozenset[str]:
    """The slugs held out from tuning (``SPLIT_RULE``): deterministic, content-blind, and
    stable as slugs are added: each slug's part depends on that slug and the frozen list only."""
    frozen = frozen_parts or {}
    return frozenset(
        slug
        for slug in slugs
        if (
            frozen[slug] == "test"
            if slug in frozen
            else hashlib.sha256(slug.encode("utf-8")).digest()[0] < _HELD_OUT_BELOW
        )
    )


def average_ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks; tied values share the mean of the ranks they span."""
    order = sorted(range(len(values)), key=lambda index: values[index])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            ranks[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman's rank correlation with average ranks for ties (the Pearson correlation of
    the ranks); None when it is undefined (fewer than two pairs, or a constant series)."""
    if len(xs) != len(ys):
        raise ValueError("spearman needs two series of the same length")
    if len(xs) < 2:
        return None
    rx, ry = average_ranks(xs), average_ranks(ys)
    mean_x, mean_y = sum(rx) / len(rx), sum(ry) / len(ry)
    covariance = sum((a - mean_x) * (b - mean_y) for a, b in zip(rx, ry, strict=True))
    spread_x = math.sqrt(sum((a - mean_x) ** 2 for a in rx))
    spread_y = math.sqrt(sum((b - mean_y) ** 2 for b in ry))
    if spread_x == 0 or spread_y == 0:
        return None
    return covariance / (spread_x * spread_y)


@dataclass(frozen=True)
class LabelledCase:
    """One incident of a calibration set: the coder's labels beside the engine's results."""

    slug: str
    part: str  # "train" or "test"
    coded_severity: SeverityLevel
    severity: SeverityLevel  # the engine's most likely level
    coded_response: ResponseLevel | None  # None: the coder could not tell
    response: ResponseLevel
    rule: str  # the response-level rule that decided
    frozen: bool = False  # its part was fixed by the set's frozen list, not by its digest


@dataclass(frozen=True)
class PartScore:
    """Rank correlation of severity and agreement on the level of response, on one part."""

    part: str
    incidents: int
    spearman: float | None
    agreed: int  # incidents whose level of response matches the coded one
    scored: int  # incidents with a known actual response level

    @property
    def agreement(self) -> float | None:
        return self.agreed / self.scored if self.scored else None


@dataclass(frozen=True)
class SetCalibrationReport:
    cases: tuple[LabelledCase, ...]

    def part(self, name: str, frozen: bool | None = None) -> PartScore:
        """The scores of the ``train`` or ``test`` part; with ``frozen``, of its incidents
        whose part the frozen list fixed (True) or that were added since (False) only."""
        cases = [
            case
            for case in self.cases
            if case.part == name and (frozen is None or case.frozen is frozen)
        ]
        responded = [case for case in cases if case.coded_response is not None]
        return PartScore(
            name,
            len(cases),
            spearman(
                [case.coded_severity.rank for case in cases],
                [case.severity.rank for case in cases],
            ),
            sum(case.response is case.coded_response for case in responded),
            len(responded),
        )


def calibrate_set(
    calibration_set: CalibrationSet,
    assessor: Assessor,
    precedents: Sequence[Incident] = (),
) -> SetCalibrationReport:
    """Assess every incident of a hand-coded set against ``precedents`` (for instance the
    stored incidents) and the rest of the set, as its record stood before the EU acted."""
    before = [without_eu_attributions(incident) for incident in calibration_set.incidents]
    own = {incident.id for incident in before}
    others = [
        without_eu_attributions(incident) for incident in precedents if incident.id not in own
    ]
    index = assessor.index(assessor.precedents_from([*others, *before]))
    held_out = held_out_slugs((incident.slug for incident in before), calibration_set.frozen_parts)
    cases = []
    for incident in before:
        assessment = assessor.assess(incident, index)
        label = calibration_set.labels[incident.slug]
        decision = assessment.recommendation.response_level
        cases.append(
            LabelledCase(
                slug=incident.slug,
                part="test" if incident.slug in held_out else "train",
                coded_severity=label.severity,
                severity=assessment.severity.level,
                coded_response=label.response_level,
                response=decision.level,
                rule=decision.rule,
                frozen=incident.slug in calibration_set.frozen_parts,
            )
        )
    return SetCalibrationReport(tuple(cases))
