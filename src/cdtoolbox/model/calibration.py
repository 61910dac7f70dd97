"""Hand-coded labels of a calibration set: how expert coders judged real incidents.

A calibration set is a folder of incident files (``REGION.yaml``) each with its labels
(``REGION-labels.csv``), coded from public sources before the engine was run on them, against
the codebook of docs/assessment.md. The engine's severity and level of response are measured
against them (``cdtoolbox.assess.calibration``).
"""

from __future__ import annotations

from dataclasses import dataclass

from cdtoolbox.model.incident import Incident
from cdtoolbox.model.response import ResponseLevel
from cdtoolbox.model.vocabulary import SeverityLevel

__all__ = ["SPLIT_RULE", "CalibrationLabel", "CalibrationSet"]

#: The split rule, fixed before any tuning: the test part is the ceil(n/3) slugs with the
#: smallest SHA-256 digests of their UTF-8 slug; tuning may look at the train part only.
SPLIT_RULE = (
    "test part: the ceil(n/3) slugs with the smallest SHA-256 of the UTF-8 slug; "
    "train part: the others"
)


@dataclass(frozen=True)
class CalibrationLabel:
    slug: str
    severity: SeverityLevel  # the coder's band, never ``unknown``
    response_level: ResponseLevel | None  # None: the coder could not tell (not scored)
    response_evidence: str
    label_source: str
    coder_note: str = ""


@dataclass(frozen=True)
class CalibrationSet:
    """The incidents of a calibration folder and the label of each, by slug."""

    incidents: tuple[Incident, ...]
    labels: dict[str, CalibrationLabel]
