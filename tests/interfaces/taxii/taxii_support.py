"""Helpers shared by the TAXII server tests: accounts, credentials, the media type."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from cdtoolbox.toolbox.passwords import PasswordHasher

PASSWORD = "correct horse battery staple"
TAXII = "application/taxii+json;version=2.1"
# The production cost takes a quarter of a second per hash; the format and checks are the same.
CHEAP_PASSWORDS = PasswordHasher(log2_n=4, block_size=1, parallelism=1)


@dataclass(frozen=True)
class Accounts:
    """Three accounts and the bearer token of one: HTTP headers ready to send."""

    reader: dict[str, str]  # a viewer cleared for TLP:AMBER
    analyst: dict[str, str]  # an analyst cleared for TLP:AMBER (may add to the exchange)
    cleared: dict[str, str]  # an analyst cleared for TLP:RED
    analyst_token: str


def basic(username: str, password: str = PASSWORD) -> dict[str, str]:
    credentials = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {credentials}", "Accept": TAXII}
