"""MISP attributes that are observables (addresses, domains, hashes…) as STIX 2.1 Cyber-observable
Objects, so the store keeps them as received with the partner objects of STIX imports.

Our incident record holds no indicators; a STIX observable is the form the store already
keeps, TLP-marks and shares again in STIX exports. Each observable gets the deterministic id
STIX 2.1 section 2.9 defines (UUIDv5 of its id-contributing properties in the STIX namespace),
so the same address met in two events is one object.
"""

from __future__ import annotations

import ipaddress
import json
import re
import uuid
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from cdtoolbox.ingest.fields import FieldError

__all__ = ["OBSERVABLE_TYPES", "observables_of"]

# STIX 2.1 section 2.9: the namespace of deterministic Cyber-observable ids.
_SCO_NAMESPACE: Final = uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7")

_HASHES: Final = MappingProxyType(
    {
        "md5": ("MD5", 32),
        "sha1": ("SHA-1", 40),
        "sha256": ("SHA-256", 64),
        "sha512": ("SHA-512", 128),
    }
)

# The MISP attribute types we keep, and what each |-separated part of the value is.
OBSERVABLE_TYPES: Final = MappingProxyType(
    {
        "ip-src": ("ip",),
        "ip-dst": ("ip",),
        "ip-src|port": ("ip", "port"),
        "ip-dst|port": ("ip", "port"),
        "domain": ("domain",),
        "hostname": ("domain",),
        "domain|ip": ("domain", "ip"),
        "hostname|port": ("domain", "port"),
        "url": ("url",),
        "email": ("email",),
        "email-src": ("email",),
        "email-dst": ("email",),
        "md5": ("md5",),
        "sha1": ("sha1",),
        "sha256": ("sha256",),
        "sha512": ("sha512",),
        "filename": ("filename",),
        "filename|md5": ("filename", "md5"),
        "filename|sha1": ("filename", "sha1"),
        "filename|sha256": ("filename", "sha256"),
        "filename|sha512": ("filename", "sha512"),
        "mutex": ("mutex",),
        "AS": ("as",),
        "mac-address": ("mac",),
        "regkey": ("regkey",),
    }
)

_HEX = re.compile(r"^[0-9a-fA-F]+$", re.ASCII)
_MAC = re.compile(r"^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$", re.ASCII)
_AS_NUMBER = re.compile(r"^(?:AS)?([0-9]{1,10})$", re.ASCII | re.IGNORECASE)


def observables_of(misp_type: str, value: object) -> list[dict[str, Any]]:
    """The STIX observables an attribute's value names (without markings).

    Raises :class:`FieldError` when the value is not what its type says.
    """
    kinds = OBSERVABLE_TYPES[misp_type]
    text = _text(value)
    parts = text.split("|") if len(kinds) > 1 else [text]
    if len(parts) != len(kinds):
        raise FieldError(f"must have {len(kinds)} parts separated by `|` (type {misp_type})")
    found: list[dict[str, Any]] = []
    file: dict[str, Any] = {}
    for kind, part in zip(kinds, parts, strict=True):
        part = part.strip()
        if not part:
            raise FieldError(f"has an empty part (type {misp_type})")
        if kind in _HASHES:
            algorithm, length = _HASHES[kind]
            if len(part) != length or not _HEX.match(part):
                raise FieldError(f"is not an {algorithm} hash ({length} hexadecimal digits)")
            file.setdefault("hashes", {})[algorithm] = part.lower()
        elif kind == "filename":
            file["name"] = part
        elif kind == "port":
            if not part.isdigit() or int(part) > 65535:
                raise FieldError("does not end in a port number (0 to 65535)")
        else:
            found.append(_single(kind, part))
    if file:
        found.insert(0, _sco("file", file))
    return found


def _single(kind: str, part: str) -> dict[str, Any]:
    if kind == "ip":
        try:
            address = ipaddress.ip_address(part)
        except ValueError:
            raise FieldError("is not an IPv4 or IPv6 address") from None
        sco_type = "ipv4-addr" if address.version == 4 else "ipv6-addr"
        return _sco(sco_type, {"value": str(address)})
    if kind in _WORDS and any(c.isspace() for c in part):
        raise FieldError(f"is not {_WORDS[kind]} (it contains white space)")
    if kind == "domain":
        if "/" in part or "@" in part:
            raise FieldError("is not a domain name")
        return _sco("domain-name", {"value": part})
    if kind == "url":
        if "://" not in part:
            raise FieldError("is not a URL (scheme://…)")
        return _sco("url", {"value": part})
    if kind == "email":
        if part.count("@") != 1:
            raise FieldError("is not an e-mail address")
        return _sco("email-addr", {"value": part})
    if kind == "mutex":
        return _sco("mutex", {"name": part})
    if kind == "regkey":
        return _sco("windows-registry-key", {"key": part})
    if kind == "mac":
        mac = part.lower()
        if not _MAC.match(mac):
            raise FieldError("is not a MAC address (six pairs of hexadecimal digits)")
        return _sco("mac-addr", {"value": mac.replace("-", ":")})
    match = _AS_NUMBER.match(part)
    if match is None or int(match.group(1)) > 2**32 - 1:
        raise FieldError("is not an autonomous system number (AS64496 or 64496)")
    return _sco("autonomous-system", {"number": int(match.group(1))})


_WORDS: Final = {"domain": "a domain name", "url": "a URL", "email": "an e-mail address"}


def _sco(sco_type: str, properties: Mapping[str, Any]) -> dict[str, Any]:
    # Every property we write is id-contributing for its type (section 6), so the id is the
    # UUIDv5 of all of them, in the JSON canonical form (RFC 8785: sorted keys, no spaces).
    canonical = json.dumps(properties, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    identifier = uuid.uuid5(_SCO_NAMESPACE, canonical)
    return {
        "type": sco_type,
        "spec_version": "2.1",
        "id": f"{sco_type}--{identifier}",
        **properties,
    }


def _text(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise FieldError("must be text")
    text = str(value).strip()
    if not text:
        raise FieldError("must not be empty")
    return text
