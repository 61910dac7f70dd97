"""Reading typed values out of command-line options, with errors that name the option."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model import PartialDate
from cdtoolbox.model.vocabulary import Classification

__all__ = [
    "CLASSIFICATION_HELP",
    "ClassificationOption",
    "option_classification",
    "option_date",
    "option_partial_date",
]

CLASSIFICATION_HELP = (
    "EU classification: restreint-ue, confidentiel-ue or secret-ue (default: unclassified); "
    "TRÈS SECRET UE is refused. Both it and the TLP marking must allow a read."
)
# The --classification option of every command that writes a classifiable record.
ClassificationOption = Annotated[
    str | None, typer.Option("--classification", help=CLASSIFICATION_HELP)
]


def option_classification(option: str, text: str | None) -> Classification | None:
    """An EU classification level (None for none or "unclassified"), read as every other
    input reads it."""
    from cdtoolbox.ingest.fields import FieldError, read_classification

    if text is None:
        return None
    try:
        return read_classification(text)
    except FieldError as error:
        raise InvalidInput("option", option, text, error.reason) from None


def option_date(option: str, text: str) -> date:
    """A calendar date given as YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput("option", option, text, "is not a date in the form YYYY-MM-DD") from None


def option_partial_date(option: str, text: str) -> PartialDate:
    """A date known to the year, the month or the day (YYYY, YYYY-MM or YYYY-MM-DD)."""
    try:
        return PartialDate.parse(text)
    except ValueError as error:
        raise InvalidInput("option", option, text, str(error)) from None
