"""Files built to hurt the reader are refused quickly, naming the problem (issue 11, finding 3).

An alias bomb is refused before it expands, nesting beyond the bound and lone surrogates are
refused with the path to the value, and error messages stay short whatever the value.
"""

from __future__ import annotations

import time

import pytest

from cdtoolbox.errors import ImportRejected, InvalidInput
from cdtoolbox.ingest.structured_text import MAX_DEPTH, load_structured_text

# Nine levels of nine aliases each: 9**9 (387 million) strings once expanded.
ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)


def _only_error(text: str, name: str) -> InvalidInput:
    with pytest.raises(ImportRejected) as rejected:
        load_structured_text(text, name)
    [error] = rejected.value.errors
    return error


def test_a_yaml_alias_bomb_is_refused_before_it_expands() -> None:
    started = time.perf_counter()
    error = _only_error(ALIAS_BOMB, "bomb.yaml")
    assert time.perf_counter() - started < 1
    assert "the alias *a is not read" in error.reason and "line 2" in error.reason


def test_a_single_alias_is_refused_too() -> None:
    error = _only_error("title: &t Hello\nsummary: *t\n", "incident.yaml")
    assert "the alias *t is not read" in error.reason


@pytest.mark.parametrize("name", ["deep.json", "deep.yaml"])
def test_nesting_beyond_the_bound_is_refused(name: str) -> None:
    levels = MAX_DEPTH + 1
    error = _only_error("[" * levels + "]" * levels, name)
    assert error.reason == f"nests deeper than {MAX_DEPTH} levels"
    load_structured_text("[" * MAX_DEPTH + "]" * MAX_DEPTH, name)  # the bound itself is read


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('{"incidents": [{"title": "Bad \\ud800 text"}]}', "incidents[0].title"),
        ('{"victims": {"countries": ["\\udfff"]}}', "victims.countries[0]"),
        ('{"ti\\ud800tle": "x"}', "(the file)"),
        ('title: "Bad \\ud800"\n', "title"),
    ],
)
def test_a_lone_surrogate_is_refused_naming_the_field(text: str, field: str) -> None:
    name = "incident.yaml" if text.startswith("title") else "incident.json"
    error = _only_error(text, name)
    assert error.field == field and "lone UTF-16 surrogate" in error.reason
    assert str(error).encode() and error.as_dict()["value"] is not None  # encodable


def test_a_huge_value_is_not_rendered_whole_in_a_message() -> None:
    error = InvalidInput("incident", "title", ["x" * 1_000_000] * 1_000, "is wrong")
    assert len(str(error)) < 200
    assert len(str(InvalidInput("incident", "title", "y" * 1_000_000, "is wrong"))) < 200
