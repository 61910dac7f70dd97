"""The declared codec: derived from the fields, departing from them only where declared."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum, StrEnum

import pytest

from cdtoolbox.model import PartialDate
from cdtoolbox.model.dataclass_codec import Codec


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


class Size(Enum):
    SMALL = 1
    LARGE = 2


@dataclass(frozen=True)
class Part:
    name: str
    colour: Colour | None = None


@dataclass(frozen=True)
class Thing:
    id: str
    parts: tuple[Part, ...]
    size: Size
    on: date
    at: datetime | None = None
    since: PartialDate | None = None
    tags: tuple[str, ...] = ()
    main: Part | None = None
    note: str = ""
    version: int = 1

    @property
    def label(self) -> str:
        return f"{self.id} ({len(self.parts)})"


THING = Thing(
    id="t1",
    parts=(Part("a", Colour.RED), Part("b")),
    size=Size.LARGE,
    on=date(2026, 12, 7),
    at=datetime(2026, 12, 7, 9, 30, tzinfo=UTC),
    since=PartialDate.parse("2017-05"),
    tags=("x", "y"),
    main=Part("m", Colour.BLUE),
)


def test_every_field_is_written_in_its_document_form_and_in_field_order() -> None:
    document = Codec(Thing).encode(THING)
    assert document == {
        "id": "t1",
        "parts": [{"name": "a", "colour": "red"}, {"name": "b", "colour": None}],
        "size": 2,
        "on": "2026-12-07",
        "at": "2026-12-07T09:30:00+00:00",
        "since": "2017-05",
        "tags": ["x", "y"],
        "main": {"name": "m", "colour": "blue"},
        "note": "",
        "version": 1,
    }
    assert list(document) == [
        *("id", "parts", "size", "on", "at", "since", "tags", "main", "note", "version")
    ]
    assert type(document["parts"][0]["colour"]) is str  # not the enumeration member


def test_a_document_reads_back_to_the_same_object() -> None:
    codec = Codec(Thing)
    assert codec.decode(codec.encode(THING)) == THING


def test_missing_keys_take_the_field_default_and_blank_optionals_read_as_unknown() -> None:
    # What a document written before a field existed looks like.
    thing = Codec(Thing).decode(
        {"id": "t2", "parts": [{"name": "a"}], "size": 1, "on": "2020-01-01", "since": ""}
    )
    assert thing == Thing("t2", (Part("a"),), Size.SMALL, date(2020, 1, 1))


def test_a_missing_required_field_is_refused() -> None:
    with pytest.raises(KeyError, match="on"):
        Codec(Thing).decode({"id": "t3", "parts": [], "size": 1})


def test_a_view_writes_its_keys_in_order_with_properties_renamed_keys_and_converters() -> None:
    view = Codec(Thing).view(
        "label",
        "id",
        "parts",
        rename={"id": "thing_id"},
        encoders={"parts": lambda parts: [part.name for part in parts]},
    )
    assert view.encode(THING) == {"label": "t1 (2)", "thing_id": "t1", "parts": ["a", "b"]}


def test_a_nested_codec_declared_once_is_used_wherever_its_type_appears() -> None:
    parts = Codec(Part, rename={"colour": "color"})
    document = Codec(Thing, codecs=[parts]).encode(THING)
    assert document["parts"][0] == {"name": "a", "color": "red"}
    assert document["main"] == {"name": "m", "color": "blue"}
    assert Codec(Thing, codecs=[parts]).decode(document) == THING


def test_defaults_declared_as_skipped_are_left_out_and_read_back() -> None:
    codec = Codec(Thing, skip_default=["note", "version"])
    document = codec.encode(THING)
    assert "note" not in document
    assert "version" not in document
    assert codec.encode(Thing("t4", (), Size.SMALL, date(2020, 1, 1), note="n"))["note"] == "n"
    assert codec.decode(document) == THING


def test_a_declaration_naming_no_field_is_refused() -> None:
    with pytest.raises(TypeError, match="colours"):
        Codec(Part, rename={"colours": "c"})
    with pytest.raises(TypeError, match="nothing"):
        Codec(Thing).view("id", "nothing")


def test_something_stored_on_an_instance_beside_its_fields_is_not_written() -> None:
    part = Part("a")
    object.__setattr__(part, "_cache", 1)
    assert Codec(Part).encode(part) == {"name": "a", "colour": None}
