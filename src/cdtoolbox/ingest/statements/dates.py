"""The date a statement was issued: the first full date in its heading (press releases and
declarations give it under the title), read with dateparser in English, French and German.

Dates in the body are the dates of events ("on 24 February 2022"), not of issue, so they are
not read; a text whose heading gives none takes the date of its file's metadata, if any.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

__all__ = ["DATE_REGEX", "issue_date", "parse_date"]

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
    "|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre"
    "|novembre|décembre|decembre"
    "|januar|februar|märz|maerz|april|mai|juni|juli|august|september|oktober|november|dezember"
)
#: A full date as statements write it: 10 May 2022, 1er juin 2021, 10. Mai 2022, May 10, 2022,
#: 2022-05-10, 10.05.2022, 10/05/2022.
DATE_REGEX = (
    r"(?<!\w)(?:"
    rf"\d{{1,2}}(?:st|nd|rd|th|er)?\.?\s+(?:{_MONTHS})\.?\s+\d{{4}}"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}[./]\d{1,2}[./]\d{4}"
    r")(?!\w)"
)
_DATE = re.compile(DATE_REGEX, re.IGNORECASE)


@lru_cache(maxsize=1)
def _parser() -> Any:
    # dateparser takes a second to import and builds its language data on first use: both
    # happen once, when the first date is read, never at import of this module.
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en", "fr", "de"],
        settings={
            "DATE_ORDER": "DMY",
            "PREFER_DAY_OF_MONTH": "first",
            "REQUIRE_PARTS": ["day", "month", "year"],
            "PARSERS": ["absolute-time"],
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )


@lru_cache(maxsize=4096)
def parse_date(written: str) -> date | None:
    """The date ``written`` says, or ``None`` if it is no date (32 May, 30 février)."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", written):
        try:
            return date.fromisoformat(written)
        except ValueError:
            return None
    # "1er" is French for the first; dateparser reads it only without the suffix.
    cleaned = re.sub(r"(?<=\d)er\b", "", written)
    try:
        found = _parser().get_date_data(cleaned).date_obj
    except (ValueError, OverflowError):  # a day or year out of range
        return None
    return None if found is None else found.date()


def issue_date(view: str, heading_end: int) -> tuple[date, int, int] | None:
    """The first valid full date in the heading, with its offsets."""
    for match in _DATE.finditer(view, 0, heading_end):
        found = parse_date(match.group())
        if found is not None:
            return found, match.start(), match.end()
    return None
