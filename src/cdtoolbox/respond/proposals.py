"""The measures a new case proposes, taken from the assessments of its incidents."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from cdtoolbox.assess.assessment import Assessment, ResponseOption
from cdtoolbox.model.case import MeasureChange, MeasureOrigin, ProposedMeasure

__all__ = ["next_measure_id", "proposed_measures"]


def proposed_measures(
    assessments: Sequence[Assessment], *, at: datetime, by: str
) -> tuple[ProposedMeasure, ...]:
    """The recommendation's ranked options, in rank order, across every incident of the case.

    An instrument recommended for any incident is proposed once; options the assessment
    found unavailable are never proposed here (an analyst may add them, with a justification,
    and the case keeps what was missing).
    """
    measures: list[ProposedMeasure] = []
    seen: set[str] = set()
    for assessment in assessments:
        for ranked in assessment.recommendation.ranked:
            if ranked.instrument_id in seen:
                continue
            seen.add(ranked.instrument_id)
            option = assessment.option(ranked.instrument_id)
            measures.append(
                ProposedMeasure(
                    id=f"m{len(measures) + 1}",
                    instrument_id=option.instrument_id,
                    title=option.name,
                    origin=MeasureOrigin.ASSESSMENT,
                    available_when_proposed=_available_anywhere(assessments, option),
                    missing_when_proposed=option.missing,
                    history=(
                        MeasureChange(
                            at=at,
                            by=by,
                            action="proposed",
                            justification=(
                                f"ranked {ranked.rank} in the assessment of {assessment.slug}: "
                                f"{ranked.why}"
                            ),
                        ),
                    ),
                )
            )
    return tuple(measures)


def next_measure_id(measures: Sequence[ProposedMeasure]) -> str:
    """The next free measure id."""
    numbers = [int(m.id[1:]) for m in measures if m.id[1:].isdigit()]
    return f"m{max(numbers, default=0) + 1}"


def _available_anywhere(assessments: Sequence[Assessment], option: ResponseOption) -> bool:
    return any(
        a.option(option.instrument_id).available
        for a in assessments
        if any(o.instrument_id == option.instrument_id for o in a.options)
    )
