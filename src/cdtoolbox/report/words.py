"""Codes and dates as a report spells them: every report says a country, a date or a month
the same way."""

from __future__ import annotations

from datetime import date, datetime

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import PartialDate
from cdtoolbox.model.vocabulary import DatePrecision

__all__ = ["country", "day", "long_date", "when"]


def day(moment: datetime | None) -> str | None:
    """The ISO day of a moment: reports date records to the day, never to the second."""
    return moment.date().isoformat() if moment else None


def long_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def when(value: PartialDate | None) -> str:
    if value is None:
        return "unknown"
    if value.precision is DatePrecision.YEAR:
        return f"{value.value.year}"
    if value.precision is DatePrecision.MONTH:
        return f"{value.value:%B %Y}"
    return long_date(value.value)


def country(code: str | None, knowledge: KnowledgeBase) -> str:
    """ "Germany (DE)"; a code the knowledge base does not know is shown as it is."""
    if not code:
        return "unknown"
    found = knowledge.countries.find(code)
    return f"{found.name} ({code})" if found else code
