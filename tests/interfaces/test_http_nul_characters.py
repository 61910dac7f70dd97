"""A NUL character in a path or a query is a client error on both backends, never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/incidents/a%00b",
        "/api/v1/incidents?q=a%00b",
        "/api/v1/actors/a%00b",
        "/incidents/a%00b",
        "/incidents?q=a%00b",
    ],
)
def test_a_nul_character_is_answered_as_not_found_or_bad_input(
    client: TestClient, path: str
) -> None:
    answer = client.get(path)
    assert answer.status_code in (404, 422), (path, answer.status_code, answer.text[:300])
