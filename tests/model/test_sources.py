"""One rule for source addresses, whichever way a source comes in (incident documents, CSV,
STIX, MISP, the sanctions register): a web address, http or https, with a host."""

from __future__ import annotations

import pytest

from cdtoolbox.model.sources import is_web_url, names_an_address


@pytest.mark.parametrize(
    "text",
    ["https://example.org/a", "http://203.0.113.7:8080/x?y=1", "HTTPS://EXAMPLE.ORG"],
)
def test_web_addresses_are_sources(text: str) -> None:
    assert is_web_url(text) and names_an_address(text)


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "ftp://example.org/a",
        "https:no-host",
        "https://exa mple.org",
        "//example.org/a",
        "http://[::1",
    ],
)
def test_other_addresses_are_not(text: str) -> None:
    assert not is_web_url(text)


@pytest.mark.parametrize(
    "text", ["Council Decision (CFSP) 2019/797", "Note: see the annex", "OJ L 129I, 17.5.2019"]
)
def test_citations_are_not_addresses(text: str) -> None:
    assert not names_an_address(text)
