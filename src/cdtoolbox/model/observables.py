"""Observables: the technical values (addresses, domains, URLs, hashes, certificate
fingerprints, e-mail addresses) by which incidents are correlated.

Each value is brought to one canonical text, so that the same indicator written two ways
(``EXAMPLE.org.`` and ``example.org``, ``2001:DB8::0:1`` and ``2001:db8::1``) is stored once and
found by an exact index lookup; correlation is then "same (kind, value)", never a pairwise
table. A value that is not what its kind says is refused with the field and the reason.
"""

from __future__ import annotations

import ipaddress
import re
import string
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from urllib.parse import urlsplit, urlunsplit

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model.vocabulary import Tlp

__all__ = [
    "LinkedIncident",
    "Observable",
    "ObservableKind",
    "ObservableRecord",
    "ObservedLink",
    "SharedObservable",
    "normalise",
    "observable",
    "read_any",
]


class ObservableKind(StrEnum):
    IPV4 = "ipv4"
    IPV6 = "ipv6"
    DOMAIN = "domain"
    URL = "url"
    MD5 = "md5"
    SHA1 = "sha1"
    SHA256 = "sha256"
    SHA512 = "sha512"
    CERTIFICATE = "certificate"
    EMAIL = "email"


@dataclass(frozen=True, slots=True)
class Observable:
    """One normalised value of one kind: build it with :func:`observable`."""

    kind: ObservableKind
    value: str


@dataclass(frozen=True, slots=True)
class ObservableRecord:
    """An observable as recorded on one incident: where it came from, when it was seen, at
    which TLP, and how many STIX sightings the imports reported for it."""

    incident_id: str
    observable: Observable
    source: str
    tlp: Tlp
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    sightings: int = 0


@dataclass(frozen=True, slots=True)
class ObservedLink:
    """An observable an imported object ties to an incident, named by the incident's STIX id
    (the store resolves it to the incident it imported or holds)."""

    incident_ref: str
    observable: Observable
    tlp: Tlp
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    sightings: int = 0


@dataclass(frozen=True, slots=True)
class SharedObservable:
    """An incident that carries an observable, as a lookup answers it."""

    incident_id: str
    incident_title: str
    observable: Observable
    source: str
    sightings: int


@dataclass(frozen=True, slots=True)
class LinkedIncident:
    """Another incident sharing at least one observable with the one asked about."""

    incident_id: str
    title: str
    shared: tuple[Observable, ...]


_HEX_LENGTHS = {
    ObservableKind.MD5: 32,
    ObservableKind.SHA1: 40,
    ObservableKind.SHA256: 64,
    ObservableKind.SHA512: 128,
}
_HEX = frozenset(string.hexdigits)
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
# Only the schemes an indicator URL is met with; a ``javascript:`` or ``data:`` value is no
# network location to correlate on.
_URL_SCHEMES = frozenset({"http", "https", "ftp", "ftps", "ws", "wss"})
_DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21, "ftps": 990, "ws": 80, "wss": 443}
_UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
# The local part of an address: RFC 5322's dot-atom, which is what mail systems accept.
_LOCAL_PART = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")


def observable(kind: ObservableKind | str, value: str) -> Observable:
    """The normalised observable; InvalidInput naming ``kind`` or ``value`` when it is not one."""
    try:
        known = ObservableKind(kind)
    except ValueError:
        choices = ", ".join(item.value for item in ObservableKind)
        raise InvalidInput("observable", "kind", kind, f"is not one of {choices}") from None
    return Observable(known, normalise(known, value))


def normalise(kind: ObservableKind, value: str) -> str:
    """``value`` in its canonical form for ``kind``; InvalidInput(field ``value``) otherwise."""
    text = value.strip()
    if not text:
        raise InvalidInput("observable", "value", value, "is empty")
    if kind is ObservableKind.IPV4 or kind is ObservableKind.IPV6:
        return _ip(kind, text)
    if kind is ObservableKind.DOMAIN:
        return _domain(text)
    if kind is ObservableKind.URL:
        return _url(text)
    if kind is ObservableKind.EMAIL:
        return _email(text)
    if kind is ObservableKind.CERTIFICATE:
        return _fingerprint(text)
    return _hex(kind, text, _HEX_LENGTHS[kind])


