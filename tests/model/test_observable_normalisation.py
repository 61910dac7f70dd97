"""Observables are normalised to one canonical text per kind, and invalid ones refused."""

from __future__ import annotations

import pytest

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model.observables import ObservableKind, observable, read_any

K = ObservableKind

CANONICAL = [
    (K.IPV4, " 198.51.100.7 ", "198.51.100.7"),
    (K.IPV6, "2001:DB8:0:0::0:1", "2001:db8::1"),
    (K.IPV6, "[2001:db8::1]", "2001:db8::1"),
    (K.DOMAIN, "WWW.Example.ORG.", "www.example.org"),
    (K.DOMAIN, "bücher.example", "xn--bcher-kva.example"),
    (K.URL, "HTTP://Example.COM:80/a%7eb?q=%2f#frag", "http://example.com/a~b?q=%2F"),
    (K.URL, "https://example.com", "https://example.com/"),
    (K.URL, "https://example.com:8443/x", "https://example.com:8443/x"),
    (K.URL, "http://[2001:DB8::1]/", "http://[2001:db8::1]/"),
    (K.URL, "http://bücher.example/p", "http://xn--bcher-kva.example/p"),
    (K.MD5, "D41D8CD98F00B204E9800998ECF8427E", "d41d8cd98f00b204e9800998ecf8427e"),
    (K.SHA1, "a" * 40, "a" * 40),
    (K.SHA256, "B" * 64, "b" * 64),
    (K.SHA512, "c" * 128, "c" * 128),
    (K.CERTIFICATE, ":".join(["AB"] * 32), "ab" * 32),
    (K.EMAIL, "Phish@Example.ORG", "phish@example.org"),
]


@pytest.mark.parametrize(("kind", "given", "expected"), CANONICAL)
def test_each_kind_has_one_canonical_form(kind: ObservableKind, given: str, expected: str) -> None:
    assert observable(kind, given).value == expected
    assert read_any(given).value == expected


INVALID = [
    (K.IPV4, "256.1.1.1"),
    (K.IPV4, "010.0.0.1"),
    (K.IPV4, "2001:db8::1"),
    (K.IPV6, "198.51.100.7"),
    (K.IPV4, "10.0.0.0/8"),
    (K.DOMAIN, "localhost"),
    (K.DOMAIN, "-bad-.example"),
    (K.DOMAIN, "a..example"),
    (K.DOMAIN, "example.123"),
    (K.URL, "javascript:alert(1)"),
    (K.URL, "http:///path"),
    (K.URL, "http://exa mple.com/"),
    (K.MD5, "xyz"),
    (K.SHA256, "a" * 63),
    (K.CERTIFICATE, "ab" * 10),
    (K.EMAIL, "no-at-sign.example"),
    (K.EMAIL, "a@b"),
    (K.DOMAIN, "   "),
]


@pytest.mark.parametrize(("kind", "given"), INVALID)
def test_an_invalid_value_is_refused_naming_the_field_and_reason(
    kind: ObservableKind, given: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        observable(kind, given)
    assert refused.value.field == "value" and refused.value.reason


def test_an_unknown_kind_is_refused_naming_the_kind() -> None:
    with pytest.raises(InvalidInput) as refused:
        observable("asn", "AS64496")
    assert refused.value.field == "kind"


def test_a_bare_value_is_read_as_the_kind_its_form_says() -> None:
    assert read_any("198.51.100.7").kind is K.IPV4
    assert read_any("2001:db8::1").kind is K.IPV6
    assert read_any("d41d8cd98f00b204e9800998ecf8427e").kind is K.MD5
    assert read_any("e" * 64).kind is K.SHA256
    assert read_any("x@example.org").kind is K.EMAIL
    assert read_any("https://example.org/").kind is K.URL
    assert read_any("example.org").kind is K.DOMAIN
    with pytest.raises(InvalidInput):
        read_any("not a value")
