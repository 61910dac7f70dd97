"""Reading typed values out of command-line options, with errors that name the option."""

from __future__ import annotations

from datetime import date

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model import PartialDate

__all__ = ["option_date", "option_partial_date"]


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