def read_any(value: str) -> Observable:
    """The observable a bare value is, guessed from its form (for a lookup by value only):
    an address, a URL, an e-mail address, a hash by its length, else a domain."""
    text = value.strip()
    for kind in (ObservableKind.IPV4, ObservableKind.IPV6):
        try:
            return Observable(kind, _ip(kind, text))
        except InvalidInput:
            pass
    if "://" in text:
        return Observable(ObservableKind.URL, _url(text))
    if "@" in text:
        return Observable(ObservableKind.EMAIL, _email(text))
    if text and all(char in _HEX for char in text):
        by_length = {length: kind for kind, length in _HEX_LENGTHS.items()}
        if len(text) in by_length:
            return Observable(by_length[len(text)], text.lower())
    if ":" in text and len(text.replace(":", "")) in (40, 64):
        return Observable(ObservableKind.CERTIFICATE, _fingerprint(text))
    try:
        return Observable(ObservableKind.DOMAIN, _domain(text))
    except InvalidInput:
        raise InvalidInput(
            "observable",
            "value",
            value,
            "is not an IP address, URL, e-mail address, hash, fingerprint or domain",
        ) from None


def _ip(kind: ObservableKind, text: str) -> str:
    try:
        # ``ip_address`` refuses leading zeros ("010.0.0.1"), which some tools read as octal.
        address = ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        raise InvalidInput("observable", "value", text, f"is not an {kind.name} address") from None
    wanted = 4 if kind is ObservableKind.IPV4 else 6
    if address.version != wanted:
        raise InvalidInput("observable", "value", text, f"is an IPv{address.version} address")
    if isinstance(address, ipaddress.IPv6Address) and address.scope_id:
        raise InvalidInput("observable", "value", text, "carries a zone index")
    return address.compressed


def _domain(text: str) -> str:
    name = text.rstrip(".").lower()
    try:
        # IDNA: an internationalised name and its xn-- form are the same domain.
        ascii_name = name.encode("idna").decode("ascii")
    except UnicodeError:
        raise InvalidInput("observable", "value", text, "is not a valid domain name") from None
    labels = ascii_name.split(".")
    if len(labels) < 2:
        raise InvalidInput("observable", "value", text, "is not a domain name (no dot)")
    if len(ascii_name) > 253:
        raise InvalidInput("observable", "value", text, "is longer than 253 characters")
    for label in labels:
        if not _LABEL.match(label):
            raise InvalidInput("observable", "value", text, f"has an invalid label {label!r}")
    if labels[-1].isdigit():
        raise InvalidInput("observable", "value", text, "ends in a numeric label")
    return ascii_name


def _host(text: str) -> str:
    try:
        address = ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return _domain(text)
    return f"[{address.compressed}]" if address.version == 6 else address.compressed


def _url(text: str) -> str:
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise InvalidInput("observable", "value", text, f"is not a valid URL ({error})") from None
    scheme = parts.scheme.lower()
    if scheme not in _URL_SCHEMES:
        raise InvalidInput(
            "observable",
            "value",
            text,
            f"has no supported scheme ({', '.join(sorted(_URL_SCHEMES))})",
        )
    if not parts.hostname:
        raise InvalidInput("observable", "value", text, "has no host")
    try:
        host = _host(parts.hostname)
    except InvalidInput:
        raise InvalidInput("observable", "value", text, "has an invalid host") from None
    netloc = host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{host}:{port}"
    if parts.username is not None:
        userinfo = parts.username + (f":{parts.password}" if parts.password is not None else "")
        netloc = f"{userinfo}@{netloc}"
    # The fragment never reaches the server, so it is no part of the indicator.
    path = _escapes(parts.path) or "/"
    return urlunsplit((scheme, netloc, path, _escapes(parts.query), ""))


def _escapes(text: str) -> str:
    """RFC 3986 6.2.2: escapes in upper case, and unreserved characters unescaped."""

    def one(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else f"%{match.group(1).upper()}"

    return _ESCAPE.sub(one, text)


def _email(text: str) -> str:
    local, at, domain = text.rpartition("@")
    if not at or not local or not _LOCAL_PART.match(local) or len(local) > 64:
        raise InvalidInput("observable", "value", text, "is not an e-mail address")
    try:
        host = _domain(domain)
    except InvalidInput:
        raise InvalidInput("observable", "value", text, "has an invalid domain") from None
    # RFC 5321 leaves the local part's case to the receiving system, and the systems met in
    # practice ignore it; comparing it folded finds the same mailbox written two ways.
    return f"{local.lower()}@{host}"


def _hex(kind: ObservableKind, text: str, length: int) -> str:
    if len(text) != length or not all(char in _HEX for char in text):
        raise InvalidInput(
            "observable", "value", text, f"is not a {kind.name} hash ({length} hex digits)"
        )
    return text.lower()


def _fingerprint(text: str) -> str:
    digits = re.sub(r"[:\s]", "", text)
    if len(digits) not in (40, 64) or not all(char in _HEX for char in digits):
        raise InvalidInput(
            "observable",
            "value",
            text,
            "is not a certificate fingerprint (SHA-1 or SHA-256, 40 or 64 hex digits)",
        )
    return digits.lower()
