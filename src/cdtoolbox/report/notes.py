"""The numbered source notes every report ends with: each distinct source once, numbered in
the order the report first cites it, so a figure or a sentence carries its note number."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cdtoolbox.model.sources import Source

__all__ = ["Note", "SourceNotes"]


@dataclass(frozen=True, slots=True)
class Note:
    """One source, cited by its number wherever the report relies on it."""

    number: int
    title: str
    publisher: str | None
    published: str | None  # "15 February 2018"
    url: str | None
    grade: str | None  # admiralty grade, e.g. "B2"


_NoteMaker = Callable[[int], Note]


class SourceNotes:
    """Numbers each distinct source once, in the order the report first cites it."""

    def __init__(self) -> None:
        self._numbers: dict[tuple[str, str], int] = {}
        self._notes: list[Note] = []

    def cite(self, source: Source) -> int:
        """The number of a recorded source (an incident's, with publisher and grade)."""
        published = source.published
        return self._number(
            source.url or "",
            source.title,
            lambda number: Note(
                number=number,
                title=source.title,
                publisher=source.publisher,
                published=f"{published.day} {published:%B %Y}" if published else None,
                url=source.url,
                grade=source.grade,
            ),
        )

    def cite_reference(self, reference: str) -> int:
        """The number of a reference the knowledge base or a register gives as one string:
        a web address, or a citation such as an Official Journal reference."""
        is_address = reference.startswith(("http://", "https://"))
        return self._number(
            reference if is_address else "",
            "" if is_address else reference,
            lambda number: Note(
                number=number,
                title=reference,
                publisher=None,
                published=None,
                url=reference if is_address else None,
                grade=None,
            ),
        )

    def _number(self, url: str, title: str, make: _NoteMaker) -> int:
        key = (url, title)
        number = self._numbers.get(key)
        if number is None:
            number = len(self._notes) + 1
            self._numbers[key] = number
            self._notes.append(make(number))
        return number

    def all(self) -> tuple[Note, ...]:
        return tuple(self._notes)
