"""Security headers and cookie flags on what the application serves."""

from __future__ import annotations

import pytest

from cdtoolbox.interfaces.http.security_headers import SECURITY_HEADERS
from web_support import TestClient


@pytest.mark.parametrize(
    "path", ["/", "/incidents", "/login", "/api/v1/incidents", "/nowhere", "/taxii2/"]
)
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    for name, value in SECURITY_HEADERS:
        assert response.headers[name.decode()] == value.decode(), (path, name)
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
