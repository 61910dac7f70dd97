"""Streaming the objects out of a STIX 2.1 bundle file without holding the bundle in memory.

``ijson`` (its C backend) walks ``objects`` one object at a time. The bundle's own envelope
(``type``, ``id``) is checked on the first bytes of the file, where every producer we know
writes it; a file that is not JSON, or not a bundle, refuses the whole import.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO, Final

import ijson

from cdtoolbox.errors import ImportRejected, InvalidInput
from cdtoolbox.formats.stix.identifiers import is_stix_id
from cdtoolbox.ingest.nesting import NestingGauge

__all__ = ["MAX_DEPTH", "BundleStream"]

MAX_DEPTH: Final = 100
"""Levels of nested objects and lists a bundle may have, the bundle itself being the first.

Our own incident extension nests about eight levels deep; no STIX producer we know comes near
a hundred.
"""

_PREFIX_BYTES: Final = 64 * 1024
_OPENING: Final = frozenset({"start_map", "start_array"})
_CLOSING: Final = frozenset({"end_map", "end_array"})
_ENTITY = "STIX bundle"


class _Prefixed:
    """``prefix`` followed by the rest of ``stream`` (the envelope check reads ahead), each
    chunk gauged for nesting before the parser gets it."""

    def __init__(self, prefix: bytes, stream: BinaryIO, too_deep: Callable[[], Exception]) -> None:
        self._prefix = prefix
        self._stream = stream
        self._gauge = NestingGauge()
        self._too_deep = too_deep
        self.consumed = 0

    def read(self, size: int = -1) -> bytes:
        if self._prefix:
            size = len(self._prefix) if size < 0 else size
            chunk, self._prefix = self._prefix[:size], self._prefix[size:]
        else:
            chunk = self._stream.read(size)
        self.consumed += len(chunk)
        if self._gauge.feed(chunk) > MAX_DEPTH:
            raise self._too_deep()
        return chunk


class BundleStream:
    """The objects of one bundle, in file order, with the number of bytes read so far."""

    def __init__(self, stream: BinaryIO, source: str) -> None:
        self.source = source
        prefix = stream.read(_PREFIX_BYTES)
        self._check_envelope(prefix, complete=len(prefix) < _PREFIX_BYTES)
        self._input = _Prefixed(prefix, stream, self._too_deep)

    @property
    def bytes_read(self) -> int:
        return self._input.consumed

    def objects(self) -> Iterator[Any]:
        """Each item of ``objects`` as parsed JSON (numbers as int or float).

        Nesting deeper than ``MAX_DEPTH`` refuses the import before the parser sees the bytes
        that go too deep: ijson's events spell every enclosing level, so 30,000 levels of
        ``[`` took gigabytes before any check on the events could run.
        """
        try:
            yield from ijson.items(self._input, "objects.item", use_float=True)
        except ijson.JSONError as error:
            raise self._rejected("(the file)", None, _json_reason(error)) from None

    def _with_depth(self, events: Iterable[tuple[str, Any]]) -> Iterator[tuple[int, str, Any]]:
        """Each event with the depth after it (the bundle's own members are at depth 1)."""
        depth = 0
        for event, value in events:
            if event in _OPENING:
                depth += 1
                if depth > MAX_DEPTH:
                    raise self._too_deep()
            elif event in _CLOSING:
                depth -= 1
            yield depth, event, value

    def _check_envelope(self, prefix: bytes, *, complete: bool) -> None:
        events = self._with_depth(ijson.basic_parse(io.BytesIO(prefix)))
        try:
            first = next(events, None)
            if first is None or first[1] != "start_map":
                raise self._rejected(
                    "(the file)", None, "is not a STIX bundle (a JSON object with `objects`)"
                )
            for depth, event, value in events:
                if depth != 1 or event != "map_key":
                    continue
                if value == "objects":
                    _, kind, _ = next(events)
                    if kind != "start_array":
                        raise self._rejected("objects", None, "must be a list of STIX objects")
                    return
                if value in ("type", "id", "spec_version"):
                    self._check_member(value, next(events)[2])
        except ijson.JSONError as error:
            if complete:
                raise self._rejected("(the file)", None, _json_reason(error)) from None
            return  # the prefix ends inside the bundle; ijson checks the rest as it reads
        if complete:
            raise self._rejected("objects", None, "is required: the bundle holds no object list")

    def _check_member(self, name: str, value: object) -> None:
        if name == "type" and value != "bundle":
            raise self._rejected("type", value, "must be `bundle`")
        if name == "id" and not is_stix_id(value, "bundle"):
            raise self._rejected("id", value, "is not the id of a bundle (bundle--UUID)")
        if name == "spec_version":
            # STIX 2.1 bundles carry no spec_version; 2.0 bundles do.
            raise self._rejected(
                "spec_version", value, "marks a STIX 2.0 bundle; only STIX 2.1 is read"
            )

    def _too_deep(self) -> ImportRejected:
        return self._rejected("(the file)", None, f"nests deeper than {MAX_DEPTH} levels")

    def _rejected(self, field: str, value: object, reason: str) -> ImportRejected:
        return ImportRejected(
            self.source, [InvalidInput(_ENTITY, field, value, reason, self.source)]
        )


def _json_reason(error: Exception) -> str:
    text = error.args[0] if error.args else error
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    first_line = str(text).strip().splitlines()[0] if str(text).strip() else "parse error"
    return f"is not valid JSON ({first_line})"
