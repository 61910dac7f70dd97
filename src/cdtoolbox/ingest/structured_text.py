"""Parsing YAML and JSON text strictly enough that mistakes in a file are reported, not guessed.

Deliberate departures from ``yaml.safe_load`` and ``json.loads``:

- a key written twice in one mapping is an error (both loaders silently keep the last one);
- in YAML only ``true``/``false`` are booleans: YAML 1.1 also reads ``no``, ``yes``, ``on`` and
  ``off`` as booleans, which turns Norway's country code ``NO`` into ``False``;
- YAML aliases (``*name``) are refused before anything is built: each alias repeats a whole
  subtree, so a few nested ones make a 443-byte file expand for seconds per extra level
  (the "billion laughs"); an incident file never needs one;
- a YAML timestamp that names no real day or time (``2024-02-30``) is kept as the text written,
  so that the field reading it reports the field, the value and why, as it does for JSON;
- data nested deeper than ``MAX_DEPTH`` levels, and text holding a lone UTF-16 surrogate
  (``"\\ud800"`` in JSON), are refused with the path to the first such value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode

from cdtoolbox.errors import ImportRejected, InvalidInput
from cdtoolbox.ingest.fields import LONE_SURROGATE, LONE_SURROGATE_REASON

__all__ = ["MAX_DEPTH", "SUFFIXES", "load_structured_text"]

SUFFIXES = (".json", ".yaml", ".yml")
MAX_DEPTH = 100
"""Levels of nested mappings and lists a file may have; an incident file uses about six."""

_BOOL_TAG = "tag:yaml.org,2002:bool"


class _StrictYamlLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans, duplicate keys and aliases refused."""

    def construct_yaml_timestamp(self, node: ScalarNode) -> object:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            # PyYAML matches the shape, then lets datetime refuse the day: the error would
            # name neither field nor value. The text goes on to the field that reads it.
            return self.construct_scalar(node)

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise ComposerError(
                None,
                None,
                f"the alias *{event.anchor} is not read: write the value out where it is used",
                event.start_mark,
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                continue  # the base class reports unhashable keys in its own words
            if key in seen:
                raise ConstructorError(
                    None, None, f"the key {key!r} appears twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_StrictYamlLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _StrictYamlLoader.construct_yaml_timestamp
)
_StrictYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictYamlLoader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class _DuplicateKey(ValueError):
    pass


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        # Rare: only then is the first repeated key looked for, pair by pair.
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(f"the key {key!r} appears twice")
            seen.add(key)
    return result


def _line(text: str, number: int) -> str:
    lines = text.splitlines()
    return lines[number - 1].strip() if 0 < number <= len(lines) else ""


def _rejected(name: str, shown: object, reason: str) -> ImportRejected:
    return ImportRejected(name, [InvalidInput("file", name, shown, reason)])


def _load_json(text: str, name: str) -> object:
    try:
        return json.loads(text, object_pairs_hook=_refuse_duplicate_keys)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        shown = _line(text, error.lineno) or name
        raise _rejected(name, shown, f"is not valid JSON: {where}: {error.msg}") from None
    except _DuplicateKey as error:
        raise _rejected(name, name, f"is not valid JSON: {error}") from None


def _load_yaml(text: str, name: str) -> object:
    try:
        # yaml.load is safe here: the loader is a SafeLoader subclass
        return yaml.load(text, Loader=_StrictYamlLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "cannot be read"
        if mark is None:
            raise _rejected(name, name, f"is not valid YAML: {problem}") from None
        where = f"line {mark.line + 1} column {mark.column + 1}"
        shown = _line(text, mark.line + 1) or name
        raise _rejected(name, shown, f"is not valid YAML: {where}: {problem}") from None
    except yaml.YAMLError as error:
        raise _rejected(name, name, f"is not valid YAML: {error}") from None


def load_structured_text(text: str, name: str) -> object:
    """The data in ``text``, read as JSON or YAML according to the suffix of ``name``.

    Raises :class:`ImportRejected` with one error against the file when it cannot be read.
    """
    text = text.removeprefix("\ufeff")  # a byte order mark, as Windows editors write
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise _rejected(name, name, "is not a .json, .yaml or .yml file")
    try:
        data = _load_json(text, name) if suffix == ".json" else _load_yaml(text, name)
    except RecursionError:
        raise _rejected(name, name, "is nested too deeply to be an incident file") from None
    _check_values(data, name)
    return data


# A value met on the walk: the value, its depth, how its parent names it (a key, a list index,
# or None for a key itself, which stands at its mapping's path) and the parent's step. The
# path is spelled out only for a value refused, not for every value of a large file.
_Step = tuple[object, int, str | int | None, "_Step | None"]


def _check_values(data: object, name: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH and text that is not text, naming the first."""
    # Nearly every file passes: a quick walk says so, and only a refused file is walked
    # again, step by step, to name the first value at fault.
    if _clear(data, 0):
        return
    _refuse_first(data, name)


def _clear(value: object, depth: int) -> bool:
    """Whether nothing in ``value`` (at ``depth``) nests too deep or holds a lone surrogate.

    Recursive, but never deeper than MAX_DEPTH: a container at that depth is refused
    before its items are looked at."""
    if isinstance(value, str):
        return value.isascii() or not LONE_SURROGATE.search(value)
    if isinstance(value, dict):
        if depth >= MAX_DEPTH:
            return False
        items: Iterable[object] = value.values()
        for key in value:
            if isinstance(key, str) and not key.isascii() and LONE_SURROGATE.search(key):
                return False
    elif isinstance(value, list):
        if depth >= MAX_DEPTH:
            return False
        items = value
    else:
        return True
    for item in items:
        # Text, the most common item, is checked here rather than in a call of its own.
        if isinstance(item, str):
            if not item.isascii() and LONE_SURROGATE.search(item):
                return False
        elif isinstance(item, dict | list) and not _clear(item, depth + 1):
            return False
    return True


def _refuse_first(data: object, name: str) -> None:
    """Raise for the first value, in the order of the file, that ``_clear`` finds at fault."""
    pending: list[_Step] = [(data, 0, None, None)]
    while pending:
        step = pending.pop()
        value, depth = step[0], step[1]
        if isinstance(value, str):
            # ASCII text holds no surrogate: only the rest is searched.
            if not value.isascii() and LONE_SURROGATE.search(value):
                raise _refused(name, _path(step) or "(the file)", value, LONE_SURROGATE_REASON)
            continue
        if isinstance(value, dict | list) and depth >= MAX_DEPTH:
            raise _refused(name, _path(step), None, f"nests deeper than {MAX_DEPTH} levels")
        if isinstance(value, dict):
            # The key is checked before its value.
            for key, item in reversed(value.items()):
                pending.append((item, depth + 1, str(key), step))
                pending.append((key, depth + 1, None, step))
        elif isinstance(value, list):
            pending.extend(
                (item, depth + 1, index, step) for index, item in reversed(list(enumerate(value)))
            )


def _path(step: _Step) -> str:
    """The path of the value ``step`` reached, as error messages spell it (``a.b[2].c``)."""
    parts: list[str] = []
    current: _Step | None = step
    while current is not None:
        label = current[2]
        if isinstance(label, int):
            parts.append(f"[{label}]")
        elif isinstance(label, str):
            parts.append(f".{label}")
        current = current[3]
    return "".join(reversed(parts)).removeprefix(".")


def _refused(name: str, path: str, value: object, reason: str) -> ImportRejected:
    return ImportRejected(name, [InvalidInput("file", path, value, reason, name)])
