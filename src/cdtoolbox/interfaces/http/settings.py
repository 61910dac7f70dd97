"""What the web server accepts from a client before it knows who the client is: how large a
request body may be, how long it may take to arrive, and which reverse proxies may say where
a request came from. Read from the environment once, when the application is built.

Each setting is an environment variable (``CDT_MAX_BODY_BYTES``,
``CDT_TAXII_MAX_CONTENT_LENGTH``, ``CDT_BODY_TIMEOUT``, ``CDT_HEADER_TIMEOUT``,
``CDT_TRUSTED_PROXIES``, ``CDT_TAXII_SIGNING_KEY``), described with its default in the README's
configuration table.

The Import page takes files up to its own limit (``web.import_page.MAX_UPLOAD_BYTES``).
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from cdtoolbox.errors import InvalidInput

__all__ = [
    "BODY_TIMEOUT_SECONDS",
    "HEADER_TIMEOUT_SECONDS",
    "MAX_BODY_BYTES",
    "TAXII_MAX_CONTENT_LENGTH",
    "TAXII_SIGNING_KEY_VARIABLE",
    "HttpSettings",
    "ProxyNetwork",
]

MAX_BODY_BYTES: Final = 1024 * 1024
TAXII_MAX_CONTENT_LENGTH: Final = 100 * 1024 * 1024
TAXII_SIGNING_KEY_VARIABLE: Final = "CDT_TAXII_SIGNING_KEY"
BODY_TIMEOUT_SECONDS: Final = 120.0
HEADER_TIMEOUT_SECONDS: Final = 10.0

ProxyNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class HttpSettings:
    max_body_bytes: int = MAX_BODY_BYTES
    taxii_max_content_length: int = TAXII_MAX_CONTENT_LENGTH
    body_timeout_seconds: float = BODY_TIMEOUT_SECONDS
    header_timeout_seconds: float = HEADER_TIMEOUT_SECONDS
    trusted_proxies: tuple[ProxyNetwork, ...] = ()
    # A hybrid private key file (`cdt keys generate`): TAXII content responses are signed with
    # it; its passphrase comes from CDT_SIGNING_PASSPHRASE when the server starts.
    taxii_signing_key: Path | None = None

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> HttpSettings:
        env = os.environ if environ is None else environ
        return cls(
            max_body_bytes=_whole(env, "CDT_MAX_BODY_BYTES", MAX_BODY_BYTES),
            taxii_max_content_length=_whole(
                env, "CDT_TAXII_MAX_CONTENT_LENGTH", TAXII_MAX_CONTENT_LENGTH
            ),
            body_timeout_seconds=_positive(env, "CDT_BODY_TIMEOUT", BODY_TIMEOUT_SECONDS),
            header_timeout_seconds=_positive(env, "CDT_HEADER_TIMEOUT", HEADER_TIMEOUT_SECONDS),
            trusted_proxies=_networks(env.get("CDT_TRUSTED_PROXIES", "")),
            taxii_signing_key=Path(key) if (key := env.get(TAXII_SIGNING_KEY_VARIABLE)) else None,
        )


def _whole(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()) or int(text) == 0:
        raise InvalidInput("setting", name, text, "must be a whole number greater than zero")
    return int(text)


def _positive(env: Mapping[str, str], name: str, default: float) -> float:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0 or value == float("inf"):
        raise InvalidInput("setting", name, text, "must be a number greater than zero")
    return value


def _networks(text: str) -> tuple[ProxyNetwork, ...]:
    networks = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise InvalidInput(
                "setting", "CDT_TRUSTED_PROXIES", item, "is not an IP address or network"
            ) from None
    return tuple(networks)
