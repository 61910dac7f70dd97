"""Codes and dates as a report spells them: every report says a country, a date or a month
the same way."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import PartialDate
from cdtoolbox.model.vocabulary import DatePrecision

__all__ = ["country", "day", "duration", "long_date", "when"]


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


def duration(value: timedelta) -> str:
    """ "2 h 5 min": the two largest units, to the second; a reader compares times to
    acknowledge by their order of magnitude, not to the second of a day."""
    seconds = round(value.total_seconds())
    if seconds <= 0:
        return "0 s"
    parts: list[tuple[int, str]] = []
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60), ("s", 1)):
        count, seconds = divmod(seconds, size)
        if count or parts:
            parts.append((count, unit))
    shown = parts[:2]
    return " ".join(f"{count} {unit}" for count, unit in shown if count) or "0 s"
