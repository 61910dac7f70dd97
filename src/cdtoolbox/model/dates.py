"""Dates as analysts know them: sometimes only the month or the year."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from cdtoolbox.model.vocabulary import DatePrecision

__all__ = ["PartialDate"]

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to a day, a month or a year.

    ``value`` is the first day of the known period, so partial dates sort naturally.
    """

    value: date
    precision: DatePrecision = DatePrecision.DAY

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError with the reason."""
        match = _PATTERN.match(text.strip())
        if not match:
            raise ValueError("is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = match.groups()
        if day is not None:
            return cls(date(int(year), int(month), int(day)), DatePrecision.DAY)
        if month is not None:
            return cls(date(int(year), int(month), 1), DatePrecision.MONTH)
        return cls(date(int(year), 1, 1), DatePrecision.YEAR)

    @property
    def earliest(self) -> date:
        return self.value

    @property
    def latest(self) -> date:
        """The last day the period could mean (for range filters)."""
        if self.precision is DatePrecision.DAY:
            return self.value
        if self.precision is DatePrecision.MONTH:
            last = calendar.monthrange(self.value.year, self.value.month)[1]
            return self.value.replace(day=last)
        return self.value.replace(month=12, day=31)

    def __str__(self) -> str:
        if self.precision is DatePrecision.YEAR:
            return f"{self.value.year:04d}"
        if self.precision is DatePrecision.MONTH:
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()
