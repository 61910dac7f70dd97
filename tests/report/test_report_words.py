"""How a report words a time to acknowledge: the two largest units, to the nearest second."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cdtoolbox.report.words import duration


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (timedelta(0), "0 s"),
        (timedelta(seconds=-5), "0 s"),
        (timedelta(milliseconds=400), "0 s"),
        (timedelta(seconds=45), "45 s"),
        (timedelta(minutes=1, milliseconds=600), "1 min 1 s"),
        (timedelta(hours=1), "1 h"),
        (timedelta(minutes=217.5), "3 h 37 min"),
        (timedelta(days=1, seconds=30), "1 d"),
        (timedelta(days=3, hours=4, minutes=5), "3 d 4 h"),
    ],
)
def test_a_duration_reads_in_its_two_largest_units(value: timedelta, words: str) -> None:
    assert duration(value) == words
