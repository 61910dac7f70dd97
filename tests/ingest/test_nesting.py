"""The nesting gauge: the depth it reads off raw bytes, however they are cut into chunks,
is the depth of the JSON value they encode."""

from __future__ import annotations

import json
from itertools import pairwise
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from cdtoolbox.ingest.nesting import NestingGauge

# Text full of the characters that could fool a byte-level reader: brackets, quotes and
# backslashes inside strings.
tricky_text = st.text(alphabet=st.sampled_from('[]{}"\\/ab\n\u00e9'), max_size=12)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | tricky_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(tricky_text, inner, max_size=4),
    max_leaves=40,
)


def depth_of(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max(map(depth_of, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(depth_of, value.values()), default=0)
    return 0


def gauged(data: bytes, cuts: list[int]) -> NestingGauge:
    gauge = NestingGauge()
    positions = [0, *sorted({cut % (len(data) + 1) for cut in cuts}), len(data)]
    for start, end in pairwise(positions):
        gauge.feed(data[start:end])
    return gauge


@given(json_values, st.lists(st.integers(min_value=0, max_value=10_000), max_size=8))
def test_the_gauge_reads_the_depth_of_any_json_however_it_is_cut(
    value: Any, cuts: list[int]
) -> None:
    data = json.dumps(value, ensure_ascii=False).encode("utf-8")
    gauge = gauged(data, cuts)
    assert gauge.deepest == depth_of(value)
    assert gauge.depth == 0


@given(st.integers(min_value=0, max_value=300), st.lists(st.integers(0, 10_000), max_size=8))
def test_closing_brackets_inside_strings_cannot_hide_real_depth(
    levels: int, cuts: list[int]
) -> None:
    # Each level carries a string of closers that a naive count would subtract.
    data = ('["]]]]\\\\", ' * levels + "0" + "]" * levels).encode()
    assert gauged(data, cuts).deepest == levels


def test_thirty_thousand_levels_are_measured_in_one_pass() -> None:
    gauge = NestingGauge()
    assert gauge.feed(b"[" * 30_000) == 30_000
