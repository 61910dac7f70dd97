"""The check of every value of a structured file (nesting bound, lone surrogates): the quick
walk that passes a file accepts exactly what the step-by-step walk, which names the value at
fault, accepts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdtoolbox.errors import ImportRejected
from cdtoolbox.ingest import structured_text

# A low bound, so that generated data reaches it.
BOUND = 3

texts = st.sampled_from(["", "plain", "Ukraïne", "\ud800", "a\udfffb", "ok\u2028"])
keys = st.sampled_from(["title", "é", "\udc00", "x"])
values = st.recursive(
    texts | st.integers() | st.none() | st.booleans(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(keys, children, max_size=3),
    max_leaves=12,
)


def _refusal(data: object) -> str | None:
    try:
        structured_text._refuse_first(data, "file.json")
    except ImportRejected as rejected:
        return str(rejected)
    return None


@given(values)
def test_the_quick_walk_accepts_what_the_step_walk_accepts(data: object) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(structured_text, "MAX_DEPTH", BOUND)
        refusal = _refusal(data)
        assert structured_text._clear(data, 0) == (refusal is None)
        if refusal is None:
            structured_text._check_values(data, "file.json")
        else:
            with pytest.raises(ImportRejected) as raised:
                structured_text._check_values(data, "file.json")
            assert str(raised.value) == refusal
