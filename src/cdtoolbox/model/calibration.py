"""Hand-coded labels of a calibration set: how expert coders judged real incidents.

A calibration set is a folder of incident files (``REGION.yaml``) each with its labels
(``REGION-labels.csv``), coded from public sources before the engine was run on them, against
the codebook of docs/assessment.md. The engine's severity and level of response are measured
against them (``cdtoolbox.assess.calibration``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cdtoolbox.model.incident import Incident
from cdtoolbox.model.response import ResponseLevel
from cdtoolbox.model.vocabulary import SeverityLevel

__all__ = ["SPLIT_RULE", "CalibrationLabel", "CalibrationSet"]

#: The split rule, fixed before any tuning; tuning may look at the train part only. A set's
#: parts once frozen (its ``split.csv``) never change: a rule over the whole set, such as "the
#: third with the smallest digests", would move incidents already tuned on into the test part
#: as incidents are added. A slug the frozen list does not name is judged by its digest alone,
#: so it too keeps its part whatever else is added.
SPLIT_RULE = (
    "the parts frozen in the set's split.csv; any other slug is in the test part iff the "
    "first byte of the SHA-256 of its UTF-8 slug is below 0x55 (one third)"
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
    #: The frozen parts, slug → "train" or "test" (``split.csv``); empty when not frozen.
    frozen_parts: Mapping[str, str] = field(default_factory=dict)
