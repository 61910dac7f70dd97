"""Running `cdt` in-process against a test database."""

from __future__ import annotations

import pytest

from cdtoolbox.knowledge import KnowledgeBase
from tests_support import Cli


@pytest.fixture
def cli(knowledge: KnowledgeBase) -> Cli:
    return Cli(knowledge)
