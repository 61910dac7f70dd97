"""One declared codec per aggregate: a frozen dataclass ↔ the plain JSON-ready dict that the
store keeps, ``--json`` prints, the API's wire schemas validate and the audit trail records.

A codec is derived from the dataclass's fields and their annotations, so a field added to a
domain object is written and read everywhere without another line. Each type has one
document form:

- strings, numbers, booleans, ``None`` and mappings as they are;
- enumerations as their value, ``date`` and ``datetime`` in ISO 8601, a ``PartialDate`` as
  its text (``2017``, ``2017-05``, ``2017-05-12``);
- tuples as lists, nested dataclasses through their own codec.

A declaration names only what departs from that: which keys a *view* writes and in what
order (a case summary, a listing as a check names it), read-only properties written beside
the fields, keys spelt differently from their field, fields written only when not their
default, and per-field converters for the rare value whose document form is its own.

Encoding omits nothing: an unknown value is ``None`` so a reader sees it is unknown.
Decoding reads documents a codec wrote, those written before a field existed included: a
missing key takes the field's default. Checking what a *user* wrote, with errors naming the
field, is the ingest package's job.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date, datetime
from operator import attrgetter
from typing import Any, Generic, TypeVar

from cdtoolbox.model.dates import PartialDate

__all__ = ["Codec", "Document"]

T = TypeVar("T")
Document = dict[str, Any]
Convert = Callable[[Any], Any]


class _Always:
    """The "default" of a field that is written whatever its value."""


_ALWAYS = _Always()


@dataclasses.dataclass(frozen=True, slots=True)
class _Slot:
    key: str
    attribute: str
    encode: Convert | None  # None: the value is its own document form
    decode: Convert | None
    readable: bool  # an __init__ field, rather than a property written beside the fields
    required: bool  # has no default, so a document must carry it
    skip_when: object  # the value not written (the field's default), or _ALWAYS


class Codec(Generic[T]):
    """The codec of one dataclass; ``view`` gives another set of keys over the same rules."""

    def __init__(
        self,
        kind: type[T],
        *,
        keys: Sequence[str] | None = None,
        rename: Mapping[str, str] | None = None,
        skip_default: Collection[str] = (),
        encoders: Mapping[str, Convert] | None = None,
        decoders: Mapping[str, Convert] | None = None,
        codecs: Iterable[Codec[Any]] = (),
    ) -> None:
        if not dataclasses.is_dataclass(kind):
            raise TypeError(f"{kind.__name__} is not a dataclass")
        self.kind = kind
        self._rename = dict(rename or {})
        self._skip_default = frozenset(skip_default)
        self._encoders = dict(encoders or {})
        self._decoders = dict(decoders or {})
        self._codecs: dict[type[Any], Codec[Any]] = {codec.kind: codec for codec in codecs}
        fields = {field.name: field for field in dataclasses.fields(kind)}
        self._hints = typing.get_type_hints(kind)
        names = tuple(keys) if keys is not None else tuple(fields)
        unknown = [
            name
            for name in (*names, *self._rename, *self._skip_default, *self._encoders)
            if name not in fields and not isinstance(getattr(kind, name, None), property)
        ]
        if unknown:
            raise TypeError(f"{kind.__name__} has no field or property {', '.join(unknown)}")
        self.keys = names
        self._slots = tuple(self._slot(name, fields.get(name)) for name in names)
        self._reading = tuple(
            (slot.key, slot.attribute, slot.decode, slot.required)
            for slot in self._slots
            if slot.readable
        )
        self._plan = tuple(
            (slot.key, attrgetter(slot.attribute), slot.encode) for slot in self._slots
        )
        self._converted = tuple(
            (slot.key, slot.encode) for slot in self._slots if slot.encode is not None
        )
        # Nested codecs call the encoder directly, one call less per object.
        self._encoder: Callable[[T], Document] = self._encode
        if any(slot.skip_when is not _ALWAYS for slot in self._slots):
            self._encoder = self._encode_skipping
        elif names == tuple(fields) and not self._rename and "__dict__" in dir(kind):
            self._encoder = self._encode_instance

    def view(
        self,
        *keys: str,
        exclude: Collection[str] = (),
        rename: Mapping[str, str] | None = None,
        encoders: Mapping[str, Convert] | None = None,
        codecs: Iterable[Codec[Any]] = (),
    ) -> Codec[T]:
        """The same declaration writing ``keys`` (all of this codec's, by default) in order,
        less ``exclude``, with further renamed keys, converters and nested codecs."""
        chosen = [key for key in (keys or self.keys) if key not in exclude]
        return Codec(
            self.kind,
            keys=chosen,
            rename={**self._rename, **(rename or {})},
            skip_default=self._skip_default,
            encoders={**self._encoders, **(encoders or {})},
            decoders=self._decoders,
            codecs=[*self._codecs.values(), *codecs],
        )

    def encode(self, obj: T) -> Document:
        return self._encoder(obj)

    def _encode(self, obj: T) -> Document:
        # One comprehension over precomputed (key, getter, converter) triples: the codec runs
        # for every row a list reads and every assessment a case keeps, so it stays lean.
        return {
            key: get(obj) if encode is None else encode(get(obj)) for key, get, encode in self._plan
        }

    def _encode_instance(self, obj: T) -> Document:
        # A dataclass's instance dictionary holds its fields in field order: copied, only the
        # values whose document form differs need converting (a fifth faster than building
        # the document key by key on an assessment).
        document = dict(vars(obj))
        if len(document) != len(self._plan):  # something else was stored on the instance
            return self._encode(obj)
        for key, encode in self._converted:
            document[key] = encode(document[key])
        return document

    def _encode_skipping(self, obj: T) -> Document:
        document: Document = {}
        for slot in self._slots:
            value = getattr(obj, slot.attribute)
            if slot.skip_when is not _ALWAYS and value == slot.skip_when:
                continue
            document[slot.key] = value if slot.encode is None else slot.encode(value)
        return document

    def decode(self, document: Mapping[str, Any]) -> T:
        arguments: dict[str, Any] = {}
        for key, attribute, decode, required in self._reading:
            if key in document:
                value = document[key]
                arguments[attribute] = value if decode is None else decode(value)
            elif required:
                raise KeyError(key)
        return self.kind(**arguments)

    def _slot(self, name: str, field: dataclasses.Field[Any] | None) -> _Slot:
        if field is None:  # a property: written from its return annotation, never read
            annotation = typing.get_type_hints(getattr(self.kind, name).fget)["return"]
        else:
            annotation = self._hints[name]
        encode, decode = self._converters(annotation)
        required = (
            field is not None
            and field.default is dataclasses.MISSING
            and field.default_factory is dataclasses.MISSING
        )
        skip_when: object = _ALWAYS
        if name in self._skip_default and field is not None:
            skip_when = field.default
        return _Slot(
            key=self._rename.get(name, name),
            attribute=name,
            encode=self._encoders.get(name, encode),
            decode=self._decoders.get(name, decode),
            readable=field is not None and field.init,
            required=required,
            skip_when=skip_when,
        )

    def _converters(self, annotation: Any) -> tuple[Convert | None, Convert | None]:
        origin = typing.get_origin(annotation)
        arguments = typing.get_args(annotation)
        if origin is typing.Union or origin is types.UnionType:
            present = [argument for argument in arguments if argument is not type(None)]
            if len(present) != 1:  # a choice of plain JSON values, e.g. str | int | None
                return None, None
            return _optional(*self._converters(present[0]))
        if origin is tuple:
            return _sequence(*self._converters(arguments[0]))
        if origin is not None or not isinstance(annotation, type):
            return None, None  # mappings, Any, object: plain JSON values already
        if issubclass(annotation, enum.StrEnum):
            return str, annotation  # the plain value, read faster than ``.value``
        if issubclass(annotation, enum.Enum):
            return attrgetter("value"), annotation
        if issubclass(annotation, datetime):
            return datetime.isoformat, datetime.fromisoformat
        if issubclass(annotation, date):
            return date.isoformat, date.fromisoformat
        if issubclass(annotation, PartialDate):
            return str, PartialDate.parse
        if dataclasses.is_dataclass(annotation):
            codec = self._codecs.get(annotation) or Codec(annotation, codecs=self._codecs.values())
            return codec._encoder, codec.decode
        return None, None


def _optional(
    encode: Convert | None, decode: Convert | None
) -> tuple[Convert | None, Convert | None]:
    # A blank value reads as unknown, as it did before the codecs were declared.
    return (
        None if encode is None else lambda value: None if value is None else encode(value),
        None if decode is None else lambda value: decode(value) if value else None,
    )


def _sequence(encode: Convert | None, decode: Convert | None) -> tuple[Convert, Convert]:
    if encode is None and decode is None:
        return list, tuple
    return (
        list if encode is None else lambda values: list(map(encode, values)),
        tuple if decode is None else lambda values: tuple(map(decode, values)),
    )
