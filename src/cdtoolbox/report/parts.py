"""The pieces a counted report is made of: tallies, breakdowns of them, and paragraphs that
cite their sources. Shared by the annual report's parts, so each part can be built in its own
module."""

from __future__ import annotations

from dataclasses import dataclass

from cdtoolbox.report.world_map import MapArea

__all__ = ["Breakdown", "Paragraph", "Tally", "breakdown"]

# The longest breakdowns are cut here in the document; the cut is said, never hidden.
TOP = 15


@dataclass(frozen=True, slots=True)
class Tally:
    """How many incidents (or responses, or listings) share one value."""

    key: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Counts by one value, most first; ``more`` values are left out of ``rows`` (each with
    fewer than the last shown). ``chart`` says whether the document draws it as bars."""

    id: str
    title: str
    unit: str  # "incidents", "responses"
    rows: tuple[Tally, ...]
    more: int
    chart: bool
    note: str | None  # how to read it
    map: tuple[MapArea, ...] = ()  # every country counted, for a breakdown drawn as a map


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    notes: tuple[int, ...] = ()


def breakdown(
    id: str,
    title: str,
    unit: str,
    rows: tuple[Tally, ...],
    *,
    chart: bool,
    note: str | None = None,
    map: tuple[MapArea, ...] = (),
) -> Breakdown:
    return Breakdown(id, title, unit, rows[:TOP], max(len(rows) - TOP, 0), chart, note, map)
