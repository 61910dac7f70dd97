"""The date a statement was issued: the first full date in its heading (press releases and
declarations give it under the title), read with dateparser in English, French and German.

Dates in the body are the dates of events ("on 24 February 2022"), not of issue, so they are
not read; a text whose heading gives none takes the date of its file's metadata, if any.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

__all__ = ["DATE_REGEX", "DateReader"]

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


class DateReader:
    """Reads the dates statements write, with one dateparser parser built for the reader's
    lifetime (dateparser takes a second to import and to build its language data: once, when
    the statement reader is built, never at import of this module)."""

    # Dates repeat from text to text (a heading's date, a renewal's end date): the parsed ones
    # are kept, up to this many.
    _KEPT = 4096

    def __init__(self) -> None:
        from dateparser.date import DateDataParser

        self._parser: Any = DateDataParser(
            languages=["en", "fr", "de"],
            settings={
                "DATE_ORDER": "DMY",
                "PREFER_DAY_OF_MONTH": "first",
                "REQUIRE_PARTS": ["day", "month", "year"],
                "PARSERS": ["absolute-time"],
                "RETURN_AS_TIMEZONE_AWARE": False,
            },
        )
        self._parsed: dict[str, date | None] = {}

    def parse(self, written: str) -> date | None:
        """The date ``written`` says, or ``None`` if it is no date (32 May, 30 février)."""
        if written in self._parsed:
            return self._parsed[written]
        found = self._parse(written)
        if len(self._parsed) >= self._KEPT:
            self._parsed.clear()
        self._parsed[written] = found
        return found

    def _parse(self, written: str) -> date | None:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", written):
            try:
                return date.fromisoformat(written)
            except ValueError:
                return None
        # "1er" is French for the first; dateparser reads it only without the suffix.
        cleaned = re.sub(r"(?<=\d)er\b", "", written)
        try:
            found = self._parser.get_date_data(cleaned).date_obj
        except (ValueError, OverflowError):  # a day or year out of range
            return None
        return None if found is None else found.date()

    def issue_date(self, view: str, heading_end: int) -> tuple[date, int, int] | None:
        """The first valid full date in the heading, with its offsets."""
        for match in _DATE.finditer(view, 0, heading_end):
            found = self.parse(match.group())
            if found is not None:
                return found, match.start(), match.end()
        return None
