"""Parsing YAML and JSON text strictly enough that mistakes in a file are reported, not guessed.

Two deliberate departures from ``yaml.safe_load`` and ``json.loads``:

- a key written twice in one mapping is an error (both loaders silently keep the last one);
- in YAML only ``true``/``false`` are booleans: YAML 1.1 also reads ``no``, ``yes``, ``on`` and
  ``off`` as booleans, which turns Norway's country code ``NO`` into ``False``.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePath
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode

from cdtoolbox.errors import ImportRejected, InvalidInput

__all__ = ["SUFFIXES", "load_structured_text"]

SUFFIXES = (".json", ".yaml", ".yml")

_BOOL_TAG = "tag:yaml.org,2002:bool"


class _StrictYamlLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans and duplicate keys refused."""

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
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(f"the key {key!r} appears twice")
        result[key] = value
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
        return _load_json(text, name) if suffix == ".json" else _load_yaml(text, name)
    except RecursionError:
        raise _rejected(name, name, "is nested too deeply to be an incident file") from None
