"""One knowledge base for the whole session: loading the galaxies takes a second or two."""

from __future__ import annotations

import pytest

from cdtoolbox.knowledge import KnowledgeBase, load_knowledge


@pytest.fixture(scope="session")
def knowledge() -> KnowledgeBase:
    return load_knowledge()
