"""Finding the MISP events in a file or a directory, in every form MISP and PyMISP write them.

- one event, wrapped (``{"Event": {...}}``, as MISP exports and feeds write) or bare (as
  ``MISPEvent.to_json()`` writes);
- a list of events, or a REST search result ``{"response": [...]}``, each wrapped or bare;
- a directory: every ``*.json`` file in it except a feed's ``manifest.json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from cdtoolbox.errors import InvalidInput
from cdtoolbox.formats.misp.vocabulary import FEED_MANIFEST

__all__ = ["RawEvent", "events_in", "load_misp_file", "misp_files"]

_ENTITY = "MISP file"
_NOT_AN_EVENT = "is not a MISP event (a JSON object with `info`), nor a list of them"


@dataclass(frozen=True, slots=True)
class RawEvent:
    """One event as found: the file it is in and its JSON path there (e.g. ``response[2].Event``;
    "" for a bare event that is the whole file)."""

    location: str
    path: str
    data: Mapping[str, Any]


def misp_files(path: Path) -> list[Path]:
    """The event files of ``path``: itself, or the ``*.json`` files of a directory by name."""
    if path.is_dir():
        files = sorted(p for p in path.glob("*.json") if p.name != FEED_MANIFEST and p.is_file())
        if not files:
            raise InvalidInput(_ENTITY, "directory", str(path), "holds no MISP event file (*.json)")
        return files
    if not path.is_file():
        raise InvalidInput(_ENTITY, "path", str(path), "is neither a file nor a directory")
    return [path]


def load_misp_file(path: Path, location: str) -> tuple[object, list[InvalidInput]]:
    """The parsed JSON of one file, or the reason it cannot be read."""
    try:
        return orjson.loads(path.read_bytes()), []
    except OSError as error:
        reason = f"cannot be read ({error.strerror or error})"
        return None, [InvalidInput(_ENTITY, "(the file)", None, reason, location)]
    except orjson.JSONDecodeError as error:
        reason = f"is not valid JSON ({error.args[0] if error.args else error})"
        return None, [InvalidInput(_ENTITY, "(the file)", None, reason, location)]


def events_in(document: object, location: str) -> tuple[list[RawEvent], list[InvalidInput]]:
    """Every event of one parsed file, and an error for each item that is not an event."""
    events: list[RawEvent] = []
    errors: list[InvalidInput] = []
    if isinstance(document, Mapping) and "response" in document and "info" not in document:
        items = document["response"]
        if not isinstance(items, list):
            errors.append(
                InvalidInput(_ENTITY, "response", None, "must be a list of events", location)
            )
            return events, errors
        pairs = [(f"response[{index}]", item) for index, item in enumerate(items)]
    elif isinstance(document, list):
        pairs = [(f"[{index}]", item) for index, item in enumerate(document)]
    else:
        pairs = [("", document)]
    for path, item in pairs:
        wrapped = item.get("Event") if isinstance(item, Mapping) else None
        if isinstance(wrapped, Mapping):
            events.append(RawEvent(location, _join(path, "Event"), wrapped))
        elif isinstance(item, Mapping) and "Event" not in item:
            events.append(RawEvent(location, path, item))
        else:
            field = _join(path, "Event") if isinstance(item, Mapping) else path or "(the file)"
            errors.append(InvalidInput(_ENTITY, field, None, _NOT_AN_EVENT, location))
    return events, errors


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
