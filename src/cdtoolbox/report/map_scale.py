"""The colour classes of the victim-country map: a sequential scale readers can tell apart,
with a legend that gives each class's range of incidents and how many countries fall in it.

Computed here, not in the browser, so the legend is in the page as text (and tested), and the
script only paints the colour each country was given.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["MAP_SCALE", "NO_INCIDENT", "MapClass", "map_classes"]

# ColorBrewer YlGnBu (6 classes, the palest left out so that the first class stands apart from
# countries without incidents): sequential, colour-blind safe and ordered by lightness, so
# neighbouring classes differ in lightness, not only in hue, and survive grey-scale printing.
MAP_SCALE = ("#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")
NO_INCIDENT = "#f2f2f2"


@dataclass(frozen=True)
class MapClass:
    """Countries with ``low`` to ``high`` incidents (inclusive), painted ``colour``."""

    low: int
    high: int
    colour: str
    countries: int

    @property
    def label(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}\u2013{self.high}"

    def holds(self, incidents: int) -> bool:
        return self.low <= incidents <= self.high


def map_classes(counts: Sequence[int]) -> tuple[MapClass, ...]:
    """The classes for countries with these numbers of incidents (zeros are not classed).

    Up to five different numbers get a class each. Beyond that the classes grow
    geometrically, as incidents per country are heavily skewed (a few countries with dozens,
    most with one or two): equal ranges would put nearly every country in the first class.
    Classes that no whole number falls in are left out; the others keep their colour, so a
    colour always means the same step of the scale.
    """
    present = Counter(count for count in counts if count > 0)
    if not present:
        return ()
    steps = len(MAP_SCALE)
    values = sorted(present)
    if len(values) <= steps:
        last = len(values) - 1
        return tuple(
            MapClass(
                value,
                value,
                # One value is the darkest; several are spread from the lightest to it.
                MAP_SCALE[round(index * (steps - 1) / last) if last else steps - 1],
                present[value],
            )
            for index, value in enumerate(values)
        )
    most = values[-1]
    classes = []
    low = 1
    for index in range(steps):
        high = most if index == steps - 1 else math.ceil(most ** ((index + 1) / steps))
        if high >= low:
            members = sum(n for value, n in present.items() if low <= value <= high)
            classes.append(MapClass(low, high, MAP_SCALE[index], members))
            low = high + 1
    return tuple(classes)
