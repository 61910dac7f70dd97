"""How an alert reaches a webhook target: the signature and the HTTP POST.

The signature is HMAC-SHA256 with the target's shared secret over ``<timestamp>.<body>``
(the Unix time in seconds, a full stop, the exact bytes of the JSON body), sent as
``X-Cdt-Signature: sha256=<hex>`` beside ``X-Cdt-Timestamp: <timestamp>``. A receiver
recomputes it over the body it received, compares in constant time, and refuses a
timestamp too far from its own clock, so a captured request cannot be replayed later.

The transport never follows a redirect (a 3xx is the answer, and the alert is not sent on
to an address nobody configured) and ignores the environment's proxy settings (a target is
reached at the address on the allow-list, not through a relay).
"""

from __future__ import annotations

import hashlib
import hmac
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Protocol

__all__ = [
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "UrllibTransport",
    "WebhookTransport",
    "signature",
    "signed_headers",
]

SIGNATURE_HEADER = "X-Cdt-Signature"
TIMESTAMP_HEADER = "X-Cdt-Timestamp"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """``sha256=<hex>``: HMAC-SHA256 with ``secret`` over ``<timestamp>.<body>``."""
    message = str(timestamp).encode("ascii") + b"." + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def signed_headers(secret: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": "cdtoolbox-webhook",
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature(secret, timestamp, body),
    }


class WebhookTransport(Protocol):
    def post(self, url: str, body: bytes, headers: Mapping[str, str], timeout: float) -> int:
        """POST ``body`` and return the HTTP status; OSError (a timeout included) when no
        answer came."""
        ...


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # the 3xx is raised as the answer


class UrllibTransport:
    def __init__(self) -> None:
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())

    def post(self, url: str, body: bytes, headers: Mapping[str, str], timeout: float) -> int:
        request = urllib.request.Request(url, data=body, headers=dict(headers), method="POST")
        try:
            with self._opener.open(request, timeout=timeout) as response:
                status: int = response.status
                return status
        except urllib.error.HTTPError as error:
            return error.code
        except urllib.error.URLError as error:
            reason = error.reason
            raise reason if isinstance(reason, OSError) else OSError(str(reason)) from error
