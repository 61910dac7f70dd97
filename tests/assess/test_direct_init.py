"""Frozen dataclasses built directly: the same classes as ``dataclass`` makes, only cheaper."""

from __future__ import annotations

import copy
import inspect
import pickle
from dataclasses import FrozenInstanceError, dataclass, field, fields, replace

import orjson
import pytest

from cdtoolbox.assess.assessment import Fact, LawFinding, LawStatus
from cdtoolbox.assess.direct_init import built_directly


@built_directly
@dataclass(frozen=True)
class Sample:
    name: str
    count: int
    notes: tuple[str, ...] = ()


def test_the_constructor_takes_the_fields_in_order_with_their_defaults() -> None:
    assert str(inspect.signature(Sample)) == "(name, count, notes=())"
    assert Sample("a", 1) == Sample(name="a", count=1, notes=())
    assert Sample("a", 1, ("n",)).notes == ("n",)
    with pytest.raises(TypeError):
        Sample("a")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Sample("a", 1, colour="red")  # type: ignore[call-arg]


def test_instances_stay_frozen_comparable_and_hashable() -> None:
    sample = Sample("a", 1)
    with pytest.raises(FrozenInstanceError):
        sample.name = "b"  # type: ignore[misc]
    assert hash(sample) == hash(Sample("a", 1))
    assert sample != Sample("a", 2)
    assert repr(sample) == "Sample(name='a', count=1, notes=())"
    assert replace(sample, count=2) == Sample("a", 2)
    assert pickle.loads(pickle.dumps(sample)) == sample
    assert copy.deepcopy(sample) == sample


def test_fields_are_stored_in_field_order_as_serialisers_read_them() -> None:
    sample = Sample(count=1, notes=("n",), name="a")
    assert list(vars(sample)) == [f.name for f in fields(Sample)]
    assert orjson.loads(orjson.dumps(sample)) == {"name": "a", "count": 1, "notes": ["n"]}


def test_the_assessment_types_are_built_directly() -> None:
    finding = LawFinding("law.ihl", "IHL", LawStatus.NOT_ASSESSABLE, "no conflict", ())
    assert LawFinding.__init__.__qualname__ == "LawFinding.__init__"
    assert finding.questions == ()
    assert list(vars(Fact("types", "wiper"))) == ["name", "value"]


def test_classes_it_cannot_build_are_refused() -> None:
    with pytest.raises(TypeError, match="default factories"):

        @built_directly
        @dataclass(frozen=True)
        class WithFactory:
            items: list[str] = field(default_factory=list)

    with pytest.raises(TypeError, match="plain frozen dataclasses"):

        @built_directly
        @dataclass(frozen=True)
        class WithPostInit:
            name: str

            def __post_init__(self) -> None:
                pass

    with pytest.raises(TypeError, match="plain frozen dataclasses"):

        @built_directly
        @dataclass(frozen=True, slots=True)
        class WithSlots:
            name: str
