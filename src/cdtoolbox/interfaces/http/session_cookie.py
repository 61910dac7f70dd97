"""The session cookie's value: a small JSON document, signed with HMAC-SHA256.

    <base64url(json)>.<base64url(hmac)>

The value is signed, not encrypted: it holds the secret of the server's sign-in session,
the CSRF token and the issue time — what the browser needs to present, nothing about the
account — and it cannot be forged or altered without the installation's secret key. The
issue time is inside the signed part, so an old cookie is refused by the server whatever its
``Max-Age`` told the browser.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Mapping

__all__ = ["sign_session", "unsign_session"]

# Each purpose signs with its own key derived from the installation secret, so that a value
# signed for something else (should the key ever sign anything else) is never a session.
_PURPOSE = b"cdtoolbox session cookie v1"
_MAX_COOKIE_LENGTH = 3000  # well under the 4096 bytes browsers keep


def sign_session(payload: Mapping[str, object], secret_key: bytes) -> str:
    body = _encode(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("utf-8"))
    return f"{body}.{_encode(_signature(body, secret_key))}"


def unsign_session(value: str, secret_key: bytes) -> dict[str, object] | None:
    """The payload, or None when the value is malformed or its signature is wrong."""
    if len(value) > _MAX_COOKIE_LENGTH or value.count(".") != 1:
        return None
    body, signature = value.split(".")
    try:
        given = _decode(signature)
        if not hmac.compare_digest(given, _signature(body, secret_key)):
            return None
        payload = json.loads(_decode(body))
    except (binascii.Error, ValueError):
        return None
    return payload if isinstance(payload, dict) else None


def _signature(body: str, secret_key: bytes) -> bytes:
    key = hmac.new(secret_key, _PURPOSE, hashlib.sha256).digest()
    return hmac.new(key, body.encode("ascii"), hashlib.sha256).digest()


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
