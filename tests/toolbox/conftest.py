"""A Toolbox over a migrated, empty store on each backend, with a cheap password hash."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.ports import FixedClock, SequentialIds
from cdtoolbox.toolbox import Settings, Toolbox
from toolbox_support import CHEAP_PASSWORDS


@pytest.fixture
def toolbox(migrated_url: str, knowledge: KnowledgeBase) -> Iterator[Toolbox]:
    with Toolbox(
        Settings(migrated_url),
        knowledge=knowledge,
        clock=FixedClock(datetime(2026, 11, 25, 9, 0, tzinfo=UTC)),
        ids=SequentialIds(),
        passwords=CHEAP_PASSWORDS,
    ) as box:
        yield box
