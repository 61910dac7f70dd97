"""The assessment's types are plain frozen, slotted dataclasses, as ``dataclass`` makes them (no
constructor compiled beside it), and orjson writes them field by field."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle

import orjson
import pytest

from cdtoolbox.assess import assessment
from cdtoolbox.assess.assessment import Fact, LawFinding, LawStatus

TYPES = [
    value
    for name, value in vars(assessment).items()
    if inspect.isclass(value) and dataclasses.is_dataclass(value) and name in assessment.__all__
]


def test_every_dataclass_of_the_module_is_checked() -> None:
    assert len(TYPES) >= 18


@pytest.mark.parametrize("kind", TYPES, ids=lambda kind: kind.__name__)
def test_each_type_is_frozen_and_slotted(kind: type) -> None:
    parameters = kind.__dataclass_params__  # type: ignore[attr-defined]
    assert parameters.frozen
    assert kind.__slots__ == tuple(field.name for field in dataclasses.fields(kind))


def test_instances_stay_frozen_comparable_hashable_and_copyable() -> None:
    finding = LawFinding("law.ihl", "IHL", LawStatus.NOT_ASSESSABLE, "no conflict", ())
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.reason = "changed"  # type: ignore[misc]
    assert hash(finding) == hash(dataclasses.replace(finding))
    assert pickle.loads(pickle.dumps(finding)) == finding
    assert copy.deepcopy(finding) == finding
    assert not hasattr(finding, "__dict__")


def test_orjson_writes_the_fields_in_field_order() -> None:
    fact = Fact("types", "wiper")
    assert orjson.dumps(fact) == b'{"name":"types","value":"wiper"}'
