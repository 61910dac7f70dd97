"""A NUL character (U+0000) in an id or a search is bad input on both backends, never a
server error: PostgreSQL can neither store nor look up text holding one."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.model.query import IncidentFilter
from cdtoolbox.toolbox import Toolbox

HOSTILE = "a\x00b"

LOOKUPS: dict[str, Callable[[Toolbox], object]] = {
    "actor": lambda box: box.actors.get(HOSTILE, by=SYSTEM_USER),
    "capacity project": lambda box: box.capacity.get(HOSTILE, by=SYSTEM_USER),
    "case": lambda box: box.cases.get(HOSTILE, by=SYSTEM_USER),
    "dialogue": lambda box: box.dialogues.get(HOSTILE, by=SYSTEM_USER),
    "incident": lambda box: box.incidents.get(HOSTILE, by=SYSTEM_USER),
    "point of contact": lambda box: box.pocs.get(HOSTILE, by=SYSTEM_USER),
    "listing": lambda box: box.sanctions.get(HOSTILE, by=SYSTEM_USER),
    "key": lambda box: box.signatures.get(HOSTILE, by=SYSTEM_USER),
    "user": lambda box: box.users.get(HOSTILE),
    "incident search": lambda box: box.incidents.list(IncidentFilter(text=HOSTILE), by=SYSTEM_USER),
}


@pytest.mark.parametrize("lookup", LOOKUPS.values(), ids=LOOKUPS.keys())
def test_a_nul_character_is_not_found_or_refused_as_input(
    toolbox: Toolbox, lookup: Callable[[Toolbox], object]
) -> None:
    try:
        lookup(toolbox)
    except NotFound:
        return  # SQLite can look it up, and holds no such record
    except InvalidInput as error:
        # The service's own check names its field; the store's names the text and why.
        assert error.field in ("fingerprint", "text"), error
        assert error.reason
