"""The one document form of an incident event and of a board row: stored, printed by
``--json``, validated by the API's wire schemas and written into the audit trail."""

from __future__ import annotations

from typing import Any

from cdtoolbox.model.dataclass_codec import Codec, Document
from cdtoolbox.model.situation import BoardRow, IncidentEvent, OpenCase

__all__ = ["EVENTS", "ROWS", "event_from_dict", "event_to_dict", "row_to_dict"]

EVENTS = Codec(IncidentEvent)
# A stored event is read back from the fields; ``direction`` is written beside them for readers.
_EVENT_VIEW = Codec(IncidentEvent, keys=[*EVENTS.keys, "direction"])
ROWS = Codec(BoardRow, codecs=[Codec(OpenCase)])


def event_to_dict(event: IncidentEvent) -> Document:
    return _EVENT_VIEW.encode(event)


def event_from_dict(document: dict[str, Any]) -> IncidentEvent:
    return EVENTS.decode({key: value for key, value in document.items() if key != "direction"})


def row_to_dict(row: BoardRow) -> Document:
    return ROWS.encode(row)
