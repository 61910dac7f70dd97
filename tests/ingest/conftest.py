"""The resolver every reader here is given."""

from __future__ import annotations

import pytest

from resolver_support import FakeResolver


@pytest.fixture(scope="session")
def resolver() -> FakeResolver:
    return FakeResolver()
