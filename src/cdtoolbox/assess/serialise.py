"""Assessments as JSON-ready dictionaries and JSON bytes, both from one declaration.

The assessment's dataclasses are the declaration: keys follow their field order, so the
output is byte-stable, enumerations are written as their values and tuples as lists.
Precondition checks are written in full once, under ``preconditions``; each option refers to
its checks by ``id`` and ``status`` (and says what is missing in ``missing``) — the one place
where the document departs from the fields, declared once in ``ASSESSMENTS`` and mirrored by
the JSON writer (a test holds the two equal).
"""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter
from typing import Any

import orjson

from cdtoolbox.assess.assessment import Assessment, PreconditionCheck, ResponseOption
from cdtoolbox.model.dataclass_codec import Codec

__all__ = ["ASSESSMENTS", "assessment_to_dict", "assessment_to_json"]

Document = dict[str, Any]

_OPTION_FIELDS = tuple(field.name for field in fields(ResponseOption))
_option_values = attrgetter(*_OPTION_FIELDS)
_ASSESSMENT_FIELDS = tuple(field.name for field in fields(Assessment))
_assessment_values = attrgetter(*_ASSESSMENT_FIELDS)


def _check_references(checks: tuple[PreconditionCheck, ...]) -> list[Document]:
    return [{"id": check.id, "status": str(check.status)} for check in checks]


ASSESSMENTS = Codec(
    Assessment,
    codecs=[Codec(ResponseOption, encoders={"preconditions": _check_references})],
)


def assessment_to_dict(assessment: Assessment) -> Document:
    """Every field of the assessment as plain dicts, lists, strings, numbers and booleans."""
    return ASSESSMENTS.encode(assessment)


def assessment_to_json(assessment: Assessment) -> bytes:
    """``assessment_to_dict`` as compact UTF-8 JSON, byte for byte ``orjson.dumps`` of it.

    For ``cdt assess --all --json``: orjson writes the frozen dataclasses itself, fields in
    order, tuples as arrays and enumerations as their values, which is exactly their
    dictionary form, at half the cost of building the dictionary first; only the options,
    whose checks become references, are converted here.
    """
    options: list[ResponseOption | Document] = []
    for option in assessment.options:
        if not option.preconditions:  # no check to refer to: written as it is
            options.append(option)
            continue
        # The fields in field order, as orjson writes the dataclass: a copy with the checks
        # swapped for references keeps every key in place.
        document = dict(zip(_OPTION_FIELDS, _option_values(option), strict=True))
        document["preconditions"] = _check_references(option.preconditions)
        options.append(document)
    document = dict(zip(_ASSESSMENT_FIELDS, _assessment_values(assessment), strict=True))
    document["options"] = options
    return orjson.dumps(document)
